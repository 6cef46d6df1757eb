"""Acceptance of issue 11, part A: Redis goes away and the site carries on.

A real Redis of the test's own serves as cache AND broker, with the production
settings (the fail-soft Redis cache with its options, database sessions, the broker's
transport options). It is stopped by its pid. While it is gone, visitors read the
public pages, people sign in, read their pages, apply to a role, and a recruiter moves
an application: no answer is a 5xx. The notifications those events raise wait in the
database; once Redis is back a real Celery worker (the project's app) and the sweeper
deliver each of them exactly once.
"""

import time
from http import HTTPStatus

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from talent.models import Application
from tests.enterprises.factories import PublishedRoleFactory, RecruiterMembershipFactory
from tests.factories import PASSWORD
from tests.talent.factories import ApplicationFactory, ApplyingProfileFactory
from westbund import settings as production
from westbund.notifications import actions
from westbund.notifications.models import Notification

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def _wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def _drain():
    """Return once the solo worker has run everything queued before this call."""
    from westbund.core.tasks import add

    assert add.delay(1, 1).get(timeout=20) == 2


class Visit:
    """Every answer during the outage, to report the 5xx ones all at once."""

    def __init__(self):
        self.answers = []

    def __call__(self, client, method, path, data=None):
        response = getattr(client, method)(path, data or {})
        self.answers.append((method.upper(), path, response.status_code))
        return response

    @property
    def server_errors(self):
        return [answer for answer in self.answers if answer[2] >= 500]


