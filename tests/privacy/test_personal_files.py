"""Personal files have one path (westbund.privacy.files): each test tries to break a rule
of it for both kinds of file the portal keeps, CVs and service-request attachments."""

import io
import os
import zipfile
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import translation

from services import actions as service_actions
from services.models import ServiceRequest, ServiceRequestAttachment
from talent.models import CVDocument
from tests.enterprises.factories import EnterpriseFactory, MembershipFactory
from tests.factories import OfficerFactory, UserFactory
from tests.services.conftest import make_pdf, make_png
from tests.talent.factories import (
    VALID_PDF,
    ApplicationFactory,
    ApplyingProfileFactory,
    CompleteProfileFactory,
    CVDocumentFactory,
)
from westbund.accounts.groups import OFFICER_GROUP
from westbund.privacy import files
from westbund.privacy.actions import delete_account, export_personal_data
from westbund.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def _stored(root) -> set[str]:
    """Every file under the private storage directory, walked on disk."""
    found = set()
    for directory, _dirs, names in os.walk(root):
        for name in names:
            found.add(os.path.relpath(os.path.join(directory, name), root))
    return found


def _upload(name, content):
    return SimpleUploadedFile(name, content)


def _person_with_every_kind_of_file():
    """A professional with two CVs, a request with their files and an officer's reply
    with a file, and a file they added to a colleague's enterprise request."""
    profile = CompleteProfileFactory()
    CVDocumentFactory(profile=profile)
    user = profile.user
    officer = OfficerFactory()
    request = service_actions.open_request(
        requester=user,
        category="housing",
        subject="Talent apartment",
        description="A flat, please.",
        files=[_upload("lease.pdf", make_pdf("Lease")), _upload("passport.png", make_png())],
    )
    service_actions.answer_request(
        request=request,
        by=officer,
        message="Signed form attached.",
        attachments=[_upload("form.pdf", make_pdf("Form"))],
    )
    return user, request


def _someone_else_with_files():
    profile = CompleteProfileFactory()
    request = service_actions.open_request(
        requester=profile.user,
        category="housing",
        subject="Theirs",
        description="Not mine.",
        files=[_upload("theirs.pdf", make_pdf("Theirs"))],
    )
    return profile, request


# -- Erasure -------------------------------------------------------------------------------


def test_after_account_deletion_no_file_of_the_person_remains_on_disk(
    settings, django_capture_on_commit_callbacks
):
    user, _request = _person_with_every_kind_of_file()
    other_profile, other_request = _someone_else_with_files()
    root = settings.PRIVATE_MEDIA_ROOT
    theirs = {cv.file.name for cv in other_profile.cv_documents.all()} | {
        attachment.file.name for attachment in other_request.attachments.all()
    }
    assert len(_stored(root)) == len(theirs) + 2 + 3  # two CVs, three attachments

    with django_capture_on_commit_callbacks(execute=True):
        event = delete_account(user=user)

    assert _stored(root) == theirs
    assert not ServiceRequest.objects.filter(requester_id=user.pk).exists()
    assert event.details["files_erased"] == 5
    assert event.details["cv_files_erased"] == 2
    assert event.details["service_request_files_erased"] == 3


def test_a_deletion_that_fails_erases_no_file(settings, monkeypatch):
    user, _request = _person_with_every_kind_of_file()
    root = settings.PRIVATE_MEDIA_ROOT
    before = _stored(root)

    def fail(*args, **kwargs):
        raise IntegrityError("the database went away")

    monkeypatch.setattr(type(user), "delete", fail)
    with pytest.raises(IntegrityError):
        delete_account(user=user)

    assert _stored(root) == before
    assert CVDocument.objects.filter(profile__user=user).count() == 2


# -- Export --------------------------------------------------------------------------------


def test_the_export_contains_every_personal_file_byte_for_byte(settings):
    user, _request = _person_with_every_kind_of_file()
    other_profile, other_request = _someone_else_with_files()
    mine = [cv.file for cv in CVDocument.objects.filter(profile__user=user)] + [
        attachment.file
        for attachment in ServiceRequestAttachment.objects.filter(request__requester=user)
    ]
    assert len(mine) == 5

    archive = zipfile.ZipFile(io.BytesIO(export_personal_data(user=user)))

    packed = [archive.read(name) for name in archive.namelist() if name != "data.json"]
    assert len(packed) == len(mine)
    for stored in mine:
        with stored.open("rb") as handle:
            assert handle.read() in packed
    # Nobody else's file, not even one of the same kind.
    for other in [*other_profile.cv_documents.all(), *other_request.attachments.all()]:
        assert not any(other.file.name.rsplit("/", 1)[-1] in name for name in archive.namelist())


# -- Downloads -----------------------------------------------------------------------------


@pytest.fixture
def cv():
    return CVDocumentFactory(profile=CompleteProfileFactory())


