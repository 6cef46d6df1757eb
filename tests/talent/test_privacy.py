import io
import json
import zipfile
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

from talent import actions
from talent.models import CVDocument, ProfileReviewEvent, TalentProfile
from tests.enterprises.factories import RecruiterMembershipFactory
from tests.factories import PASSWORD, UserFactory
from westbund.notifications.actions import notify
from westbund.notifications.models import Kind, Notification
from westbund.privacy import actions as privacy_actions
from westbund.privacy.models import Consent, ConsentKind, PrivacyEvent, subject_reference

from .factories import VALID_PDF, CompleteProfileFactory, CVDocumentFactory, OfficerFactory

pytestmark = pytest.mark.django_db


def _decided(profile, officer):
    actions.submit_profile_for_review(profile=profile, by=profile.user)
    actions.decide_review(
        profile=profile, by=officer, decision="changes_requested", message="Tell us more"
    )


@pytest.fixture
def mine(client):
    profile = CompleteProfileFactory(full_name="Lin Wei", current_city="Shanghai")
    CVDocumentFactory(profile=profile, original_name="old cv.pdf")
    _decided(profile, OfficerFactory(display_name="Officer Wang"))
    client.force_login(profile.user)
    return profile


@pytest.fixture
def theirs():
    profile = CompleteProfileFactory(full_name="Other Person", current_city="Hangzhou")
    _decided(profile, OfficerFactory())
    return profile


def _export(client):
    response = client.post(reverse("talent:privacy_export"))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return archive, json.loads(archive.read("data.json"))


def test_export_contains_every_record_of_the_user(client, mine, theirs):
    archive, data = _export(client)
    assert data["account"]["email"] == mine.user.email
    assert data["account"]["email_addresses"][0]["email"] == mine.user.email
    assert data["talent_profile"]["full_name"] == "Lin Wei"
    assert data["talent_profile"]["university"] == "Fudan University"
    assert data["talent_profile"]["phone"] == "+8613800138000"
    assert {c["kind"] for c in data["consents"]} == {ConsentKind.PROFILE_PROCESSING}
    assert [(e["from"], e["to"]) for e in data["profile_review_history"]] == [
        ("draft", "submitted"),
        ("submitted", "changes_requested"),
    ]
    assert data["profile_review_history"][1]["message"] == "Tell us more"
    assert [n["kind"] for n in data["notifications"]["received"]] == [Kind.PROFILE_REVIEW_DECIDED]
    assert len(data["cv_documents"]) == 2
    for cv in data["cv_documents"]:
        assert archive.read(cv["file_in_this_archive"]) == VALID_PDF


def test_export_contains_nothing_of_anyone_else(client, mine, theirs):
    archive, _data = _export(client)
    everything = archive.read("data.json").decode()
    assert "Other Person" not in everything
    assert theirs.user.email not in everything
    assert "Hangzhou" not in everything
    # The officer is another person: named by role only.
    assert "Officer Wang" not in everything
    mine_files = {f"cv/{cv.download_name}" for cv in CVDocument.objects.filter(profile=mine)}
    assert set(archive.namelist()) == {"data.json", *mine_files}


def test_export_is_recorded(client, mine):
    _export(client)
    event = PrivacyEvent.objects.get(kind=PrivacyEvent.Kind.DATA_EXPORTED)
    assert (event.user, event.subject) == (mine.user, subject_reference(mine.user.pk))


def test_export_needs_a_post(client, mine):
    assert client.get(reverse("talent:privacy_export")).status_code == (
        HTTPStatus.METHOD_NOT_ALLOWED
    )


def test_privacy_page_lists_consents_with_their_history(client, mine):
    body = client.get(reverse("talent:privacy")).content.decode()
    assert "Processing of my talent profile by the hub" in body
    assert "Withdraw" in body
    assert "Give consent" in body


def test_withdrawing_and_granting_consent_is_recorded_and_kept(client, mine):
    kind = ConsentKind.SHARE_WITH_ENTERPRISES
    client.post(reverse("talent:consent_change", args=[kind, "grant"]))
    client.post(reverse("talent:consent_change", args=[kind, "withdraw"]))
    client.post(reverse("talent:consent_change", args=[kind, "grant"]))
    rows = Consent.objects.filter(user=mine.user, kind=kind).order_by("granted_at", "pk")
    assert [row.withdrawn_at is None for row in rows] == [False, True]
    assert list(
        PrivacyEvent.objects.filter(user=mine.user).order_by("pk").values_list("kind", flat=True)
    ) == ["consent_granted", "consent_withdrawn", "consent_granted"]


