"""Model field factories for shapes that many models declare the same way."""

from django.conf import settings
from django.db import models


def optional_user(
    verbose_name,
    *,
    related_name: str = "+",
    on_delete=models.SET_NULL,
    blank: bool = True,
    **kwargs,
) -> models.ForeignKey:
    """A nullable foreign key to the user: who did something (an author, an actor, the
    officer assigned), kept when that account is erased. Without a ``related_name``
    the user gets no reverse accessor, since most of these are never read from the
    user's side. ``blank=False`` for the ones that only code sets."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=on_delete,
        null=True,
        blank=blank,
        related_name=related_name,
        verbose_name=verbose_name,
        **kwargs,
    )


def owning_user(verbose_name, *, related_name: str) -> models.ForeignKey:
    """The foreign key of a record that belongs to a person (their RSVP, request,
    consent, alert, membership): the rows go when the account is deleted, so erasure
    needs no code of its own for them."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=verbose_name,
    )
