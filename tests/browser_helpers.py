"""Helpers for browser tests: the HTML of every open page saved on failure, next to
pytest-playwright's screenshot (``--output=test-results --screenshot=only-on-failure``),
and sign-in without typing (a session cookie) for tests that are not about signing in.

Use from a conftest::

    from tests.browser_helpers import pytest_runtest_makereport, save_html_on_failure  # noqa
"""

import re
from pathlib import Path

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    # The pages are still open during the call phase's report; at fixture teardown
    # pytest-playwright has already closed them.
    if report.when != "call" or not report.failed:
        return
    browser = item.funcargs.get("browser")
    folder = item.funcargs.get("output_path")
    if browser is None or folder is None:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    number = 0
    for context in browser.contexts:
        for page in context.pages:
            number += 1
            try:
                html = page.content()
            except Exception as error:  # a crashed page: say so rather than hide the report
                html = f"<!-- page.content() failed: {error!r} -->"
            name = f"page-{number}-{_slug(page.url)}.html"
            (Path(folder) / name).write_text(html, encoding="utf-8")


@pytest.fixture(autouse=True)
def save_html_on_failure(request):
    """Makes ``output_path`` (pytest-playwright's per-test folder) known to the hook."""
    if "page" in request.fixturenames:
        request.getfixturevalue("output_path")


def _slug(url: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", url.split("://", 1)[-1])[:80].strip("-")


def sign_in_browser(context, live_server, user):
    """Give ``context`` a signed-in session of ``user`` (as ``Client.force_login``)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
