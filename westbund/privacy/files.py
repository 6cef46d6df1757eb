"""Personal files: the one storage, the one upload checker, the one download path.

- **Storage**: the ``"private"`` alias of ``settings.STORAGES`` (``PrivateStorage``,
  under ``PRIVATE_MEDIA_ROOT``, never served under a URL). A ``FileField`` names it
  with ``storage=private_storage`` (a callable: migrations store its path, not the
  storage, so changing the storage changes no migration).
- **Uploads**: ``check_upload(upload, RULE)`` decides by content (a PDF must open with
  pypdf, a PNG or JPEG must pass Pillow's verification), size and, with
  ``check_uploads``, count; each ``UploadRule`` keeps the messages its page has always
  shown. ``display_name`` makes an uploader's file name safe to keep and show.
- **Rollback**: a file stored inside ``files_removed_on_rollback()`` (with
  ``store_file``) is deleted again when the transaction around it does not commit.
- **Downloads**: ``private_file_response`` is the only way a private file leaves:
  the owner, or a reader the caller's scope admits, or an officer granted the area;
  staff only from a two-factor session; every reading by someone other than the owner
  is an ``AuditEvent``; ``no-store``, attachment, ``nosniff``.

Nothing here imports a domain app; the apps call it.
"""

import io
import logging
import os
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import wraps

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.db import transaction
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

MB = 1024 * 1024

# -- Storage ---------------------------------------------------------------------------------


class PrivateStorage(FileSystemStorage):
    """Files under ``settings.PRIVATE_MEDIA_ROOT``, with no public URL.

    The root is read when a file is touched, not when the storage is made, so that
    tests (and a settings change) move it. In production it is a shared volume, like
    ``MEDIA_ROOT``, so any web node reads what another stored.
    """

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError(
            "Private files have no public URL; link to the permission-checked download view."
        )


def private_storage():
    """The private storage (``STORAGES["private"]``), for ``FileField(storage=...)``."""
    return storages["private"]


def erase_files(names: Iterable[str]) -> None:
    """Delete stored private files by name (after the rows that named them are gone)."""
    storage = private_storage()
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except OSError:
            logger.exception("could not erase private file %s", name)


# -- Files stored in a transaction that rolls back ---------------------------------------------

_stored: ContextVar[list | None] = ContextVar("westbund_private_files_stored", default=None)


@contextmanager
def files_removed_on_rollback():
    """A ``transaction.atomic`` block whose stored files go if it does not commit.

    Files saved with ``store_file`` inside it are deleted again when the block raises
    (a failed check, a database error, a failed commit). Nested in another such block,
    the outer one decides: its rollback removes the inner block's files too.
    """
    outer = _stored.get()
    stored: list[str] = []
    token = _stored.set(stored)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        erase_files(stored)
        raise
    else:
        if outer is not None:
            outer.extend(stored)
    finally:
        _stored.reset(token)


def atomic_with_files(function):
    """Decorate an action as ``files_removed_on_rollback`` (it is ``atomic`` too)."""

    @wraps(function)
    def wrapper(*args, **kwargs):
        with files_removed_on_rollback():
            return function(*args, **kwargs)

    return wrapper


def store_file(field_file, name: str, content) -> str:
    """Save ``content`` into ``field_file`` (a private ``FileField`` of an unsaved row)
    and return the stored name; only inside ``files_removed_on_rollback``."""
    stored = _stored.get()
    if stored is None:
        raise RuntimeError("store private files inside files_removed_on_rollback()")
    field_file.save(name, content, save=False)
    stored.append(field_file.name)
    return field_file.name


# -- Uploads ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileType:
    name: str
    content_type: str
    extension: str
    magic: Callable[[bytes], bool]
    pillow_format: str = ""


PDF = FileType("pdf", "application/pdf", "pdf", lambda head: head.startswith(b"%PDF-"))
JPEG = FileType("jpeg", "image/jpeg", "jpg", lambda head: head.startswith(b"\xff\xd8\xff"), "JPEG")
PNG = FileType("png", "image/png", "png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"), "PNG")
GIF = FileType("gif", "image/gif", "gif", lambda head: head[:6] in {b"GIF87a", b"GIF89a"}, "GIF")
WEBP = FileType(
    "webp", "image/webp", "webp", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP", "WEBP"
)

