"""Hostile files on every upload field: the CV (``/me/cv/``), service request
attachments (``/services/requests/new/``) and the enterprise logo in the workspace.

Decisions this file pins down:
- A PDF with JavaScript (an ``/OpenAction``) and an HTML ``<script>`` in it is a valid
  PDF, so it is accepted as a CV or attachment; what makes it harmless is how it is
  served: only as a download (``Content-Disposition: attachment``), as
  ``application/pdf`` with ``X-Content-Type-Options: nosniff``, never inline as HTML.
- Files are checked by content: an HTML page behind a GIF or JPEG magic number, an
  SVG (it can carry script) and any ZIP (no zip bombs to unpack) are refused.
- The uploader's file name is never the stored name (no ``../``, NUL or 300-character
  names reach the disk); it is kept only for display, escaped.
"""

import re
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.views.static import serve

from enterprises.models import Enterprise
from services.models import ServiceRequest, ServiceRequestAttachment
from talent.models import CVDocument

from .forms import enterprise_data, multipart, request_data
from .payloads import (
    HOSTILE_FILE_NAMES,
    SVG_WITH_SCRIPT,
    gif_html_polyglot,
    html_with_gif_header,
    image_bytes,
    jpeg_html_polyglot,
    pdf_with_javascript,
    zip_bomb_like,
)

pytestmark = pytest.mark.django_db

STORED_CV_NAME = re.compile(r"^cv/\d{4}/\d{2}/[0-9a-f]{32}\.pdf$")
STORED_ATTACHMENT_NAME = re.compile(r"^service-requests/[\w-]+/[0-9a-f]{24}\.(pdf|jpg|png)$")
STORED_PRIVATE_NAME = re.compile(f"{STORED_CV_NAME.pattern}|{STORED_ATTACHMENT_NAME.pattern}")
SAFE_DOWNLOAD_TYPES = {"application/pdf", "image/jpeg", "image/png"}


def _upload(client, path, fields, field, filename, data, content_type="application/pdf"):
    body, multipart_type = multipart(fields, [(field, filename, content_type, data)])
    return client.post(path, data=body, content_type=multipart_type)


def assert_served_as_download(response, content_types=SAFE_DOWNLOAD_TYPES):
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Disposition"].startswith("attachment;")
    assert "\r" not in response["Content-Disposition"]
    assert "\n" not in response["Content-Disposition"]
    assert response["Content-Type"] in content_types
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        "sandbox" in response["Content-Security-Policy"]
        or "default-src 'self'" in (response["Content-Security-Policy"])
    )


def assert_all_files_inside(root, pattern):
    root = Path(root).resolve()
    for stored in root.rglob("*"):
        if stored.is_file():
            assert stored.resolve().is_relative_to(root)
            assert pattern.match(stored.relative_to(root).as_posix()), stored


# -- The CV ------------------------------------------------------------------------------------


@pytest.fixture
def cv_client(client, professional):
    client.force_login(professional)
    return client


def test_a_pdf_carrying_javascript_is_accepted_as_a_cv_but_only_ever_downloaded(
    cv_client, professional
):
    response = _upload(cv_client, "/me/cv/", {}, "file", "cv.pdf", pdf_with_javascript())
    assert response.status_code == HTTPStatus.FOUND
    document = CVDocument.objects.filter(profile__user=professional).latest("pk")

    download = cv_client.get(f"/me/cv/{document.pk}/download/")

    assert_served_as_download(download, {"application/pdf"})
    assert b"".join(download.streaming_content) == pdf_with_javascript()


@pytest.mark.parametrize(
    "data",
    [gif_html_polyglot(), html_with_gif_header(), jpeg_html_polyglot(), zip_bomb_like()],
    ids=["gif+html", "gif-magic+html", "jpeg+html", "zip"],
)
def test_a_file_that_is_not_a_pdf_is_refused_as_a_cv(cv_client, professional, data):
    before = CVDocument.objects.count()

    response = _upload(cv_client, "/me/cv/", {}, "file", "cv.pdf", data)

    assert response.status_code == HTTPStatus.OK
    assert "not a PDF" in response.content.decode()
    assert CVDocument.objects.count() == before


@pytest.mark.parametrize("filename", HOSTILE_FILE_NAMES, ids=range(len(HOSTILE_FILE_NAMES)))
def test_a_hostile_cv_file_name_is_never_the_stored_name(cv_client, professional, filename):
    response = _upload(cv_client, "/me/cv/", {}, "file", filename, pdf_with_javascript())

    assert response.status_code == HTTPStatus.FOUND  # accepted: the content is a PDF
    assert_all_files_inside(settings.PRIVATE_MEDIA_ROOT, STORED_PRIVATE_NAME)
    for document in CVDocument.objects.filter(profile__user=professional):
        assert STORED_CV_NAME.match(document.file.name)
        assert "/" not in document.original_name and "\x00" not in document.original_name
        assert len(document.original_name) <= 200


# -- Service request attachments --------------------------------------------------------------


@pytest.fixture
def requester_client(client, professional):
    client.force_login(professional)
    return client


def _new_request_with(client, filename, data, content_type="application/pdf"):
    return _upload(
        client,
        "/services/requests/new/",
        request_data(),
        "attachments",
        filename,
        data,
        content_type,
    )


