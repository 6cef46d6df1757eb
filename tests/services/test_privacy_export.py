"""A person's service requests, RSVPs and association applications are in their data
export, and nobody else's are."""

import io
import json
import zipfile

import pytest

from tests.factories import OfficerFactory, UserFactory
from westbund.privacy.actions import export_personal_data

from .factories import MembershipApplicationFactory, RSVPFactory, ServiceRequestFactory

pytestmark = pytest.mark.django_db


def _export(user) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(export_personal_data(user=user)))
    name = next(n for n in archive.namelist() if n.endswith(".json"))
    return json.loads(archive.read(name))


def test_the_export_carries_my_requests_rsvps_and_association_applications():
    me, someone = UserFactory(), UserFactory()
    ServiceRequestFactory(requester=me, subject="Talent apartment")
    ServiceRequestFactory(requester=someone, subject="Someone else's visa")
    RSVPFactory(user=me)
    MembershipApplicationFactory(applicant=me, company="Tiny Robots")

    data = _export(me)

    assert [r["subject"] for r in data["service_requests"]] == ["Talent apartment"]
    assert len(data["event_rsvps"]) == 1
    assert data["association_applications"][0]["company"] == "Tiny Robots"
    assert "Someone else's visa" not in json.dumps(data)


# ------------------------------------------------------------------------------
# Attachment files: in the export, erased with the account (finding 23)
# ------------------------------------------------------------------------------
def _stored_files(root) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def _someone_elses_request():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from services import actions

    from .conftest import make_pdf

    return actions.open_request(
        requester=UserFactory(),
        category="housing",
        subject="Theirs",
        description="Not mine.",
        files=[SimpleUploadedFile("theirs.pdf", make_pdf())],
    )


@pytest.fixture
def my_request_with_files(pdf_upload, png_upload):
    from services import actions

    me, officer = UserFactory(), OfficerFactory()
    request = actions.open_request(
        requester=me,
        category="housing",
        subject="Talent apartment",
        description="A flat, please.",
        files=[pdf_upload("lease.pdf")],
    )
    actions.answer_request(
        request=request,
        by=officer,
        officer=officer,
        message="Please sign this form.",
        attachments=[pdf_upload("form.pdf")],
    )
    actions.reply_to_request(
        request=request, by=me, body="Signed.", files=[png_upload("lease.png")]
    )
    return me, request


def test_the_export_carries_the_files_i_sent_and_the_officers_sent_me(my_request_with_files):
    me, request = my_request_with_files
    other = _someone_elses_request()

    archive = zipfile.ZipFile(io.BytesIO(export_personal_data(user=me)))
    data = json.loads(archive.read("data.json"))

    attachments = data["service_requests"][0]["attachments"]
    assert [(a["name"], a["from"]) for a in attachments] == [
        ("lease.pdf", "you"),
        ("form.pdf", "hub officer"),
        ("lease.png", "you"),
    ]
    names = set(archive.namelist())
    for attachment, stored in zip(attachments, request.attachments.order_by("pk"), strict=True):
        assert attachment["file_in_this_archive"] in names
        with stored.file.open("rb") as handle:
            assert archive.read(attachment["file_in_this_archive"]) == handle.read()
    assert not any(other.reference in name for name in names)


def test_deleting_my_account_erases_my_attachment_files_and_no_one_elses(
    my_request_with_files, settings, django_capture_on_commit_callbacks
):
    from westbund.privacy.actions import delete_account

    me, request = my_request_with_files
    other = _someone_elses_request()
    root = settings.PRIVATE_MEDIA_ROOT
    mine = {a.file.name for a in request.attachments.all()}
    theirs = {a.file.name for a in other.attachments.all()}
    assert _stored_files(root) == mine | theirs
    assert len(mine) == 3

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user=me)

    assert _stored_files(root) == theirs
