"""Saved searches and the daily digest."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from talent import actions
from talent.models import JobAlert
from talent.tasks import send_job_alert_digests
from tests.enterprises.factories import DraftRoleFactory, PublishedRoleFactory
from tests.factories import UserFactory
from westbund.notifications.models import Kind, Notification

from .factories import JobAlertFactory

pytestmark = pytest.mark.django_db


def _ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


@pytest.fixture
def alert():
    return JobAlertFactory(created_at=_ago(days=2))


def _digests():
    return Notification.objects.filter(kind=Kind.JOB_ALERT_DIGEST)


def test_professional_saves_an_alert_from_the_page(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("talent:alerts"),
        {"keywords": "diffusion", "specialties": ["multimodal", "computer_vision"]},
    )
    assert response.status_code == HTTPStatus.FOUND
    alert = JobAlert.objects.get(user=user)
    assert alert.keywords == "diffusion"
    assert alert.name == "diffusion"
    assert alert.specialties == ["multimodal", "computer_vision"]


def test_an_alert_without_any_criterion_is_refused(client):
    client.force_login(UserFactory())
    response = client.post(reverse("talent:alerts"), {"name": "Anything"})
    assert "Give at least one keyword, specialty or filter." in response.content.decode()
    assert not JobAlert.objects.exists()


def test_unknown_specialty_is_refused(client):
    client.force_login(UserFactory())
    response = client.post(reverse("talent:alerts"), {"specialties": ["astrology"]})
    assert response.status_code == HTTPStatus.OK
    assert not JobAlert.objects.exists()


def test_someone_elses_alert_cannot_be_deleted(client, alert):
    client.force_login(UserFactory())
    response = client.post(reverse("talent:alert_delete", args=[alert.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert JobAlert.objects.filter(pk=alert.pk).exists()


def test_owner_deletes_an_alert(client, alert):
    client.force_login(alert.user)
    client.post(reverse("talent:alert_delete", args=[alert.pk]))
    assert not JobAlert.objects.exists()


def test_digest_sends_new_matching_roles_once(
    alert, django_capture_on_commit_callbacks, mailoutbox
):
    matching = PublishedRoleFactory(
        title_en="VLM Engineer", specialties=["multimodal"], published_at=_ago(hours=3)
    )
    PublishedRoleFactory(specialties=["speech"], published_at=_ago(hours=3))
    PublishedRoleFactory(specialties=["multimodal"], published_at=_ago(days=5))  # before alert
    DraftRoleFactory(specialties=["multimodal"])
    with django_capture_on_commit_callbacks(execute=True):
        assert send_job_alert_digests() == 1
    digest = _digests().get()
    assert digest.recipient == alert.user
    assert digest.context["count"] == 1
    assert digest.context["roles"] == [
        {
            "title": {"en": "VLM Engineer", "zh-hans": matching.title_zh},
            "enterprise_name": {
                "en": matching.enterprise.name_en,
                "zh-hans": matching.enterprise.name_zh,
            },
            "path": matching.get_absolute_url(),
        }
    ]
    assert len(mailoutbox) == 1
    assert "VLM Engineer" in mailoutbox[0].body

    # The same day again: nothing; the next day: the role is not sent twice.
    assert send_job_alert_digests() == 0
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert actions.send_job_alert_digests(today=tomorrow) == 0
    assert _digests().count() == 1


def test_next_days_digest_has_only_the_roles_published_since(alert):
    PublishedRoleFactory(specialties=["multimodal"], published_at=_ago(hours=3))
    actions.send_job_alert_digests(today=timezone.localdate())
    newer = PublishedRoleFactory(specialties=["multimodal"], published_at=timezone.now())
    actions.send_job_alert_digests(today=timezone.localdate() + timedelta(days=1))
    latest = _digests().order_by("-pk").first()
    assert [role["title"]["en"] for role in latest.context["roles"]] == [newer.title_en]


def test_no_digest_when_nothing_matched(alert, mailoutbox):
    PublishedRoleFactory(specialties=["speech"], published_at=_ago(hours=1))
    assert send_job_alert_digests() == 0
    assert not _digests().exists()
    assert mailoutbox == []


def test_one_digest_per_professional_for_several_alerts(alert):
    JobAlertFactory(user=alert.user, name="Speech", specialties=["speech"], created_at=_ago(days=2))
    PublishedRoleFactory(specialties=["multimodal", "speech"], published_at=_ago(hours=1))
    PublishedRoleFactory(specialties=["speech"], published_at=_ago(hours=1))
    assert send_job_alert_digests() == 1
    digest = _digests().get()
    assert digest.context["count"] == 2
    assert digest.context["alert_name"] == "Multimodal, Speech"


def test_keywords_and_filters_narrow_the_digest():
    alert = JobAlertFactory(
        specialties=[], keywords="robot", min_salary=500_000, created_at=_ago(days=1)
    )
    PublishedRoleFactory(
        title_en="Robot learning lead", salary_max=900_000, published_at=_ago(hours=1)
    )
    PublishedRoleFactory(title_en="Robot intern", salary_max=100_000, published_at=_ago(hours=1))
    PublishedRoleFactory(title_en="Speech lead", salary_max=900_000, published_at=_ago(hours=1))
    send_job_alert_digests()
    digest = _digests().get(recipient=alert.user)
    assert [role["title"]["en"] for role in digest.context["roles"]] == ["Robot learning lead"]


def test_beat_schedule_runs_the_digest_daily():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["send-job-alert-digests"]
    assert entry["task"] == "talent.tasks.send_job_alert_digests"
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"


def test_alert_form_is_filled_in_from_the_job_boards_search(client):
    client.force_login(UserFactory())
    response = client.get(
        reverse("talent:alerts") + "?q=diffusion&specialty=multimodal&remote=hybrid&sponsorship=on"
    )
    form = response.context["form"]
    assert form.initial == {
        "keywords": "diffusion",
        "specialties": ["multimodal"],
        "remote_policy": "hybrid",
        "sponsors_visa": True,
    }