@pytest.fixture
def attachment():
    request = service_actions.open_request(
        requester=UserFactory(),
        category="housing",
        subject="Lease",
        description="My lease.",
        files=[_upload("lease.pdf", make_pdf())],
    )
    return request.attachments.get()


def _url(kind, cv, attachment):
    return (
        (cv if kind == "cv" else attachment).get_absolute_url()
        if kind != "cv"
        else (f"/me/cv/{cv.pk}/download/")
    )


@pytest.fixture
def download_url(cv, attachment):
    from django.urls import reverse

    def url(kind):
        if kind == "cv":
            return reverse("talent:cv_download", args=[cv.pk])
        return attachment.get_absolute_url()

    return url


def _without(user, codename):
    """``user`` in the officers' group, the group without ``codename``."""
    group = Group.objects.get(name=OFFICER_GROUP)
    app_label, codename = codename.split(".")
    group.permissions.remove(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    return user


AREA_OF = {"cv": "talent.view_cvdocument", "attachment": "services.view_servicerequestattachment"}


@pytest.mark.parametrize("kind", ["cv", "attachment"])
def test_staff_without_the_permission_cannot_download(client, sign_in_officer, download_url, kind):
    officer = _without(OfficerFactory(), AREA_OF[kind])
    sign_in_officer(client, officer)

    response = client.get(download_url(kind))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("kind", ["cv", "attachment"])
def test_staff_with_the_permission_but_no_two_factor_session_cannot_download(
    client, download_url, kind
):
    client.force_login(OfficerFactory())

    response = client.get(download_url(kind))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("kind", ["cv", "attachment"])
def test_plain_staff_outside_the_officer_groups_cannot_download(
    client, sign_in_officer, download_url, kind
):
    from tests.factories import StaffUserFactory

    sign_in_officer(client, StaffUserFactory())

    assert client.get(download_url(kind)).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    ("kind", "action"),
    [("cv", AuditEvent.Action.CV_VIEWED), ("attachment", AuditEvent.Action.ATTACHMENT_VIEWED)],
)
def test_each_officer_download_writes_an_audit_event_and_is_never_cached(
    client, sign_in_officer, download_url, kind, action, cv, attachment
):
    officer = OfficerFactory()
    sign_in_officer(client, officer)

    for _ in range(2):
        response = client.get(download_url(kind))
        assert response.status_code == HTTPStatus.OK
        assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")

    target = cv if kind == "cv" else attachment
    events = AuditEvent.objects.filter(actor=officer, action=action, target_id=str(target.pk))
    assert events.count() == 2


@pytest.mark.parametrize("kind", ["cv", "attachment"])
def test_the_owner_downloading_their_own_file_is_not_audited(
    client, download_url, kind, cv, attachment
):
    owner = cv.profile.user if kind == "cv" else attachment.request.requester
    client.force_login(owner)

    response = client.get(download_url(kind))

    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"]
    assert not AuditEvent.objects.exists()


