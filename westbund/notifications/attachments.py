"""Files a notification's e-mail carries, per kind.

A kind that needs them registers one *provider*: a function of the stored notification
returning the attachments, built from its ``context`` (ids of the things it is about)
when the e-mail is sent. Nothing is stored: a retried delivery builds them again, the
same for the same state. The inbox shows no attachments. An app registers its providers
in its ``AppConfig.ready`` (this module imports no domain app)::

    from westbund.notifications.attachments import Attachment, register

    @register(Kind.INTERVIEW_INVITATION)
    def _invitation(notification):
        return [Attachment("invite.ics", body, "application/ics", alternative=...)]
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .models import Kind, Notification


@dataclass(frozen=True)
class Attachment:
    """One file of an e-mail.

    ``alternative``: a Content-Type under which the same content is also put among the
    message's bodies (multipart/alternative), beside the text and HTML. Calendar
    invitations need it (``text/calendar; method=REQUEST``): that part is what
    Outlook and Google Calendar read as an invitation, the file what others import.
    """

    filename: str
    content: bytes | str
    mimetype: str
    alternative: str = ""


Provider = Callable[[Notification], Iterable[Attachment]]
_PROVIDERS: dict[str, Provider] = {}


def register(kind: Kind | str):
    """Register ``provider(notification) -> iterable of Attachment`` for ``kind``."""
    kind = Kind(kind)

    def decorator(provider: Provider) -> Provider:
        _PROVIDERS[kind] = provider
        return provider

    return decorator


def attachments_for(notification: Notification) -> list[Attachment]:
    """The attachments of ``notification``'s e-mail (none for most kinds)."""
    provider = _PROVIDERS.get(notification.kind)
    return list(provider(notification)) if provider else []
