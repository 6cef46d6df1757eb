"""Key pages have no serious or critical accessibility violations (axe-core), in
English and Chinese, signed out and signed in (the officers' admin home too); and
signing up works with the keyboard alone.

axe-core comes from the ``axe-playwright-python`` wheel (it ships ``axe.min.js``): no
CDN and no npm at test time.
"""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser_helpers import sign_in_browser
from tests.enterprises.factories import MembershipFactory, PublishedRoleFactory
from tests.factories import PASSWORD, OfficerFactory
from tests.services.factories import EventFactory, ManualSectionFactory, PolicyFactory
from tests.talent.factories import CompleteProfileFactory
from tests.totp import SECRET, current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}
AXE = Axe()


def _violations(page, url) -> list[str]:
    page.goto(url)
    results = AXE.run(page)
    return [
        f"{url}: [{violation['impact']}] {violation['id']}: {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


@pytest.fixture
def content(db):
    role = PublishedRoleFactory(
        title_en="Multimodal Research Engineer", title_zh="多模态研究工程师"
    )
    return {
        "role": role,
        "enterprise": role.enterprise,
        "policy": PolicyFactory(),
        "chapter": ManualSectionFactory().chapter,
        "event": EventFactory(),
    }


def _public_paths(content) -> list[str]:
    return [
        "/",
        "/jobs/",
        f"/jobs/{content['role'].slug}/",
        "/enterprises/",
        f"/enterprises/{content['enterprise'].slug}/",
        "/services/",
        "/services/policies/",
        f"/services/policies/{content['policy'].slug}/",
        "/services/manual/",
        f"/services/manual/{content['chapter'].slug}/",
        "/services/community/",
        "/accounts/login/",
        "/accounts/signup/",
    ]


@pytest.mark.parametrize("prefix", ["", "/zh-hans"], ids=["en", "zh-hans"])
def test_public_pages_have_no_serious_accessibility_violations(live_server, page, content, prefix):
    found = []
    for path in _public_paths(content):
        found += _violations(page, f"{live_server.url}{prefix}{path}")

    assert not found, "\n".join(found)


@pytest.mark.parametrize("prefix", ["", "/zh-hans"], ids=["en", "zh-hans"])
def test_signed_in_pages_have_no_serious_accessibility_violations(
    live_server, page, context, content, prefix
):
    professional = CompleteProfileFactory().user
    recruiter = MembershipFactory(enterprise=content["enterprise"]).user
    slug = content["enterprise"].slug
    found = []

    sign_in_browser(context, live_server, professional)
    for path in ["/me/", "/me/profile/", "/me/applications/", "/services/requests/new/"]:
        found += _violations(page, f"{live_server.url}{prefix}{path}")
    context.clear_cookies()
    sign_in_browser(context, live_server, recruiter)
    for path in [f"/workspace/{slug}/", f"/workspace/{slug}/roles/new/"]:
        found += _violations(page, f"{live_server.url}{prefix}{path}")

    assert not found, "\n".join(found)


def test_signing_up_works_with_the_keyboard_alone(live_server, page, mailoutbox):
    page.goto(f"{live_server.url}/accounts/signup/")

    # From the top of the page: Tab until the e-mail field has the focus, type, Tab on.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "email":
            break
    assert page.evaluate("document.activeElement.name") == "email"
    page.keyboard.type("keyboard.only@example.com")
    for expected, text in [("password1", "a-long-passphrase-2026"), ("password2", None)]:
        page.keyboard.press("Tab")
        while page.evaluate("document.activeElement.name") != expected:
            page.keyboard.press("Tab")
        page.keyboard.type(text or "a-long-passphrase-2026")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    assert mailoutbox[-1].to == ["keyboard.only@example.com"]


def test_the_skip_link_is_the_first_stop_and_leads_into_the_main_content(live_server, page):
    page.goto(f"{live_server.url}/jobs/")

    page.keyboard.press("Tab")
    first_stop = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    assert first_stop == "#main"
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_applying_works_with_the_keyboard_alone(live_server, page, mailoutbox):
    from talent.models import Application
    from tests.browser_helpers import sign_in_browser
    from tests.enterprises.factories import PublishedRoleFactory
    from tests.talent.factories import ApplyingProfileFactory

    profile = ApplyingProfileFactory()
    role = PublishedRoleFactory(title_en="Speech Scientist")
    sign_in_browser(page.context, live_server, profile.user)
    page.goto(f"{live_server.url}{role.get_absolute_url()}")

    def tab_until(predicate, limit=80):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(predicate):
                return
        raise AssertionError(f"never focused: {predicate}")

    tab_until("document.activeElement.href && document.activeElement.href.endsWith('/apply/')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/apply/$"))
    tab_until("document.activeElement.name === 'cover_letter'")
    page.keyboard.type("I build speech models and would love to join.")
    if page.locator("[name=consent_sharing]").count():
        tab_until("document.activeElement.name === 'consent_sharing'")
        page.keyboard.press("Space")
    tab_until("document.activeElement.type === 'submit'")
    page.keyboard.press("Enter")

    # A sent application opens its own page (/me/applications/<id>/).
    expect(page).to_have_url(re.compile(r"/me/applications/\d+/$"))
    assert Application.objects.filter(profile=profile, role=role).exists()


@pytest.mark.parametrize("prefix", ["", "/zh-hans"], ids=["en", "zh-hans"])
def test_the_officers_admin_home_has_no_serious_accessibility_violations(live_server, page, prefix):
    # The analytics panel's link stood in the link colour on the header's own blue.
    officer = OfficerFactory()
    TOTP.activate(officer, SECRET)
    page.goto(f"{live_server.url}{prefix}/accounts/login/")
    page.locator("[name=login]").fill(officer.email)
    page.locator("[name=password]").fill(PASSWORD)
    page.locator("form [type=submit]").first.click()
    page.locator("[name=code]").fill(current_code())
    page.locator("form [type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/2fa/"))
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#officer-analytics h2 a")).to_be_visible()

    found = _violations(page, f"{live_server.url}/admin/")

    assert not found, "\n".join(found)