# Why an upload was refused; each rule gives each reason its code and message.
EMPTY = "empty"
TOO_LARGE = "too_large"
WRONG_TYPE = "wrong_type"  # its first bytes are none of the rule's types
UNREADABLE = "unreadable"  # it starts as one of them and does not open as it
ENCRYPTED = "encrypted"
NO_PAGES = "no_pages"
TOO_MANY = "too_many"


@dataclass(frozen=True)
class UploadRule:
    """What one kind of upload may be, and what its page says when it is not.

    ``messages`` maps each refusal reason to ``(code, message)``; a message may use
    ``%(name)s`` (the uploader's file name), ``%(size)s`` (``size_param`` of the size,
    a "4.2 MB" by default), ``%(max)s`` and ``%(count)d`` (``max_count``).
    """

    types: tuple[FileType, ...]
    max_bytes: int
    messages: Mapping[str, tuple[str, str]]
    max_count: int = 1
    refuse_encrypted: bool = False
    size_param: Callable[[int], object] = field(default=filesizeformat)

    def refusal(self, reason: str, *, name: str = "", size: int = 0) -> ValidationError:
        code, message = self.messages[reason]
        return ValidationError(
            message,
            code=code,
            params={
                "name": name,
                "size": self.size_param(size),
                "max": filesizeformat(self.max_bytes),
                "count": self.max_count,
            },
        )


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    pages: int = 0


def _pdf_pages(data: bytes, rule: UploadRule, refuse) -> int:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and rule.refuse_encrypted:
            raise refuse(ENCRYPTED)
        pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception as error:
        # A hostile or broken file can make the parser fail in many ways; each of them
        # means the same thing to the person uploading it.
        logger.info("upload refused: %s: %s", type(error).__name__, error)
        raise refuse(UNREADABLE) from error
    if pages < 1:
        raise refuse(NO_PAGES)
    return pages


def _verify_image(data: bytes, file_type: FileType, refuse) -> None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            image.verify()
    except Exception as error:
        logger.info("upload refused: %s: %s", type(error).__name__, error)
        raise refuse(UNREADABLE) from error
    if image_format != file_type.pillow_format:
        raise refuse(UNREADABLE)


def check_size(upload, rule: UploadRule) -> None:
    """Refuse an empty or oversized upload (before anything reads it)."""
    name = getattr(upload, "name", "") or ""
    size = getattr(upload, "size", None) or 0
    if size == 0:
        raise rule.refusal(EMPTY, name=name, size=size)
    if size > rule.max_bytes:
        raise rule.refusal(TOO_LARGE, name=name, size=size)


def check_upload(upload, rule: UploadRule) -> CheckedFile:
    """Accept ``upload`` if it is one of ``rule.types`` by content, within the size;
    raise ``ValidationError`` with the rule's message for the person otherwise.

    The name and the browser's content type are ignored: a renamed executable has the
    wrong first bytes, and a file that merely starts like a PDF must also open as one.
    """
    check_size(upload, rule)
    name = getattr(upload, "name", "") or ""

    def refuse(reason):
        return rule.refusal(reason, name=name, size=upload.size)

    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        upload.seek(0)
        data = upload.read()
    finally:
        upload.seek(position or 0)
    file_type = next((t for t in rule.types if t.magic(data[:16])), None)
    if file_type is None:
        raise refuse(WRONG_TYPE)
    pages = 0
    if file_type is PDF:
        pages = _pdf_pages(data, rule, refuse)
    else:
        _verify_image(data, file_type, refuse)
    return CheckedFile(file_type.content_type, file_type.extension, pages)


def check_uploads(uploads: Iterable, rule: UploadRule) -> list[tuple[object, CheckedFile]]:
    """Check a set of uploads (empty entries dropped): the count first, then each file;
    every file's refusal is reported at once."""
    uploads = [upload for upload in uploads if upload]
    if len(uploads) > rule.max_count:
        raise rule.refusal(TOO_MANY)
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append((upload, check_upload(upload, rule)))
        except ValidationError as error:
            errors.append(error)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationError(errors)
    return checked


