"""Where an application came from: the ``src`` of the link the person followed, carried
from the role page to the apply form and recorded on the application."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from talent import actions
from talent.models import Application, JobAlert
from talent.tasks import send_job_alert_digests
from tests.enterprises.factories import PublishedRoleFactory
from westbund.taxonomy import Specialty

from .factories import ApplyingProfileFactory

pytestmark = pytest.mark.django_db

Source = Application.Source


@pytest.fixture
def role():
    return PublishedRoleFactory(
        title_en="Multimodal Researcher", specialties=[Specialty.MULTIMODAL]
    )


@pytest.fixture
def applicant(client):
    profile = ApplyingProfileFactory(full_name="Lin Wei", specialties=[Specialty.MULTIMODAL])
    client.force_login(profile.user)
    return profile


def _role_link(html: str, role) -> str:
    """The href of the first link to ``role``'s page in ``html``."""
    match = re.search(rf'href="({re.escape(role.get_absolute_url())}[^"]*)"', html)
    assert match, f"no link to {role.get_absolute_url()}"
    return match.group(1).replace("&amp;", "&")


def _apply_through(client, role_page_url: str) -> Application:
    """Follow the role page's Apply button and send the form, as a person would."""
    page = client.get(role_page_url).content.decode()
    apply_url = re.search(r'href="([^"]*/apply/[^"]*)"', page).group(1).replace("&amp;", "&")
    response = client.post(apply_url, {"cover_letter": "I build VLMs."})
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:500]
    return Application.objects.get()


def test_applying_from_the_job_board_records_board(client, applicant, role):
    link = _role_link(client.get(reverse("enterprises:jobs")).content.decode(), role)
    assert link.endswith("?src=board")
    assert _apply_through(client, link).source == Source.BOARD


def test_applying_from_search_results_records_search(client, applicant, role):
    board = client.get(reverse("enterprises:jobs"), {"q": "Multimodal"}).content.decode()
    assert _apply_through(client, _role_link(board, role)).source == Source.SEARCH


def test_applying_from_a_recommendation_on_my_hub_records_it(client, applicant, role):
    link = _role_link(client.get(reverse("talent:me")).content.decode(), role)
    assert _apply_through(client, link).source == Source.RECOMMENDED


def test_applying_from_the_feed_records_feed(client, applicant, role):
    feed = client.get(reverse("enterprises:feed")).content.decode()
    link = re.search(r'<link href="[^"]*?(/jobs/[^"]+)"', feed.split("<entry>")[1]).group(1)
    assert link.endswith("?src=feed")
    assert _apply_through(client, link.replace("&amp;", "&")).source == Source.FEED


def test_applying_from_the_job_alert_email_records_alert(
    client, applicant, role, django_capture_on_commit_callbacks
):
    JobAlert.objects.create(
        user=applicant.user,
        name="Multimodal",
        specialties=[Specialty.MULTIMODAL],
        created_at=timezone.now() - timedelta(days=2),
    )
    role.published_at = timezone.now() - timedelta(hours=3)
    role.save(update_fields=["published_at"])
    with django_capture_on_commit_callbacks(execute=True):
        assert send_job_alert_digests() == 1
    body = mail.outbox[-1].body
    link = re.search(r"https?://[^/\s]+(/jobs/\S+)", body).group(1)
    assert link.endswith("?src=alert")
    assert _apply_through(client, link).source == Source.ALERT


def test_a_direct_link_records_direct(client, applicant, role):
    assert _apply_through(client, role.get_absolute_url()).source == Source.DIRECT


@pytest.mark.parametrize("src", ["invited", "nonsense", "board' OR 1=1", "x" * 300])
def test_a_made_up_or_hostile_src_is_a_direct_link(client, applicant, role, src):
    response = client.post(
        reverse("talent:apply", args=[role.slug]) + "?" + f"src={src}",
        {"cover_letter": "I build VLMs."},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Application.objects.get().source == Source.DIRECT


def test_a_nul_byte_in_src_is_refused_and_nothing_saved(client, applicant, role):
    response = client.post(
        reverse("talent:apply", args=[role.slug]) + "?src=bo%00ard",
        {"cover_letter": "I build VLMs."},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Application.objects.exists()


def test_the_source_survives_signing_in(client, role):
    """A visitor who clicks Apply from the board signs in and comes back with it."""
    page = client.get(role.get_absolute_url() + "?src=board").content.decode()
    apply_url = re.search(r'href="([^"]*/apply/[^"]*)"', page).group(1).replace("&amp;", "&")
    response = client.get(apply_url)
    assert response.status_code == HTTPStatus.FOUND
    assert "src%3Dboard" in response["Location"]


def test_submit_application_takes_the_source():
    profile = ApplyingProfileFactory()
    application = actions.submit_application(
        profile=profile,
        role=PublishedRoleFactory(),
        cover_letter="Hello",
        source=Source.INVITED,
    )
    assert application.source == Source.INVITED
    assert Application.objects.get().get_source_display() == "Talent pool invitation"
