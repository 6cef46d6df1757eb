"""Attachments per kind: a provider registered for a kind adds files (and, for calendar
invitations, a body alternative) to that kind's e-mails, built at send time."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from tests.notifications.factories import NotificationFactory
from westbund.core import ical
from westbund.notifications import actions, attachments
from westbund.notifications.models import Kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    """A provider for one kind, removed afterwards (the registry is process-wide)."""
    kind = Kind.PROFILE_REVIEW_DECIDED
    calls = []

    def files(notification):
        calls.append(notification.pk)
        return [
            attachments.Attachment("note.txt", f"for {notification.pk}".encode(), "text/plain"),
            attachments.Attachment(
                "invite.ics",
                b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
                "application/ics",
                alternative="text/calendar; method=REQUEST",
            ),
        ]

    attachments.register(kind)(files)
    yield calls
    attachments._PROVIDERS.pop(kind)


def test_a_registered_provider_adds_its_files_to_the_email(provider, mailoutbox):
    notification = NotificationFactory()

    assert actions.deliver(notification_id=notification.pk) == actions.Outcome.SENT

    [message] = mailoutbox
    assert [(a.filename, a.mimetype) for a in message.attachments] == [
        ("note.txt", "text/plain"),
        ("invite.ics", "application/ics"),
    ]
    assert message.attachments[0].content == f"for {notification.pk}"
    types = [part["Content-Type"] for part in message.message().walk()]
    # Written as given, unquoted: what calendar clients look for.
    assert "text/calendar; method=REQUEST; charset=utf-8" in types
    assert provider == [notification.pk]


def test_other_kinds_carry_nothing(provider, mailoutbox):
    notification = NotificationFactory(kind=Kind.PROFILE_REVIEW_STARTED, context={})

    actions.deliver(notification_id=notification.pk)

    assert mailoutbox[0].attachments == []
    assert provider == []


def test_an_already_sent_notification_builds_no_attachments(provider, mailoutbox):
    notification = NotificationFactory(state="sent")

    assert actions.deliver(notification_id=notification.pk) == actions.Outcome.ALREADY_DONE
    assert provider == []


def _event(**overrides):
    start = datetime(2026, 12, 5, 6, 30, tzinfo=UTC)
    values = {
        "uid": "interview-1@example.com",
        "starts_at": start,
        "ends_at": start + timedelta(hours=1),
        "summary": "Interview, VLM; 面试",
        "stamp": start - timedelta(days=1),
        "sequence": 2,
        "organizer": ical.Person("rita@example.com", "Rita"),
        "attendees": (ical.Person("lin@example.com", "Lin Wei"),),
    }
    values.update(overrides)
    return ical.CalendarEvent(**values)


def test_an_invitation_is_in_shanghai_time_with_its_timezone():
    calendar = icalendar.Calendar.from_ical(ical.invitation(_event()))

    [event] = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "REQUEST"
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert event["DTSTART"].dt.strftime("%Y-%m-%d %H:%M") == "2026-12-05 14:30"
    assert str(event["SUMMARY"]) == "Interview, VLM; 面试"
    assert event["SEQUENCE"] == 2
    assert event["ATTENDEE"].params["RSVP"] == "TRUE"
    assert event["ATTENDEE"].params["CN"] == "Lin Wei"
    assert event["ORGANIZER"].params["CN"] == "Rita"
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Asia/Shanghai"


def test_a_cancellation_says_so_twice():
    calendar = icalendar.Calendar.from_ical(ical.invitation(_event(), cancel=True))

    assert calendar["METHOD"] == "CANCEL"
    assert calendar.walk("VEVENT")[0]["STATUS"] == "CANCELLED"


def test_a_published_calendar_is_in_utc():
    body = ical.published([_event(organizer=None, attendees=())], name="Feed")

    assert b"METHOD:PUBLISH" in body
    assert b"DTSTART:20261205T063000Z" in body
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