def _sign_in(client, visit, email):
    response = visit(client, "post", "/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:500]
    return client


def test_the_site_works_without_redis_and_delivers_once_it_is_back(
    settings, own_redis, redis_cache_settings, real_celery, monkeypatch
):
    from celery.contrib.testing.worker import start_worker

    # Production's Redis wiring, pointed at the test's own server.
    redis_cache_settings(own_redis.url())
    settings.SESSION_ENGINE = production.SESSION_ENGINE
    settings.CELERY_BROKER_URL = own_redis.url()  # what /healthz checks
    app = real_celery(own_redis.url())
    app.loader.import_module("celery.contrib.testing.tasks")
    assert app.conf.broker_transport_options == production.CELERY_BROKER_TRANSPORT_OPTIONS
    # Short enough to see the web process enqueue by itself again within the test.
    monkeypatch.setattr(actions, "BROKER_CIRCUIT_SECONDS", 1.0)
    mail.outbox = []

    role = PublishedRoleFactory(title_en="Speech Engineer")
    recruiter = RecruiterMembershipFactory(enterprise=role.enterprise).user
    applicant = ApplyingProfileFactory(full_name="Lin Wei").user
    earlier = ApplicationFactory(
        role=PublishedRoleFactory(enterprise=role.enterprise, title_en="VLM Researcher"),
        profile=ApplyingProfileFactory(full_name="Zhou Min"),
    )
    anonymous = Client()
    assert anonymous.get("/jobs/").status_code == HTTPStatus.OK
    assert anonymous.get("/jobs/")["X-Page-Cache"] == "hit"  # Redis is really in use

    # ---- The outage -----------------------------------------------------------------
    own_redis.stop()
    outage_started = timezone.now()
    visit = Visit()

    for path in (
        "/",
        "/jobs/",
        "/jobs/?q=speech",
        role.get_absolute_url(),
        f"/zh-hans{role.get_absolute_url()}",
        "/enterprises/",
        f"/enterprises/{role.enterprise.slug}/",
        "/services/",
        "/services/policies/",
        "/zh-hans/",
        "/accounts/login/",
        "/robots.txt",
    ):
        response = visit(anonymous, "get", path)
        assert response.status_code == HTTPStatus.OK, path
        assert "X-Page-Cache" not in response

    professional = _sign_in(Client(), visit, applicant.email)
    for path in (reverse("talent:me"), reverse("talent:applications"), role.get_absolute_url()):
        assert visit(professional, "get", path).status_code == HTTPStatus.OK, path
    response = visit(
        professional,
        "post",
        reverse("talent:apply", args=[role.slug]),
        {"cover_letter": "I build speech models."},
    )
    assert response.status_code == HTTPStatus.FOUND
    application = Application.objects.get(role=role, profile__user=applicant)
    assert visit(professional, "get", response["Location"]).status_code == HTTPStatus.OK

    hiring = _sign_in(Client(), visit, recruiter.email)
    slug = role.enterprise.slug
    # The applicant list, the board (their kept pieces), the interviews and the pool.
    for name in (
        "talent:workspace_applicants",
        "talent:workspace_board",
        "talent:workspace_interviews",
        "talent:workspace_pool",
    ):
        path = reverse(name, args=[slug])
        assert visit(hiring, "get", path).status_code == HTTPStatus.OK, path
    response = visit(
        hiring,
        "post",
        reverse("talent:workspace_application_move", args=[slug, earlier.pk]),
        {"to_stage": "interview", "reason": "See you on Monday"},
    )
    assert response.status_code == HTTPStatus.FOUND
    earlier.refresh_from_db()
    assert earlier.stage == Application.Stage.INTERVIEW

    health = visit(anonymous, "get", "/healthz")
    assert health.status_code == HTTPStatus.SERVICE_UNAVAILABLE  # as it should: for the LB
    assert health.json() == {"database": "ok", "broker": "unreachable"}

    assert [a for a in visit.server_errors if a[1] != "/healthz"] == []
    raised = Notification.objects.filter(created_at__gte=outage_started)
    # The application tells the recruiter; the stage move tells Zhou Min.
    assert raised.count() >= 2
    assert set(raised.values_list("state", flat=True)) == {"pending"}
    assert mail.outbox == []
    assert application.stage == Application.Stage.NEW

    # ---- Redis is back ----------------------------------------------------------------
    own_redis.start()
    settings.NOTIFICATION_STALE_AFTER_SECONDS = 0
    raised_ids = set(raised.values_list("pk", flat=True))
    from westbund.notifications.tasks import deliver_notification, sweep_pending_notifications

    with start_worker(app, pool="solo", perform_ping_check=True, shutdown_timeout=10):
        # Beat's job, once a minute in production.
        sweep_pending_notifications.delay()
        assert _wait_for(
            lambda: (
                set(Notification.objects.filter(pk__in=raised_ids).values_list("state", flat=True))
                == {"sent"}
            )
        )

        # A second sweep and stray copies of the tasks change nothing.
        sweep_pending_notifications.delay()
        for notification_id in raised_ids:
            deliver_notification.delay(notification_id)
        _drain()

        # The web process enqueues by itself again once its circuit's time is up.
        time.sleep(actions.BROKER_CIRCUIT_SECONDS + 0.1)
        hiring.post(
            reverse("talent:workspace_application_move", args=[slug, application.pk]),
            {"to_stage": "screening"},
        )
        after = Notification.objects.exclude(pk__in=raised_ids).get(
            created_at__gte=outage_started, recipient=applicant
        )
        assert _wait_for(lambda: Notification.objects.get(pk=after.pk).state == "sent")
        _drain()

    ids = [message.message()["Message-ID"] for message in mail.outbox]
    expected = {actions.message_id(n) for n in Notification.objects.filter(pk__in=raised_ids)}
    assert len(ids) == len(set(ids)), "a notification was e-mailed twice"
    assert expected <= set(ids)
    assert len(ids) == len(raised_ids) + 1
    assert set(
        Notification.objects.filter(pk__in=raised_ids).values_list("attempts", flat=True)
    ) == {1}
    # Delivered through the sweeper, as the enqueue in the request had given up.
    assert not Notification.objects.filter(pk__in=raised_ids, last_enqueued_at__isnull=True)
    # And the cache accelerates again.
    time.sleep(0.1)
    anonymous.get("/jobs/")
    assert _wait_for(lambda: anonymous.get("/jobs/").get("X-Page-Cache") == "hit", timeout=10)