def test_a_recruiter_reading_an_applicants_cv_is_audited(client):
    application = ApplicationFactory(profile=ApplyingProfileFactory())
    recruiter = MembershipFactory(enterprise=application.enterprise).user
    client.force_login(recruiter)

    response = client.get(application.cv.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert AuditEvent.objects.get().actor == recruiter


def test_a_colleague_reading_an_enterprise_requests_file_is_audited(client):
    enterprise = EnterpriseFactory()
    requester, colleague = (MembershipFactory(enterprise=enterprise).user for _ in range(2))
    request = service_actions.open_request(
        requester=requester,
        enterprise=enterprise,
        category="housing",
        subject="Office lease",
        description="For the team.",
        files=[_upload("lease.pdf", make_pdf())],
    )
    client.force_login(colleague)

    response = client.get(request.attachments.get().get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert AuditEvent.objects.get().actor == colleague


# -- Rollback ------------------------------------------------------------------------------


def test_a_failed_service_request_leaves_no_file(settings, monkeypatch):
    def fail(category):
        raise IntegrityError("the database went away")

    monkeypatch.setattr(service_actions, "_officers_for", fail)

    with pytest.raises(IntegrityError):
        service_actions.open_request(
            requester=UserFactory(),
            category="housing",
            subject="Lease",
            description="My lease.",
            files=[_upload("lease.pdf", make_pdf()), _upload("passport.png", make_png())],
        )

    assert not ServiceRequest.objects.exists()
    assert _stored(settings.PRIVATE_MEDIA_ROOT) == set()


def test_a_failed_reply_leaves_no_file(settings, monkeypatch):
    _profile, request = _someone_else_with_files()
    before = _stored(settings.PRIVATE_MEDIA_ROOT)

    def fail(**kwargs):
        raise IntegrityError("the database went away")

    monkeypatch.setattr(service_actions, "_notify_request", fail)
    with pytest.raises(IntegrityError):
        service_actions.answer_request(
            request=request,
            by=OfficerFactory(),
            message="Here you are.",
            attachments=[_upload("form.pdf", make_pdf())],
        )

    assert _stored(settings.PRIVATE_MEDIA_ROOT) == before


def test_files_stored_in_an_inner_block_go_when_the_outer_one_rolls_back(settings):
    profile = CompleteProfileFactory()
    before = _stored(settings.PRIVATE_MEDIA_ROOT)
    with pytest.raises(RuntimeError), files.files_removed_on_rollback():
        with files.files_removed_on_rollback():
            document = CVDocument(profile=profile, original_name="cv.pdf", size=1, sha256="0")
            files.store_file(document.file, "cv.pdf", ContentFile(VALID_PDF))
        assert _stored(settings.PRIVATE_MEDIA_ROOT) == before | {document.file.name}
        raise RuntimeError("a later step fails")

    assert _stored(settings.PRIVATE_MEDIA_ROOT) == before


def test_storing_a_private_file_outside_a_rollback_block_is_refused():
    document = CVDocument(original_name="cv.pdf", size=1, sha256="0")
    with pytest.raises(RuntimeError):
        files.store_file(document.file, "cv.pdf", ContentFile(VALID_PDF))


# -- One storage -------------------------------------------------------------------------


def test_cvs_and_attachments_live_in_the_one_private_storage_without_a_url():
    from django.core.files.storage import storages

    for field in (
        CVDocument._meta.get_field("file"),
        ServiceRequestAttachment._meta.get_field("file"),
    ):
        assert field.storage is storages["private"]
    with pytest.raises(ValueError, match="no public URL"):
        storages["private"].url("cv/x.pdf")


# -- One checker ----------------------------------------------------------------------------


def _pdf_with_password() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("rule", "name", "content", "english", "chinese"),
    [
        ("CV", "cv.pdf", b"", "The file is empty.", "文件为空"),
        ("CV", "cv.pdf", b"MZ\x90\x00 not a pdf", "This file is not a PDF.", "该文件不是 PDF"),
        ("CV", "cv.pdf", b"%PDF-1.4 broken", "could not be opened", "无法以 PDF 格式打开"),
        ("CV", "cv.pdf", "encrypted", "password-protected", "设有密码保护"),
        ("ATTACHMENT", "evil.pdf", b"%PDF-1.4 broken", "is not a PDF, JPEG", "不是可以打开的"),
        ("ATTACHMENT", "a.png", b"\x89PNG\r\n\x1a\n broken", "is not a PDF", "不是可以打开的"),
        ("ATTACHMENT", "empty.pdf", b"", "“empty.pdf” is empty.", "“empty.pdf”是空文件"),
        ("LOGO", "logo.png", b"GIF89a not really", "The logo must be an image", "标志必须是图片"),
    ],
)
def test_the_upload_checker_refuses_by_content_in_both_languages(
    rule, name, content, english, chinese
):
    if content == "encrypted":
        content = _pdf_with_password()
    for language, expected in (("en", english), ("zh-hans", chinese)):
        with translation.override(language):
            with pytest.raises(ValidationError) as refused:
                files.check_upload(SimpleUploadedFile(name, content), getattr(files, rule))
            assert expected in " ".join(refused.value.messages)


def test_the_upload_checker_says_the_size_limit():
    too_big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * files.CV.max_bytes)
    with pytest.raises(ValidationError, match=r"a CV may be at most 5\.0"):
        files.check_upload(too_big, files.CV)
    with pytest.raises(ValidationError, match=r"The logo is 5\.0 MB; the limit is 2 MB"):
        files.check_upload(too_big, files.LOGO)


def test_the_upload_checker_counts_the_files():
    uploads = [_upload(f"{n}.pdf", make_pdf()) for n in range(files.ATTACHMENT.max_count + 1)]
    with pytest.raises(ValidationError, match=r"Attach at most 5 files at a time\."):
        files.check_uploads(uploads, files.ATTACHMENT)


def test_the_upload_checker_accepts_what_each_rule_allows():
    assert files.check_upload(_upload("cv.pdf", VALID_PDF), files.CV).pages == 1
    assert files.check_upload(_upload("a.png", make_png()), files.ATTACHMENT).content_type == (
        "image/png"
    )
    assert files.check_upload(_upload("logo.png", make_png()), files.LOGO).extension == "png"
    with pytest.raises(ValidationError):
        files.check_upload(_upload("a.png", make_png()), files.CV)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("C:\\Users\\lin\\lease.pdf", "lease.pdf"),
        ("../../etc/passwd", "passwd"),
        ("re\u202eport\x00.pdf", "report.pdf"),
        ("", "file"),
        ("a" * 300 + ".pdf", "a" * 200),
    ],
)
def test_uploaded_names_are_kept_safe(given, kept):
    assert files.display_name(given, default="file") == kept
