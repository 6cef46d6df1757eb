"""Offers and threads for the hub's officers (read-only) and in the person's rights:
the export carries them, deleting the account erases what is about the person."""

import io
import json
import zipfile
from http import HTTPStatus

import pytest
from django.urls import reverse

from talent import actions
from talent.models import ApplicationMessage, Offer
from tests.enterprises.factories import RecruiterMembershipFactory
from tests.factories import OfferFactory, OfficerFactory, SentOfferFactory
from tests.talent.factories import ApplicationFactory, ApplyingProfileFactory
from westbund.privacy import actions as privacy_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def application():
    return ApplicationFactory(profile=ApplyingProfileFactory(full_name="Lin Wei"))


@pytest.fixture
def recruiter(application):
    return RecruiterMembershipFactory(enterprise=application.enterprise).user


@pytest.fixture
def officer_client(client, sign_in_officer):
    return sign_in_officer(client, OfficerFactory())


def test_officers_read_an_applications_offers_and_thread(officer_client, application, recruiter):
    offer = SentOfferFactory(application=application, position="Chief VLM Officer")
    actions.send_message(application=application, by=recruiter, body="Are you free on Friday?")
    url = reverse("admin:talent_application_change", args=[application.pk])

    body = officer_client.get(url).content.decode()

    assert "Chief VLM Officer" in body
    assert "Are you free on Friday?" in body
    # Read-only: no form fields for them, no way to add one.
    assert 'name="offers-0-position"' not in body
    assert 'name="messages-0-body"' not in body
    offer_page = officer_client.get(reverse("admin:talent_offer_change", args=[offer.pk]))
    assert offer_page.status_code == HTTPStatus.OK
    assert officer_client.post(
        reverse("admin:talent_offer_change", args=[offer.pk]), {"position": "x"}
    ).status_code in {HTTPStatus.FORBIDDEN, HTTPStatus.OK}
    offer.refresh_from_db()
    assert offer.position == "Chief VLM Officer"


def test_the_dashboard_counts_outstanding_offers_and_this_weeks_messages(
    officer_client, application, recruiter
):
    SentOfferFactory(application=application)
    OfferFactory(status="accepted")
    actions.send_message(application=application, by=recruiter, body="Hello")
    body = officer_client.get("/admin/").content.decode()
    assert (
        "Offers outstanding (awaiting approval or the candidate)</a></th>\n        <td>1</td>"
        in body
    )
    assert (
        "Messages between enterprises and candidates this week</a></th>\n        <td>1</td>" in body
    )


def test_the_export_carries_the_offers_received_and_the_thread(client, application, recruiter):
    user = application.profile.user
    SentOfferFactory(application=application, letter="Dear Lin Wei, welcome.", status="declined")
    OfferFactory(application=application, position="Unsent draft")
    actions.send_message(application=application, by=recruiter, body="Welcome!")
    actions.send_message(application=application, by=user, body="Thanks!")
    client.force_login(user)

    response = client.post(reverse("talent:privacy_export"))

    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("data.json"))
    assert [offer["letter"] for offer in data["offers"]] == ["Dear Lin Wei, welcome."]
    assert [(m["from"], m["body"]) for m in data["application_messages"]] == [
        ("enterprise", "Welcome!"),
        ("you", "Thanks!"),
    ]


def test_deleting_the_account_erases_the_thread_and_the_letter(
    application, recruiter, django_capture_on_commit_callbacks
):
    from django.apps import apps

    user = application.profile.user
    offer = SentOfferFactory(application=application, letter="Dear Lin Wei, welcome.")
    actions.send_message(application=application, by=user, body="Lin Wei here, thanks!")
    actions.decline_offer(offer=offer, by=user, reason="Lin Wei has other plans")
    with django_capture_on_commit_callbacks(execute=True):
        privacy_actions.delete_account(user=user)

    assert not ApplicationMessage.objects.exists()
    offer = Offer.objects.get()
    assert offer.letter == ""
    assert offer.status == "declined"
    for model in apps.get_models():
        for row in model.objects.all().values():
            assert "Lin Wei" not in json.dumps(row, default=str), model._meta.label