def display_name(name: str | None, *, default: str = "") -> str:
    """An uploader's file name made safe to keep and show (escaped): its last path part,
    printable characters only, within the 200-character columns."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in base if ch.isprintable())[:200] or default


CV = UploadRule(
    types=(PDF,),
    max_bytes=5 * MB,
    refuse_encrypted=True,
    messages={
        EMPTY: ("empty", _("The file is empty. Choose your CV as a PDF.")),
        TOO_LARGE: ("too_large", _("The file is %(size)s; a CV may be at most %(max)s.")),
        WRONG_TYPE: (
            "not_pdf",
            _("This file is not a PDF. Export your CV as a PDF and upload that file."),
        ),
        UNREADABLE: (
            "unreadable",
            _("This file could not be opened as a PDF. It may be damaged; export it again."),
        ),
        ENCRYPTED: (
            "encrypted",
            _("This PDF is password-protected. Upload a copy without a password."),
        ),
        NO_PAGES: ("no_pages", _("This PDF has no pages.")),
    },
)

_NOT_AN_ATTACHMENT = ("file_type", _("“%(name)s” is not a PDF, JPEG or PNG file we can open."))

ATTACHMENT = UploadRule(
    types=(PDF, JPEG, PNG),
    max_bytes=5 * MB,
    max_count=5,
    messages={
        EMPTY: ("empty_file", _("“%(name)s” is empty.")),
        TOO_LARGE: ("file_too_large", _("“%(name)s” is %(size)s; files may be at most %(max)s.")),
        WRONG_TYPE: _NOT_AN_ATTACHMENT,
        UNREADABLE: _NOT_AN_ATTACHMENT,
        ENCRYPTED: _NOT_AN_ATTACHMENT,
        NO_PAGES: _NOT_AN_ATTACHMENT,
        TOO_MANY: ("too_many_files", _("Attach at most %(count)d files at a time.")),
    },
)

_NOT_A_LOGO = ("logo_not_image", _("The logo must be an image file (PNG, JPEG, GIF or WebP)."))

# A public file (enterprise pages), checked the same way.
LOGO = UploadRule(
    types=(PNG, JPEG, GIF, WEBP),
    max_bytes=2 * MB,
    size_param=lambda size: size / MB,
    messages={
        EMPTY: _NOT_A_LOGO,
        TOO_LARGE: (
            "logo_too_large",
            _("The logo is %(size).1f MB; the limit is 2 MB. Upload a smaller image."),
        ),
        WRONG_TYPE: _NOT_A_LOGO,
        UNREADABLE: _NOT_A_LOGO,
    },
)


# -- Downloads -------------------------------------------------------------------------------


def private_file_response(
    request,
    *,
    file,
    owner_id: int | None,
    area,
    audit_action: str,
    target,
    filename: str,
    content_type: str,
    shared: bool = False,
    details: dict | None = None,
) -> FileResponse:
    """The one way a private file leaves the portal.

    ``file`` is the ``FieldFile``; ``owner_id`` the user whose file it is (their own
    reading is not audited). Anyone else needs ``shared`` (the caller's scope admits
    them: an enterprise member of the request or application) or to be an officer
    granted ``area`` (``westbund.accounts.permissions.Area``); staff read someone else's
    file only from a session that passed two-factor sign-in. A refusal is a 404, never
    a 403 that confirms the file exists. Every reading by someone other than the owner
    is an ``AuditEvent`` (``audit_action`` on ``target``).
    """
    from westbund.accounts.mfa import session_passed_mfa
    from westbund.accounts.permissions import is_officer

    from .models import AuditEvent

    reader = request.user
    own = owner_id is not None and owner_id == reader.pk
    if not own:
        if not (shared or is_officer(reader, area)):
            raise Http404
        if reader.is_staff and not session_passed_mfa(request):
            raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    if not own:
        AuditEvent.record(actor=reader, action=audit_action, target=target, details=details)
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
