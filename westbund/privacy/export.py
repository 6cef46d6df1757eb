"""The personal-data export: a ZIP of ``data.json`` (every registered section, this
person only) and every registered personal file. The sections of what this app and the
project library hold (the account, consents, notifications, the privacy log) are here;
the domain apps register theirs (see ``registry``).
"""

import io
import json
import logging
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from .files import private_storage
from .models import Consent, PrivacyEvent
from .registry import export_section, iso, registered_files, sections

logger = logging.getLogger(__name__)


@export_section("account")
def _account(user):
    from allauth.account.models import EmailAddress

    return {
        "email": user.email,
        "display_name": user.display_name,
        "preferred_language": user.preferred_language,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
    }


@export_section("consents")
def _consents(user):
    return [
        {
            "kind": consent.kind,
            "wording_version": consent.version,
            "granted_at": iso(consent.granted_at),
            "withdrawn_at": iso(consent.withdrawn_at),
        }
        for consent in Consent.objects.filter(user=user)
    ]


@export_section("notifications")
def _notifications(user):
    from westbund.notifications.models import EmailOptOut, Notification

    return {
        "received": [
            {
                "kind": notification.kind,
                "created_at": iso(notification.created_at),
                "read_at": iso(notification.read_at),
                "context": notification.context,
                "link": notification.link,
                "email_state": notification.state,
            }
            for notification in Notification.objects.filter(recipient=user).order_by("created_at")
        ],
        "email_opt_outs": [
            {"kind": opt_out.kind, "since": iso(opt_out.created_at)}
            for opt_out in EmailOptOut.objects.filter(user=user)
        ],
    }


@export_section("privacy_events")
def _privacy_events(user):
    return [
        {"kind": event.kind, "when": iso(event.created_at), "details": event.details}
        for event in PrivacyEvent.objects.filter(user=user).order_by("created_at", "pk")
    ]


def build_export(*, user) -> bytes:
    """A ZIP of ``data.json`` (every section, this user only) and every registered
    personal file of theirs (CVs, service request attachments...)."""
    data = {
        "exported_at": timezone.now().isoformat(),
        "format": "westbund-personal-data/1",
    }
    for name, section in sections().items():
        data[name] = section(user)
    buffer = io.BytesIO()
    storage = private_storage()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json",
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
        for file in registered_files(user=user):
            try:
                with storage.open(file.name, "rb") as handle:
                    archive.writestr(file.archive_name, handle.read())
            except FileNotFoundError:
                logger.warning("private file %s is missing from storage", file.name)
    return buffer.getvalue()
