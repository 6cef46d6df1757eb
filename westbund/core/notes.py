"""One shape for the staff's internal notes on a subject (an application, a profile).

This module is the project library: it imports no domain app.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from westbund.core.fields import optional_user

NOTE_MAX_LENGTH = 4000


class InternalNote(models.Model):
    """A note written on a subject for the people who handle it, never for the person
    it is about. A concrete note names its subject's foreign key in ``subject_field``."""

    subject_field: str = ""

    author = optional_user(_("author"))
    body = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{getattr(self, f'{self.subject_field}_id')}: {self.body[:40]}"


def write_note(note_model: type[InternalNote], subject, *, author, body: str) -> InternalNote:
    """Store one note on ``subject``: trimmed, not empty, within its length. Who may
    write it is the caller's to check."""
    note = note_model(
        **{note_model.subject_field: subject}, author=author, body=(body or "").strip()
    )
    if not note.body:
        raise ValidationError(_("Write the note first."), code="empty")
    note.full_clean(exclude=[note_model.subject_field, "author"])
    note.save()
    return note
