"""Text hygiene for user-supplied strings."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 control characters other than tab, line feed and carriage return, and DEL. XML
# (the Atom feed) cannot carry them, and no one types them on purpose.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text or "")


def reject_control_characters(value) -> None:
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("Remove the invisible control characters from this text."),
            code="control_characters",
        )


class NoControlCharactersMixin:
    """Form mixin: every text field refuses control characters with a clear message."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            try:
                reject_control_characters(value)
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned
