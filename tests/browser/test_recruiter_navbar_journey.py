"""Issue 17's recruiter acceptance: from the Chinese home page, by clicking only (the
sign-in form is typed, nothing else), a recruiter signs in, lands in the workspace,
finds it again from the navbar and moves an applicant to another stage — on a desktop
with JavaScript and on a 390 × 844 phone, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from talent.models import Application
from tests.browser_helpers import sign_in_browser
from tests.enterprises.factories import EnterpriseFactory, MembershipFactory, PublishedRoleFactory
from tests.factories import PASSWORD
from tests.talent.factories import ApplicationFactory, ApplyingProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}, "java_script_enabled": True},
    "phone": {"viewport": {"width": 390, "height": 844}, "java_script_enabled": True},
    "phone-no-js": {"viewport": {"width": 390, "height": 844}, "java_script_enabled": False},
}
PHONE_WIDTH = 390


def open_menu(page, device: str) -> None:
    """On a phone the navbar is folded behind its toggle; open it by clicking."""
    if device == "desktop":
        return
    menu = page.locator("#main-nav")
    expect(menu).to_be_hidden()
    page.locator("label.navbar-toggler").click()
    expect(menu).to_be_visible()


def _fits_the_phone(page, locator) -> None:
    box = locator.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH + 1, box
    # Not pushed below the fold by the workspace's side nav.
    assert box["y"] < 844, box


@pytest.mark.parametrize("device", DEVICES.keys())
def test_a_recruiter_reaches_the_workspace_from_the_navbar_and_moves_an_applicant(
    live_server, browser, device
):
    enterprise = EnterpriseFactory(name_en="Aurora Foundation Models", name_zh="曙光基础模型")
    recruiter = MembershipFactory(enterprise=enterprise).user
    role = PublishedRoleFactory(enterprise=enterprise, title_zh="智能体评测工程师")
    application = ApplicationFactory(
        role=role, profile=ApplyingProfileFactory(full_name="Lin Wei", name_zh="林伟")
    )
    context = browser.new_context(**DEVICES[device])
    page = context.new_page()
    base = live_server.url

    page.goto(f"{base}/zh-hans/")
    open_menu(page, device)
    page.locator("header").get_by_role("link", name="登录").click()
    page.locator("[name=login]").fill(recruiter.email)
    page.locator("[name=password]").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="登录").click()

    # Signed in, a recruiter without a talent profile lands in the workspace...
    dashboard = re.compile(rf"/zh-hans/workspace/{enterprise.slug}/$")
    expect(page).to_have_url(dashboard)
    # ...and finds it again from the navbar of any page.
    page.get_by_role("link", name="西岸人才港").first.click()
    expect(page).to_have_url(re.compile(r"/zh-hans/$"))
    open_menu(page, device)
    page.locator("header").get_by_role("link", name="工作台 · 曙光基础模型").click()
    expect(page).to_have_url(dashboard)

    page.locator(".workspace-nav").get_by_role("link", name="申请人").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    if device != "desktop":
        _fits_the_phone(page, page.get_by_role("heading", level=1))
    page.get_by_role("link", name="Lin Wei").first.click()
    page.locator("[name=to_stage]").select_option(Application.Stage.INTERVIEW)
    page.get_by_role("button", name="转移").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    application.refresh_from_db()
    assert application.stage == Application.Stage.INTERVIEW
    assert application.history.filter(
        to_state=Application.Stage.INTERVIEW, actor=recruiter
    ).exists()
    context.close()


WORKSPACE_PAGES = ["", "roles/", "roles/new/", "applicants/", "page/", "members/"]


@pytest.mark.parametrize("language", ["", "/zh-hans"])
def test_workspace_pages_fit_a_phone_with_the_page_near_the_top(live_server, browser, language):
    """Finding 8: on a 390 px phone the side nav is compact rows above the page, and no
    workspace page is wider than the screen."""
    enterprise = EnterpriseFactory(name_en="Aurora Foundation Models", name_zh="曙光基础模型")
    recruiter = MembershipFactory(
        enterprise=enterprise,
        user__email="a.very.long.address.of.a.recruiter@aurora-models.example",
    ).user
    role = PublishedRoleFactory(enterprise=enterprise)
    ApplicationFactory(role=role, profile=ApplyingProfileFactory(full_name="Lin Wei"))
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 844})
    sign_in_browser(context, live_server, recruiter)
    page = context.new_page()
    for path in WORKSPACE_PAGES:
        page.goto(f"{live_server.url}{language}/workspace/{enterprise.slug}/{path}")
        heading = page.locator("main h1").first
        expect(heading).to_be_visible()
        assert heading.bounding_box()["y"] < 844 / 2, path
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, path
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_phone_menu_opens_and_closes(live_server, browser, javascript):
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 844}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    toggle, menu = page.locator("label.navbar-toggler"), page.locator("#main-nav")

    # Bootstrap ignores a click while the menu is still animating: wait for the end.
    # Generous waits: on a loaded CI machine the animation and the live server are slow.
    settled, wait = re.compile(r"collapsing"), 15_000
    toggle.click()
    expect(menu.get_by_role("link", name="Services")).to_be_visible(timeout=wait)
    expect(menu).not_to_have_class(settled, timeout=wait)
    toggle.click()
    expect(menu).to_be_hidden(timeout=wait)
    expect(menu).not_to_have_class(settled, timeout=wait)
    toggle.click()
    sign_in = menu.get_by_role("link", name="Sign in")
    expect(sign_in).to_be_visible(timeout=wait)
    expect(menu).not_to_have_class(settled, timeout=wait)
    sign_in.click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"), timeout=wait)
    context.close()
