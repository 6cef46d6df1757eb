"""Community events: RSVP, capacity, the waitlist, calendars."""

import threading
from datetime import UTC
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.urls import reverse

from services import actions
from services.models import RSVP, RSVPHistory
from tests.factories import OfficerFactory, UserFactory
from westbund.notifications.models import Kind, Notification

from .factories import EventFactory, PastEventFactory, RSVPFactory, WaitlistedRSVPFactory

pytestmark = pytest.mark.django_db


def rsvp_statuses(event):
    return dict(RSVP.objects.filter(event=event).values_list("user__email", "status"))


def test_rsvp_confirms_a_seat_and_tells_the_attendee(
    django_capture_on_commit_callbacks, mailoutbox
):
    event = EventFactory(capacity=2, title_en="Scaling laws")
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        rsvp = actions.rsvp_to_event(event=event, user=user)

    assert rsvp.status == RSVP.Status.CONFIRMED
    notification = Notification.objects.get(recipient=user, kind=Kind.EVENT_RSVP)
    assert notification.context["status_label"] == "Confirmed"
    assert notification.context["event_title"] == {"en": "Scaling laws", "zh-hans": event.title_zh}
    assert set(notification.context) == {"event_title", "status_label", "starts_at", "venue"}
    assert len(mailoutbox) == 1
    assert "Scaling laws" in mailoutbox[0].subject


def test_rsvp_to_a_full_event_goes_on_the_waitlist():
    event = EventFactory(capacity=1)
    RSVPFactory(event=event)

    rsvp = actions.rsvp_to_event(event=event, user=UserFactory())

    assert rsvp.status == RSVP.Status.WAITLISTED
    assert RSVP.objects.filter(event=event, status=RSVP.Status.CONFIRMED).count() == 1


def test_rsvp_to_a_past_event_is_refused_and_nothing_is_saved():
    event = PastEventFactory()

    with pytest.raises(ValidationError) as error:
        actions.rsvp_to_event(event=event, user=UserFactory())

    assert error.value.code == "event_past"
    assert not RSVP.objects.exists()
    assert not Notification.objects.exists()


def test_a_second_rsvp_of_the_same_person_is_refused():
    rsvp = RSVPFactory()

    with pytest.raises(ValidationError):
        actions.rsvp_to_event(event=rsvp.event, user=rsvp.user)

    assert RSVP.objects.count() == 1


