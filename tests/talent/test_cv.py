from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from talent.models import CVDocument
from tests.enterprises.factories import RecruiterMembershipFactory
from tests.factories import StaffUserFactory, UserFactory

from .factories import VALID_PDF, CompleteProfileFactory, OfficerFactory, TalentProfileFactory

pytestmark = pytest.mark.django_db

CV_URL = reverse("talent:cv")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def upload(content: bytes, name="cv.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def profile(client):
    profile = TalentProfileFactory()
    client.force_login(profile.user)
    return profile


def test_valid_pdf_becomes_the_current_cv_in_private_storage(client, profile, settings):
    response = client.post(CV_URL, {"file": upload(VALID_PDF, name="Lin Wei CV.pdf")})
    assert response.status_code == HTTPStatus.FOUND
    profile.refresh_from_db()
    cv = profile.current_cv
    assert cv.original_name == "Lin Wei CV.pdf"
    assert cv.size == len(VALID_PDF)
    assert cv.page_count == 1
    stored = settings.PRIVATE_MEDIA_ROOT / cv.file.name
    assert stored.read_bytes() == VALID_PDF
    assert not str(stored).startswith(str(settings.MEDIA_ROOT))


def test_stored_name_is_generated_never_the_uploaded_one(client, profile):
    client.post(CV_URL, {"file": upload(VALID_PDF, name="../../../etc/passwd.pdf")})
    cv = CVDocument.objects.get()
    assert ".." not in cv.file.name
    assert "passwd" not in cv.file.name
    assert cv.file.name.startswith("cv/")
    assert cv.original_name == "passwd.pdf"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (EXE, "This file is not a PDF."),
        (b"", "The submitted file is empty."),
        (b"%PDF-1.4\nthis is not really a pdf\n%%EOF", "could not be opened as a PDF"),
        (VALID_PDF + b"\0" * (6 * 1024 * 1024), "a CV may be at most 5.0"),
    ],
    ids=["exe-renamed-pdf", "empty", "fake-header", "6-mb"],
)
def test_bad_upload_is_refused_with_a_clear_message(client, profile, content, message, settings):
    response = client.post(CV_URL, {"file": upload(content)})
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert not CVDocument.objects.exists()
    profile.refresh_from_db()
    assert profile.current_cv is None
    assert not (settings.PRIVATE_MEDIA_ROOT / "cv").exists()


def test_replacing_a_cv_keeps_the_earlier_one(client, profile):
    client.post(CV_URL, {"file": upload(VALID_PDF)})
    first = CVDocument.objects.get()
    client.post(CV_URL, {"file": upload(VALID_PDF)})
    profile.refresh_from_db()
    assert CVDocument.objects.count() == 2
    assert profile.current_cv != first
    assert first.file.storage.exists(first.file.name)


def test_cv_page_needs_a_profile_first(client):
    client.force_login(UserFactory())
    response = client.get(CV_URL)
    assert response["Location"] == reverse("talent:profile_edit")


def test_owner_downloads_their_cv(client):
    profile = CompleteProfileFactory()
    client.force_login(profile.user)
    response = client.get(reverse("talent:cv_download", args=[profile.current_cv_id]))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == VALID_PDF


def test_officer_with_the_permission_downloads_a_cv(client, sign_in_officer):
    profile = CompleteProfileFactory()
    sign_in_officer(client, OfficerFactory())
    response = client.get(reverse("talent:cv_download", args=[profile.current_cv_id]))
    assert response.status_code == HTTPStatus.OK


def test_officer_session_without_two_factors_cannot_download_a_cv(client):
    profile = CompleteProfileFactory()
    client.force_login(OfficerFactory())
    response = client.get(reverse("talent:cv_download", args=[profile.current_cv_id]))
    assert response.status_code == HTTPStatus.NOT_FOUND


INTRUDERS = {
    "another professional": lambda: CompleteProfileFactory().user,
    "an enterprise's recruiter": lambda: RecruiterMembershipFactory().user,
    "staff without the permission": StaffUserFactory,
}


@pytest.mark.parametrize("intruder", INTRUDERS.values(), ids=INTRUDERS.keys())
def test_intruder_gets_404_on_someone_elses_cv(client, intruder):
    profile = CompleteProfileFactory()
    client.force_login(intruder())
    response = client.get(reverse("talent:cv_download", args=[profile.current_cv_id]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_deactivated_officer_cannot_download_a_cv(client):
    profile = CompleteProfileFactory()
    client.force_login(OfficerFactory(is_active=False))
    response = client.get(reverse("talent:cv_download", args=[profile.current_cv_id]))
    assert response.status_code != HTTPStatus.OK
    assert not CVDocument.objects.readable_by(OfficerFactory(is_active=False)).exists()


def test_anonymous_visitor_is_sent_to_sign_in_for_a_cv(client):
    profile = CompleteProfileFactory()
    response = client.get(reverse("talent:cv_download", args=[profile.current_cv_id]))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_cv_is_not_reachable_under_media_url(client, settings):
    profile = CompleteProfileFactory()
    name = profile.current_cv.file.name
    assert client.get(f"{settings.MEDIA_URL}{name}").status_code == HTTPStatus.NOT_FOUND
    with pytest.raises(ValueError, match="no public URL"):
        _ = profile.current_cv.file.url


def test_readable_by_is_the_rule(client):
    mine = CompleteProfileFactory()
    theirs = CompleteProfileFactory()
    assert list(CVDocument.objects.readable_by(mine.user)) == [mine.current_cv]
    assert set(CVDocument.objects.readable_by(OfficerFactory())) == {
        mine.current_cv,
        theirs.current_cv,
    }