@pytest.mark.parametrize(
    ("data", "content_type"),
    [(pdf_with_javascript(), "application/pdf"), (jpeg_html_polyglot(), "image/jpeg")],
    ids=["pdf+javascript", "jpeg+html"],
)
def test_an_accepted_hostile_attachment_is_only_ever_downloaded(
    requester_client, data, content_type
):
    response = _new_request_with(requester_client, "evidence.html", data, "text/html")
    assert response.status_code == HTTPStatus.FOUND
    attachment = ServiceRequestAttachment.objects.latest("pk")

    download = requester_client.get(attachment.get_absolute_url())

    assert_served_as_download(download, {content_type})
    assert not attachment.file.name.endswith(".html")


@pytest.mark.parametrize(
    "data",
    [gif_html_polyglot(), html_with_gif_header(), SVG_WITH_SCRIPT, zip_bomb_like()],
    ids=["gif+html", "gif-magic+html", "svg+script", "zip"],
)
def test_a_file_of_another_type_is_refused_as_an_attachment_and_no_request_is_opened(
    requester_client, data
):
    response = _new_request_with(requester_client, "evidence.pdf", data)

    assert response.status_code == HTTPStatus.OK
    assert "is not a PDF, JPEG or PNG file" in response.content.decode()
    assert not ServiceRequest.objects.filter(subject="A talent apartment").exists()
    assert not ServiceRequestAttachment.objects.exists()


@pytest.mark.parametrize("filename", HOSTILE_FILE_NAMES, ids=range(len(HOSTILE_FILE_NAMES)))
def test_a_hostile_attachment_file_name_is_never_the_stored_name(requester_client, filename):
    response = _new_request_with(requester_client, filename, pdf_with_javascript())

    assert response.status_code == HTTPStatus.FOUND  # accepted: the content is a PDF
    assert_all_files_inside(settings.PRIVATE_MEDIA_ROOT, STORED_PRIVATE_NAME)
    for attachment in ServiceRequestAttachment.objects.all():
        assert STORED_ATTACHMENT_NAME.match(attachment.file.name)
        assert len(attachment.original_name) <= 200
        download = requester_client.get(attachment.get_absolute_url())
        assert_served_as_download(download, {"application/pdf"})


# -- The enterprise logo ------------------------------------------------------------------------


@pytest.fixture
def logo_client(client, recruiter):
    client.force_login(recruiter)
    return client


def _upload_logo(client, enterprise, filename, data, content_type="image/png"):
    return _upload(
        client,
        f"/workspace/{enterprise.slug}/page/",
        enterprise_data(enterprise),
        "logo",
        filename,
        data,
        content_type,
    )


def test_a_real_logo_is_accepted(logo_client, enterprise):
    response = _upload_logo(logo_client, enterprise, "logo.png", image_bytes("PNG"))

    assert response.status_code == HTTPStatus.FOUND
    assert Enterprise.objects.get(pk=enterprise.pk).logo.name.endswith(".png")


@pytest.mark.parametrize(
    ("filename", "data", "content_type"),
    [
        ("logo.svg", SVG_WITH_SCRIPT, "image/svg+xml"),
        ("logo.png", SVG_WITH_SCRIPT, "image/png"),
        ("logo.gif", html_with_gif_header(), "image/gif"),
        ("logo.html", gif_html_polyglot(), "text/html"),
        ("logo.png", zip_bomb_like(), "application/zip"),
        ("logo.zip", zip_bomb_like(), "application/zip"),
    ],
    ids=["svg", "svg-renamed-png", "gif-magic+html", "polyglot-named-html", "zip-as-png", "zip"],
)
def test_a_hostile_logo_is_refused(logo_client, enterprise, filename, data, content_type):
    response = _upload_logo(logo_client, enterprise, filename, data, content_type)

    assert response.status_code == HTTPStatus.OK
    assert Enterprise.objects.get(pk=enterprise.pk).logo.name == ""


def test_a_gif_html_polyglot_logo_keeps_an_image_name_and_type(logo_client, enterprise, settings):
    # Pillow reads it as a GIF, so it is accepted; it stays a .gif served as image/gif
    # with nosniff, so no browser renders the HTML tail.
    response = _upload_logo(logo_client, enterprise, "logo.gif", gif_html_polyglot(), "image/gif")
    assert response.status_code == HTTPStatus.FOUND
    logo = Enterprise.objects.get(pk=enterprise.pk).logo

    assert re.fullmatch(r"enterprises/logos/[\w.-]+\.gif", logo.name)
    served = serve(RequestFactory().get("/"), logo.name, document_root=settings.MEDIA_ROOT)
    assert served["Content-Type"] == "image/gif"


@pytest.mark.parametrize(
    "filename",
    ["../../etc/passwd.png", "..\\..\\evil.png", "x" * 300 + ".png", "标志\u202egnp.exe.png"],
    ids=["traversal", "backslashes", "long", "rtl"],
)
def test_a_hostile_logo_file_name_stays_under_the_logo_folder(logo_client, enterprise, filename):
    response = _upload_logo(logo_client, enterprise, filename, image_bytes("PNG"))

    assert response.status_code == HTTPStatus.FOUND
    name = Enterprise.objects.get(pk=enterprise.pk).logo.name
    assert re.fullmatch(r"enterprises/logos/[^/\\]+", name), name
    media = Path(settings.MEDIA_ROOT).resolve()
    assert (media / name).resolve().is_relative_to(media)
