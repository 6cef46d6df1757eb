"""Every response carries the headers that limit what an attacker can do with a page."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/zh-hans/", "/accounts/login/", "/robots.txt"])
def test_pages_carry_the_security_headers(client, path):
    response = client.get(path)

    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_our_pages_have_no_inline_script(client):
    body = client.get("/").content.decode()

    for tag in body.split("<script")[1:]:
        assert tag.split(">", 1)[0].strip().startswith("src="), tag[:80]
