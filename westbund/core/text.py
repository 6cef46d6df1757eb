"""Text hygiene for user-supplied strings."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 control characters other than tab, line feed and carriage return, and DEL. XML
# (the Atom feed) cannot carry them, and no one types them on purpose.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). One
# right-to-left override in a cover letter shows the recruiter the rest of it reversed
# ("gnp.exe" for "exe.png"); nothing a person writes here needs them. The marks
# U+200E/U+200F stay: Arabic and Hebrew keyboards type them, and they cannot reverse
# text, only place punctuation.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def strip_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text or "")


def strip_bidi_controls(text: str) -> str:
    return BIDI_CONTROLS.sub("", text or "")


_NOT_IN_FILENAME = re.compile(r"[^\w\s.-]")
_SPACES = re.compile(r"[\s_]+")


def safe_filename(name: str, *, max_length: int = 100, default: str = "file") -> str:
    """A download's file name from people's words ("Wang Lei 王磊 · LLM Engineer" →
    "Wang-Lei-王磊-LLM-Engineer"): letters and digits of any script, no path, quote,
    control or bidirectional character, at most ``max_length`` characters before the
    extension the caller adds. Non-ASCII names reach the browser through
    ``filename*`` (RFC 5987, as ``FileResponse`` and ``content_disposition_header``
    write it)."""
    text = strip_bidi_controls(unicodedata.normalize("NFKC", name or ""))
    text = _NOT_IN_FILENAME.sub(" ", text)
    text = _SPACES.sub("-", text).strip(".-")
    text = re.sub(r"-{2,}", "-", text)
    return text[:max_length].rstrip(".-") or default


def reject_control_characters(value) -> None:
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("Remove the invisible control characters from this text."),
            code="control_characters",
        )


def clean_text(value, *, field: str, limit: int, required_message=None) -> str:
    """People's words for an action, as a form would clean them: trimmed, without
    bidirectional controls, no control characters, at most ``limit`` characters and,
    when ``required_message`` says what is missing, not empty. Errors name ``field``."""
    value = strip_bidi_controls((value or "").strip())
    try:
        reject_control_characters(value)
    except ValidationError as error:
        raise ValidationError({field: error}) from error
    if required_message is not None and not value:
        raise ValidationError({field: ValidationError(required_message, code="required")})
    if len(value) > limit:
        raise ValidationError(
            {
                field: ValidationError(
                    _("Keep this within %(limit)d characters.") % {"limit": limit},
                    code="too_long",
                )
            }
        )
    return value


class NoControlCharactersMixin:
    """Form mixin for text other people read: every text field refuses control
    characters with a clear message, and loses its bidirectional controls."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if not isinstance(value, str):
                continue
            try:
                reject_control_characters(value)
            except ValidationError as error:
                self.add_error(name, error)
            else:
                cleaned[name] = strip_bidi_controls(value)
        return cleaned