def test_cancelling_a_seat_promotes_the_first_person_on_the_waitlist(
    django_capture_on_commit_callbacks, mailoutbox
):
    event = EventFactory(capacity=1)
    seated = RSVPFactory(event=event, user__email="seated@example.com")
    first = WaitlistedRSVPFactory(event=event, user__email="first@example.com")
    WaitlistedRSVPFactory(event=event, user__email="second@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        actions.cancel_rsvp(event=event, user=seated.user)

    assert rsvp_statuses(event) == {
        "seated@example.com": "cancelled",
        "first@example.com": "confirmed",
        "second@example.com": "waitlisted",
    }
    promoted = Notification.objects.get(recipient=first.user)
    assert promoted.context["status_label"] == "Promoted from the waitlist"
    assert {m.to[0] for m in mailoutbox} == {"seated@example.com", "first@example.com"}
    history = RSVPHistory.objects.get(rsvp=first)
    assert (history.from_state, history.to_state) == ("waitlisted", "confirmed")


def test_cancelling_a_waitlisted_place_promotes_nobody():
    event = EventFactory(capacity=1)
    RSVPFactory(event=event)
    waiting = WaitlistedRSVPFactory(event=event)
    behind = WaitlistedRSVPFactory(event=event)

    actions.cancel_rsvp(event=event, user=waiting.user)

    behind.refresh_from_db()
    assert behind.status == RSVP.Status.WAITLISTED


def test_a_cancelled_attendee_can_rsvp_again_and_queues_at_the_back():
    event = EventFactory(capacity=1)
    rsvp = RSVPFactory(event=event)
    actions.cancel_rsvp(event=event, user=rsvp.user)
    RSVPFactory(event=event)

    again = actions.rsvp_to_event(event=event, user=rsvp.user)

    assert again.pk == rsvp.pk
    assert again.status == RSVP.Status.WAITLISTED


def test_officer_adding_seats_fills_them_from_the_waitlist():
    event = EventFactory(capacity=1)
    RSVPFactory(event=event)
    waiting = WaitlistedRSVPFactory(event=event)
    event.capacity = 2
    event.save()

    promoted = actions.fill_seats_from_waitlist(event=event, by=OfficerFactory())

    assert promoted == [waiting]


def test_rsvp_view_confirms_and_shows_the_seat(client):
    event = EventFactory()
    client.force_login(UserFactory())

    response = client.post(reverse("services:event_rsvp", args=[event.slug]), follow=True)

    assert "Your seat is confirmed" in response.text
    assert RSVP.objects.get(event=event).status == RSVP.Status.CONFIRMED


def test_rsvp_view_for_a_full_event_says_waitlist(client):
    event = EventFactory(capacity=1)
    RSVPFactory(event=event)
    client.force_login(UserFactory())

    response = client.post(reverse("services:event_rsvp", args=[event.slug]), follow=True)

    assert "you are on the waitlist" in response.text
    assert "You are number 1 on the waitlist" in response.text


def test_rsvp_view_for_a_past_event_shows_a_clear_message(client):
    event = PastEventFactory()
    client.force_login(UserFactory())

    response = client.post(reverse("services:event_rsvp", args=[event.slug]), follow=True)

    assert "already taken place; RSVPs are closed" in response.text
    assert not RSVP.objects.exists()


def test_rsvp_needs_sign_in(client):
    event = EventFactory()

    response = client.post(reverse("services:event_rsvp", args=[event.slug]))

    assert response.status_code == HTTPStatus.FOUND
    assert reverse("account_login") in response["Location"]
    assert not RSVP.objects.exists()


def test_cancel_view_frees_the_seat(client):
    rsvp = RSVPFactory()
    client.force_login(rsvp.user)

    response = client.post(reverse("services:event_cancel", args=[rsvp.event.slug]), follow=True)

    assert "Your RSVP is cancelled" in response.text
    rsvp.refresh_from_db()
    assert rsvp.status == RSVP.Status.CANCELLED


def test_event_ics_is_a_calendar_with_the_event():
    from django.test import Client

    event = EventFactory(title_en="Demo day, spring", venue_en="Building B; West Bund")

    response = Client().get(reverse("services:event_ics", args=[event.slug]))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert "SUMMARY:Demo day\\, spring\r\n" in body
    assert "LOCATION:Building B\\; West Bund\r\n" in body
    assert f"DTSTART:{event.starts_at.astimezone(UTC):%Y%m%dT%H%M%SZ}\r\n" in body
    assert body.rstrip().endswith("END:VCALENDAR")


def test_event_ics_lines_are_folded_at_75_octets():
    from django.test import Client

    event = EventFactory(title_zh="人工智能" * 40)

    body = Client().get(f"/zh-hans{reverse('services:event_ics', args=[event.slug])}").content

    assert all(len(line) <= 75 for line in body.split(b"\r\n"))


def test_calendar_feed_lists_published_events_only(client):
    EventFactory(title_en="Published talk")
    EventFactory(title_en="Draft talk", is_published=False)

    response = client.get(reverse("services:events_feed"))

    assert response.status_code == HTTPStatus.OK
    assert "SUMMARY:Published talk" in response.text
    assert "Draft talk" not in response.text
    assert response.text.count("BEGIN:VEVENT") == 1


def test_community_page_lists_upcoming_events_in_few_queries(client, django_assert_max_num_queries):
    for _ in range(5):
        RSVPFactory(event=EventFactory())
    PastEventFactory(title_en="Yesterday's talk")
    client.force_login(UserFactory())

    with django_assert_max_num_queries(8):
        response = client.get(reverse("services:community"))

    assert response.status_code == HTTPStatus.OK
    assert "Yesterday's talk" not in response.text
    assert response.text.count("1 of 10 taken") == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_rsvps_for_the_last_seat_never_overbook():
    """Two connections RSVP at the same instant for the last seat: one gets it, the
    other is waitlisted (the event row lock serialises them)."""
    event = EventFactory(capacity=2)
    RSVPFactory(event=event)
    people = [UserFactory(), UserFactory()]
    barrier = threading.Barrier(len(people))
    outcomes, errors = [], []

    def reserve(user):
        try:
            barrier.wait(timeout=10)
            outcomes.append(actions.rsvp_to_event(event=event, user=user).status)
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=reserve, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    close_old_connections()

    assert errors == []
    assert sorted(outcomes) == ["confirmed", "waitlisted"]
    assert RSVP.objects.filter(event=event, status=RSVP.Status.CONFIRMED).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_cancellation_racing_a_new_rsvp_gives_the_seat_once():
    """A cancellation (promoting the waitlist) and a new RSVP at once: still no overbooking."""
    event = EventFactory(capacity=1)
    seated = RSVPFactory(event=event)
    WaitlistedRSVPFactory(event=event)
    newcomer = UserFactory()
    barrier = threading.Barrier(2)
    errors = []

    def run(job):
        try:
            barrier.wait(timeout=10)
            job()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    jobs = [
        lambda: actions.cancel_rsvp(event=event, user=seated.user),
        lambda: actions.rsvp_to_event(event=event, user=newcomer),
    ]
    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    close_old_connections()

    assert errors == []
    assert RSVP.objects.filter(event=event, status=RSVP.Status.CONFIRMED).count() == 1


def test_the_community_page_badges_the_readers_own_rsvps(client):
    """A confirmed seat and a waitlist place, in the palette's colours of their states."""
    user = UserFactory()
    RSVPFactory(event=EventFactory(title_en="Going event"), user=user)
    WaitlistedRSVPFactory(event=EventFactory(title_en="Waiting event"), user=user)
    client.force_login(user)
    page = client.get(reverse("services:community")).content.decode()
    assert """<span class="badge text-bg-success ms-1">You're going</span>""" in page
    assert '<span class="badge text-bg-warning ms-1">On the waitlist</span>' in page
