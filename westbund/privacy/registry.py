"""Where every app declares the personal data it holds, for the export and for erasure.

PIPL (China) and the GDPR alike give a person the right to a copy of their data and to
its erasure. This app builds the one and does the other; the apps that hold the data
say what it is, from their ``AppConfig.ready`` (a module imported there):

- ``@export_section("name")``: ``function(user) -> JSON-safe data``, a section of the
  export's ``data.json``;
- ``@personal_files("name")``: ``function(user) -> iterable of PersonalFile``, stored
  files copied into the export and (``erase=True``) erased with the account;
- ``@eraser("name")``: ``function(user) -> dict``, what deleting the account does to the
  app's rows before the account goes (anonymise what others must keep, delete the
  rest); it returns non-personal facts for the privacy log (counts);
- ``@on_consent_withdrawn("name")``: ``function(user, kind)``, what an app does when a
  consent is withdrawn (in the same transaction).

Functions are called in registration order (``INSTALLED_APPS`` order); a name
registered twice replaces the earlier function (a module reloaded in a test).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

_SECTIONS: dict[str, Callable] = {}
_FILES: dict[str, Callable] = {}
_ERASERS: dict[str, Callable] = {}
_CONSENT_WITHDRAWN: dict[str, Callable] = {}


@dataclass(frozen=True)
class PersonalFile:
    """A stored file of a person: copied into their export, erased with their account.

    ``name`` is the file's name in the private storage (``westbund.privacy.files``);
    ``archive_name`` its path inside the export ZIP. ``erase=False`` for a file the
    person gave to something that is not theirs (a colleague's enterprise request): it
    is in their export, and stays when they go.
    """

    archive_name: str
    name: str
    erase: bool = True


def _registrar(registry: dict[str, Callable], name: str):
    def register(function):
        registry[name] = function
        return function

    return register


def export_section(name: str):
    """Register ``function(user) -> JSON-safe data`` as section ``name`` of the export."""
    return _registrar(_SECTIONS, name)


def personal_files(name: str):
    """Register ``function(user) -> iterable of PersonalFile`` as source ``name`` of the
    person's stored files."""
    return _registrar(_FILES, name)


def eraser(name: str):
    """Register ``function(user) -> dict`` as what account deletion does in ``name``."""
    return _registrar(_ERASERS, name)


def on_consent_withdrawn(name: str):
    """Register ``function(user, kind)``, called when ``user`` withdraws consent ``kind``."""
    return _registrar(_CONSENT_WITHDRAWN, name)


def sections() -> dict[str, Callable]:
    return dict(_SECTIONS)


def erasers() -> dict[str, Callable]:
    return dict(_ERASERS)


def consent_withdrawn_handlers() -> Iterable[Callable]:
    return list(_CONSENT_WITHDRAWN.values())


def registered_files(*, user) -> list[PersonalFile]:
    return [file for source in _FILES.values() for file in source(user)]


def iso(value) -> str | None:
    """A date or time as the export writes it (ISO 8601), ``None`` kept."""
    return value.isoformat() if value else None
