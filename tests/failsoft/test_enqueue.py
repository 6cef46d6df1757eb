"""Enqueueing never blocks a request: with the broker gone, one attempt, then the outbox.

The broker is a Redis of the test's own behind a TCP proxy, so that every connection
the app tries is counted (``proxy.accepted``): the assertions are on attempts, never
on wall time. ``test_measure_...`` prints the timings for the record (run with -s).
"""

import time
from http import HTTPStatus

import pytest
from django.db import transaction
from django.urls import reverse

from talent.models import Application
from tests.enterprises.factories import PublishedRoleFactory, RecruiterMembershipFactory
from tests.factories import UserFactory
from tests.talent.factories import ApplyingProfileFactory
from westbund.notifications import actions
from westbund.notifications.models import Kind, Notification

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

RECRUITERS = 50


@pytest.fixture
def broker(own_redis, proxy_factory, real_celery):
    proxy = proxy_factory(own_redis.port)
    real_celery(f"redis://127.0.0.1:{proxy.port}/0")
    return proxy


@pytest.fixture
def crowded_enterprise():
    role = PublishedRoleFactory(title_en="Speech Engineer")
    RecruiterMembershipFactory.create_batch(RECRUITERS, enterprise=role.enterprise)
    return role.enterprise


def _apply(client, role):
    return client.post(reverse("talent:apply", args=[role.slug]), {"cover_letter": "Hello."})


def test_an_application_telling_fifty_recruiters_tries_the_dead_broker_once(
    client, broker, crowded_enterprise
):
    role = crowded_enterprise.roles.get()
    client.force_login(ApplyingProfileFactory().user)
    broker.cut()
    before = broker.accepted

    response = _apply(client, role)

    assert response.status_code == HTTPStatus.FOUND
    assert Application.objects.filter(role=role).exists()
    pending = Notification.objects.filter(kind=Kind.APPLICATION_RECEIVED, state="pending")
    assert pending.count() == RECRUITERS
    # One connection for fifty enqueues: no retries, and the circuit kept the other
    # forty-nine off the network. The rows wait for the sweeper.
    assert broker.accepted - before == 1


def test_a_stalled_broker_is_tried_once_too(broker):
    users = UserFactory.create_batch(10)
    broker.stall()

    with transaction.atomic():
        actions.notify_many(
            recipients=users, kind=Kind.PROFILE_REVIEW_STARTED, context={}, actor=None
        )

    assert broker.accepted == 1
    assert Notification.objects.filter(state="pending").count() == 10


def test_the_sweeper_tries_again_even_right_after_a_failure(broker):
    user = UserFactory()
    broker.cut()
    with transaction.atomic():
        notification = actions.notify(recipient=user, kind=Kind.PROFILE_REVIEW_STARTED)
    assert actions.broker_circuit.is_open
    broker.resume()

    from datetime import timedelta

    # The sweep is the scheduled retry: it does not wait for this process's circuit.
    assert actions.enqueue_stale_pending(older_than=timedelta(0)) == 1
    notification.refresh_from_db()
    assert notification.last_enqueued_at is not None


def test_what_the_sweeper_could_not_enqueue_stays_due(broker):
    user = UserFactory()
    broker.cut()
    with transaction.atomic():
        notification = actions.notify(recipient=user, kind=Kind.PROFILE_REVIEW_STARTED)

    from datetime import timedelta

    assert actions.enqueue_stale_pending(older_than=timedelta(0)) == 0
    notification.refresh_from_db()
    assert notification.last_enqueued_at is None


def test_measure_one_request_notifying_fifty_people(client, broker, crowded_enterprise, capsys):
    """Prints how long one application (fifty recruiters told) takes with the broker
    up, gone and stalled. Reported in the branch's notes; not asserted on."""
    enterprise = crowded_enterprise
    roles = [enterprise.roles.get()] + [
        PublishedRoleFactory(enterprise=enterprise, title_en=f"Role {n}") for n in range(8)
    ]
    client.force_login(ApplyingProfileFactory().user)
    _apply(client, roles.pop())  # warm up templates and connections

    def timed(prepare, *, try_broker=True):
        prepare()
        actions.broker_circuit.reset()
        if not try_broker:
            actions.broker_circuit.trip()
        started = time.perf_counter()
        assert _apply(client, roles.pop()).status_code == HTTPStatus.FOUND
        return (time.perf_counter() - started) * 1000

    figures = {
        "no enqueue at all (baseline)": [timed(broker.cut, try_broker=False) for _ in range(2)],
        "broker up": [timed(broker.resume) for _ in range(2)],
        "broker gone": [timed(broker.cut) for _ in range(2)],
        "broker stalled": [timed(broker.stall) for _ in range(2)],
    }
    with capsys.disabled():
        for label, values in figures.items():
            print(f"\n{label}: " + ", ".join(f"{value:.0f} ms" for value in values))
