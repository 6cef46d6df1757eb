"""The community events as iCalendar: a feed and one event's ``.ics`` (built by the
portal's one iCalendar writer, ``westbund.core.ical``)."""

from collections.abc import Iterable

from django.utils import timezone

from westbund.core import ical


def _event(event, *, url: str, host: str) -> ical.CalendarEvent:
    return ical.CalendarEvent(
        uid=f"event-{event.pk}@{host}",
        stamp=event.updated_at or timezone.now(),
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=str(event.title),
        description=str(event.description or ""),
        location=str(event.venue or ""),
        url=url,
    )


def calendar(events: Iterable, *, url_for, host: str, name: str) -> str:
    """A VCALENDAR of ``events``; ``url_for(event)`` gives each event's absolute URL."""
    body = ical.published(
        (_event(event, url=url_for(event), host=host) for event in events), name=str(name)
    )
    return body.decode("utf-8")