def test_unknown_consent_kind_is_404(client, mine):
    response = client.post(reverse("talent:consent_change", args=["marketing", "grant"]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_wrong_password_deletes_nothing(client, mine):
    response = client.post(reverse("talent:account_delete"), {"password": "wrong", "confirm": "on"})
    assert "That is not your password." in response.content.decode()
    assert get_user_model().objects.filter(pk=mine.user.pk).exists()


def test_deletion_needs_the_confirmation_box(client, mine):
    client.post(reverse("talent:account_delete"), {"password": PASSWORD})
    assert get_user_model().objects.filter(pk=mine.user.pk).exists()


def test_account_deletion_leaves_no_personal_field_or_file(
    client, mine, theirs, settings, django_capture_on_commit_callbacks
):
    user = mine.user
    files = [settings.PRIVATE_MEDIA_ROOT / cv.file.name for cv in mine.cv_documents.all()]
    assert all(path.exists() for path in files)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("talent:account_delete"), {"password": PASSWORD, "confirm": "on"}
        )
    assert response["Location"] == reverse("home")
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email=user.email).exists()
    assert not TalentProfile.objects.filter(pk=mine.pk).exists()
    assert not CVDocument.objects.filter(profile_id=mine.pk).exists()
    assert not Consent.objects.filter(user_id=user.pk).exists()
    assert not Notification.objects.filter(recipient_id=user.pk).exists()
    assert not ProfileReviewEvent.objects.filter(profile_id=mine.pk).exists()
    assert not any(path.exists() for path in files)
    # The privacy log keeps only a keyed hash, nothing that names the person.
    for event in PrivacyEvent.objects.filter(subject=subject_reference(user.pk)):
        assert event.user_id is None
        assert user.email not in json.dumps(event.details)
    assert PrivacyEvent.objects.filter(
        kind=PrivacyEvent.Kind.ACCOUNT_DELETED, subject=subject_reference(user.pk)
    ).exists()
    # The other professional is untouched.
    theirs.refresh_from_db()
    assert theirs.current_cv.file.storage.exists(theirs.current_cv.file.name)
    # And the session is gone.
    assert client.get(reverse("talent:me")).status_code == HTTPStatus.FOUND


def test_no_personal_value_survives_anywhere_in_the_database(
    client, mine, django_capture_on_commit_callbacks
):
    """Search every table's text for the person's name, e-mail and phone."""
    from django.apps import apps

    user = mine.user
    notify(recipient=user, kind=Kind.PROFILE_REVIEW_DECIDED, context={"decision_label": "x"})
    needles = [user.email, "Lin Wei", "8613800138000"]
    with django_capture_on_commit_callbacks(execute=True):
        privacy_actions.delete_account(user=user)
    for model in apps.get_models():
        for row in model.objects.all().values():
            text = json.dumps(row, default=str)
            for needle in needles:
                assert needle not in text, f"{needle!r} left in {model._meta.label}"


def test_deleting_an_account_by_someone_else_is_impossible(client, mine, theirs):
    client.post(reverse("talent:account_delete"), {"password": PASSWORD, "confirm": "on"})
    assert get_user_model().objects.filter(pk=theirs.user.pk).exists()


@pytest.mark.parametrize(
    "url",
    [
        reverse("talent:me"),
        reverse("talent:profile_edit"),
        reverse("talent:cv"),
        reverse("talent:privacy"),
        reverse("talent:account_delete"),
    ],
)
def test_anonymous_visitor_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "intruder",
    [UserFactory, lambda: RecruiterMembershipFactory().user],
    ids=["another professional", "an enterprise's recruiter"],
)
def test_nobody_else_sees_a_profile_through_my_pages(client, mine, theirs, intruder):
    # There is no URL with someone else's profile id: "my" pages show only one's own.
    client.force_login(intruder())
    for url in (reverse("talent:me"), reverse("talent:profile_edit")):
        body = client.get(url).content.decode()
        assert "Lin Wei" not in body
        assert "Other Person" not in body


def test_withdrawing_a_consent_is_asked_first_and_a_get_changes_nothing(client, mine):
    kind = ConsentKind.PROFILE_PROCESSING
    privacy_actions.grant_consent(user=mine.user, kind=kind)
    url = reverse("talent:consent_change", args=[kind, "withdraw"])
    privacy = client.get("/zh-hans/me/privacy/").content.decode()
    assert f'href="/zh-hans/me/privacy/consents/{kind}/withdraw/"' in privacy

    page = client.get(f"/zh-hans{url}")
    body = page.content.decode()
    assert page.status_code == HTTPStatus.OK
    assert "撤回我的同意？" in body
    assert "您的档案将退出人才港的审核，并失去认证；" in body
    assert Consent.objects.filter(user=mine.user, kind=kind).active().exists()

    client.post(url)
    assert not Consent.objects.filter(user=mine.user, kind=kind).active().exists()
    # Nothing left to withdraw: back to the privacy page, with a word.
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("talent:privacy")
    assert "This consent is not given" in response.content.decode()


def test_a_consent_is_not_given_by_a_get(client, mine):
    url = reverse("talent:consent_change", args=[ConsentKind.TALENT_POOL, "grant"])
    assert client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert not Consent.objects.filter(user=mine.user, kind=ConsentKind.TALENT_POOL).exists()


def test_my_hub_says_where_to_give_a_missing_consent(client):
    profile = CompleteProfileFactory()
    client.force_login(profile.user)
    assert "/zh-hans/me/privacy/" not in _hub_review_card(client)
    privacy_actions.withdraw_consent(user=profile.user, kind=ConsentKind.PROFILE_PROCESSING)
    card = _hub_review_card(client)
    assert "同意处理您的档案" in card
    assert '<a href="/zh-hans/me/privacy/">在隐私页面给予同意</a>' in card


def _hub_review_card(client) -> str:
    body = client.get("/zh-hans/me/").content.decode()
    return body[body.index('id="completeness"') : body.index('id="review-title"')]
