"""iCalendar (RFC 5545) documents, built with the ``icalendar`` package: the portal's one
way to write calendars (the community events' feeds, interview invitations).

A published calendar (``METHOD:PUBLISH``) is what a feed or an ``.ics`` download is; an
invitation (``METHOD:REQUEST`` / ``METHOD:CANCEL``, RFC 5546 iTIP) is what an e-mail
carries to its attendees. Times of an invitation are written in Shanghai time with its
``VTIMEZONE``, as Outlook, Google Calendar and Apple Calendar expect of a meeting.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

PRODID = "-//West Bund Talent Hub//Portal//EN"
SHANGHAI = "Asia/Shanghai"


@dataclass(frozen=True)
class Person:
    """An organizer or attendee: an address and the name shown for it."""

    email: str
    name: str = ""


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT. ``uid`` must stay the same for the life of the thing it describes;
    ``sequence`` rises with every change an attendee must see (RFC 5546 §2.1.4)."""

    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    stamp: datetime
    description: str = ""
    location: str = ""
    url: str = ""
    sequence: int = 0
    status: str = ""  # "CONFIRMED", "CANCELLED" or "" (left out)
    organizer: Person | None = None
    attendees: tuple[Person, ...] = field(default_factory=tuple)


def _shanghai_timezone() -> icalendar.Timezone:
    # Shanghai has kept UTC+8 without daylight saving since 1991: one STANDARD part.
    timezone = icalendar.Timezone()
    timezone.add("tzid", SHANGHAI)
    standard = icalendar.TimezoneStandard()
    standard.add("dtstart", datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", timedelta(hours=8))
    standard.add("tzoffsetto", timedelta(hours=8))
    standard.add("tzname", "CST")
    timezone.add_component(standard)
    return timezone


def _address(person: Person, **params) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["CN"] = icalendar.vText(person.name)
    for key, value in params.items():
        address.params[key.upper().replace("_", "-")] = icalendar.vText(value)
    return address


def _vevent(event: CalendarEvent, *, local_zone: ZoneInfo | None) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", event.stamp)
    if local_zone is not None:
        vevent.add("dtstart", event.starts_at.astimezone(local_zone))
        vevent.add("dtend", event.ends_at.astimezone(local_zone))
    else:
        vevent.add("dtstart", event.starts_at)
        vevent.add("dtend", event.ends_at)
    vevent.add("summary", event.summary)
    if event.description:
        vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    vevent.add("sequence", event.sequence)
    if event.status:
        vevent.add("status", event.status)
    if event.organizer is not None:
        vevent.add("organizer", _address(event.organizer))
    for attendee in event.attendees:
        vevent.add(
            "attendee",
            _address(attendee, role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp="TRUE"),
            encode=False,
        )
    return vevent


def _calendar(method: str, name: str = "") -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def published(events: Iterable[CalendarEvent], *, name: str) -> bytes:
    """A ``METHOD:PUBLISH`` calendar of ``events`` (times in UTC): a feed, a download."""
    calendar = _calendar("PUBLISH", name)
    for event in events:
        calendar.add_component(_vevent(event, local_zone=None))
    return calendar.to_ical()


def invitation(event: CalendarEvent, *, cancel: bool = False) -> bytes:
    """An iTIP invitation to one event: ``METHOD:REQUEST`` (new or changed; the same
    ``uid``, a higher ``sequence``) or ``METHOD:CANCEL``; times in Shanghai time with
    the ``VTIMEZONE`` they refer to."""
    calendar = _calendar("CANCEL" if cancel else "REQUEST")
    calendar.add_component(_shanghai_timezone())
    if cancel:
        event = replace(event, status="CANCELLED")
    calendar.add_component(_vevent(event, local_zone=ZoneInfo(SHANGHAI)))
    return calendar.to_ical()


def invitation_mimetype(*, cancel: bool = False) -> str:
    """The Content-Type of an invitation's body part, with the method mail clients read."""
    return f"text/calendar; method={'CANCEL' if cancel else 'REQUEST'}"
