"""The security headers on a sample of pages of every area, downloads and errors.

Extends ``tests/test_security_headers.py`` (home, login, robots) to the rest of the
site: public pages, the professional's hub, the workspace, the officers' admin, file
downloads and error pages, in both languages.
"""

import re
from http import HTTPStatus

import pytest

pytestmark = pytest.mark.django_db

EXECUTABLE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")", re.I
)


def assert_hardened(response):
    csp = response["Content-Security-Policy"]
    script_src = csp.split("script-src", 1)[1].split(";", 1)[0]
    assert "'self'" in script_src
    assert "unsafe-inline" not in script_src
    assert "unsafe-eval" not in script_src
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.fixture
def pages(role, enterprise, application):
    return {
        "public": [
            "/jobs/",
            f"/jobs/{role.slug}/",
            "/enterprises/",
            f"/enterprises/{enterprise.slug}/",
            "/services/",
            "/services/policies/",
            "/services/manual/",
            "/services/community/",
            "/accounts/signup/",
            "/zh-hans/jobs/",
            f"/zh-hans/enterprises/{enterprise.slug}/",
        ],
        "professional": [
            "/me/",
            "/me/profile/",
            "/me/cv/",
            "/me/applications/",
            f"/me/applications/{application.pk}/",
            "/me/privacy/",
            "/me/inbox/",
            "/services/requests/new/",
            "/zh-hans/me/",
        ],
        "recruiter": [
            f"/workspace/{enterprise.slug}/",
            f"/workspace/{enterprise.slug}/roles/",
            f"/workspace/{enterprise.slug}/roles/new/",
            f"/workspace/{enterprise.slug}/page/",
            f"/workspace/{enterprise.slug}/applicants/",
            f"/workspace/{enterprise.slug}/applicants/{application.pk}/",
            f"/zh-hans/workspace/{enterprise.slug}/",
        ],
        "officer": [
            "/admin/",
            "/admin/talent/talentprofile/",
            f"/admin/talent/talentprofile/{application.profile.pk}/change/",
            "/admin/enterprises/role/",
            "/admin/services/servicerequest/",
        ],
    }


@pytest.fixture
def signed_in(client, professional, recruiter, officer, sign_in_officer):
    def as_(area):
        if area == "professional":
            client.force_login(professional)
        elif area == "recruiter":
            client.force_login(recruiter)
        elif area == "officer":
            sign_in_officer(client, officer)
        return client

    return as_


@pytest.mark.parametrize("area", ["public", "professional", "recruiter", "officer"])
def test_every_area_carries_the_security_headers(pages, signed_in, area):
    client = signed_in(area)

    for path in pages[area]:
        response = client.get(path)
        assert response.status_code == HTTPStatus.OK, path
        assert_hardened(response)


@pytest.mark.parametrize("area", ["public", "professional", "recruiter"])
def test_our_pages_have_no_executable_inline_script(pages, signed_in, area):
    # The CSP would block one anyway; this keeps the templates honest. JSON data
    # blocks (JSON-LD, json_script) are not executed.
    client = signed_in(area)

    for path in pages[area]:
        body = client.get(path).content.decode()
        assert not EXECUTABLE_SCRIPT.search(body), path


def test_error_pages_carry_the_security_headers(client):
    response = client.get("/jobs/no-such-role/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert_hardened(response)


def test_a_cv_download_carries_the_security_headers(client, professional):
    client.force_login(professional)
    cv = professional.talent_profile.current_cv

    response = client.get(f"/me/cv/{cv.pk}/download/")

    assert response.status_code == HTTPStatus.OK
    assert_hardened(response)
    assert "no-store" in response["Cache-Control"]
