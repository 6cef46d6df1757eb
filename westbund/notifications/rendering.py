"""Turning a stored notification into the words its recipient reads."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from westbund.core.bilingual import pick_all

from .models import Notification

UNSUBSCRIBE_SALT = "westbund.notifications.unsubscribe"


@dataclass(frozen=True)
class RenderedNotification:
    subject: str
    text: str
    html: str


def recipient_language(notification: Notification) -> str:
    if notification.recipient_id:
        language = notification.recipient.preferred_language
    else:
        language = notification.language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}" if path else ""


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """Return (user id, kind); raise ``signing.BadSignature`` for a forged token."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return int(data["u"]), str(data["k"])


def unsubscribe_path(notification: Notification, language: str) -> str:
    if not notification.recipient_id:
        return ""
    token = unsubscribe_token(user_id=notification.recipient_id, kind=notification.kind)
    with translation.override(language):
        return reverse("notifications:unsubscribe", args=[token])


def render_notification(
    notification: Notification, *, language: str | None = None, in_portal: bool = False
) -> RenderedNotification:
    """Render subject and bodies in ``language`` (default: the recipient's).

    ``in_portal``: for the inbox page, the text without the e-mail's links and footer
    (the page has its own button to the portal; bare addresses are no links there)."""
    language = language or recipient_language(notification)
    with translation.override(language):
        context = {
            # Names are stored in both languages: each reader sees their own.
            **pick_all(notification.context, language),
            "notification": notification,
            "recipient": notification.recipient,
            "link_url": absolute(notification.url_in(language)),
            "inbox_url": absolute(notification.__class__.inbox_path(language)),
            "unsubscribe_url": (
                absolute(unsubscribe_path(notification, language))
                if notification.email_is_optional and notification.recipient_id
                else ""
            ),
            "site_url": settings.SITE_URL,
            "LANGUAGE_CODE": language,
            "in_portal": in_portal,
        }
        folder = f"notifications/{notification.kind}"
        subject = render_to_string(f"{folder}/subject.txt", context)
        text = render_to_string(f"{folder}/body.txt", context)
        html = render_to_string(f"{folder}/body.html", context)
    # A subject is one line, whatever the template's white space.
    subject = " ".join(subject.split())
    return RenderedNotification(subject=subject, text=text.strip() + "\n", html=html)
