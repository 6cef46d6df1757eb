"""Issue 17, acceptance: an officer who prefers Chinese signs in from the Chinese pages
by clicking, and the admin is Chinese on every page of their day: no English msgid of
our catalogue or of Django's admin catalogue left in the visible text. On a desktop
with JavaScript, and on a 390 px phone without it."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib import admin
from playwright.sync_api import expect

from talent.models import TalentProfile
from tests.admin_catalogue import leaked_msgids
from tests.factories import PASSWORD, OfficerFactory
from tests.services.factories import AssignedServiceRequestFactory
from tests.talent.factories import ApplicationFactory, SubmittedProfileFactory
from tests.test_admin_chinese import DATA_WORDS, _data_values
from tests.totp import SECRET, current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone-no-js": {"viewport": {"width": 390, "height": 844}, "java_script_enabled": False},
}


def _data():
    """Every text the database holds (names, titles, e-mail addresses): data, not
    interface, ignored when looking for English interface strings."""
    return [
        value
        for model, model_admin in admin.site._registry.items()
        for obj in model._default_manager.all()[:200]
        for value in _data_values(obj)
    ]


def _assert_chinese(page, what):
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    # Texts marked as English on purpose (a language's own name in the switch) aside.
    text = page.locator("body").evaluate(
        """body => {
            const copy = body.cloneNode(true);
            copy.querySelectorAll('[lang^="en"]').forEach(element => element.remove());
            document.body.appendChild(copy);
            copy.style.position = 'absolute';
            const text = copy.innerText;
            copy.remove();
            return text;
        }"""
    )
    leaks = leaked_msgids(text, ignore=(*DATA_WORDS, *_data()))
    assert leaks == [], f"English on {what} ({page.url}): {leaks}"


def _open_menu_if_collapsed(page):
    toggler = page.locator(".navbar-toggler")
    if toggler.count() and toggler.first.is_visible():
        toggler.first.click()


def _click_link(page, name):
    """Click the navbar's link; on a phone, open the collapsed menu first (a CSS toggle
    that works without JavaScript, issue 17 finding 8)."""
    link = page.get_by_role("link", name=name, exact=True).first
    if not link.is_visible():
        _open_menu_if_collapsed(page)
    link.click()


@pytest.mark.parametrize("device", DEVICES, ids=list(DEVICES))
def test_a_chinese_officer_works_in_a_chinese_admin(live_server, browser, device):
    officer = OfficerFactory(
        email="wang.fang@talent.westbund.example", preferred_language="zh-hans"
    )
    TOTP.activate(officer, SECRET)
    profile = SubmittedProfileFactory(full_name="Lin Wei", name_zh="林伟")
    ApplicationFactory()
    service_request = AssignedServiceRequestFactory(subject="人才公寓申请")
    page = browser.new_context(**DEVICES[device]).new_page()
    base = live_server.url

    # From the Chinese home page, by clicking.
    page.goto(f"{base}/zh-hans/")
    _click_link(page, "登录")
    expect(page).to_have_url(re.compile(r"/zh-hans/accounts/login/"))
    page.locator("[name=login]").fill(officer.email)
    page.locator("[name=password]").fill(PASSWORD)
    page.locator("form [type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/zh-hans/accounts/2fa/authenticate/"))
    page.locator("[name=code]").fill(current_code())
    page.locator("form [type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/2fa/"))
    # An officer without a talent profile lands in the admin after sign-in; from any
    # other page the navbar's link leads there.
    if not re.search(r"/admin/$", page.url):
        _click_link(page, "专员后台")

    expect(page).to_have_url(re.compile(r"/admin/$"))
    _assert_chinese(page, "the admin home")

    # The review queue, the profile, and the decision from the profile's page.
    page.get_by_role("link", name="待审核的人才档案").click()
    _assert_chinese(page, "the profiles list")
    page.get_by_role("link", name="Lin Wei").first.click()
    _assert_chinese(page, "the profile")
    page.get_by_role("link", name="认证通过").click()
    _assert_chinese(page, "the decision page")
    page.locator("[name=message]").fill("欢迎加入西岸人才港。")
    page.get_by_role("button", name="确认结论").click()
    expect(page.locator(".messagelist")).to_contain_text("已通知该人才")
    _assert_chinese(page, "the decided profile")
    # Its review history is shown, and offers no "remove" on any of its rows.
    page.goto(f"{base}/admin/talent/talentprofile/{profile.pk}/change/")
    expect(page.locator("#history-group tbody tr").first).to_be_visible()
    assert page.locator("#history-group .inline-deletelink").count() == 0
    assert (
        TalentProfile.objects.get(pk=profile.pk).review_state == TalentProfile.ReviewState.VERIFIED
    )

    # Applications, roles and service requests: list and first row.
    for listing in ("申请", "职位", "服务申请"):
        page.get_by_role("link", name="首页").first.click()
        page.locator("#content-main").get_by_role("link", name=listing, exact=True).first.click()
        _assert_chinese(page, f"the {listing} list")
        path = re.sub(r"^https?://[^/]+", "", page.url).split("?")[0]
        page.locator(f"#result_list a[href^='{path}'][href$='/change/']").first.click()
        _assert_chinese(page, f"a row of {listing}")

    page.goto(f"{base}/admin/services/servicerequest/{service_request.pk}/change/")
    _assert_chinese(page, "the service request")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_dashboard_headers_stay_on_one_line(live_server, browser, width):
    """Finding 12: Django's dashboard gives every th width: 100% with break-word, and
    "WAITING" wrapped letter by letter."""
    from tests.talent.factories import SubmittedProfileFactory as Submitted

    officer = OfficerFactory(preferred_language="en")
    TOTP.activate(officer, SECRET)
    Submitted()
    page = browser.new_context(viewport={"width": width, "height": 844}).new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/admin/")
    page.locator("[name=login]").fill(officer.email)
    page.locator("[name=password]").fill(PASSWORD)
    page.locator("[name=password]").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("[name=code]").fill(current_code())
    page.locator("[name=code]").press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    for header in ("Queue", "Waiting", "Oldest since"):
        cell = page.locator("#officer-dashboard thead th", has_text=header)
        line_height = cell.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 16")
        box = cell.bounding_box()
        assert box["height"] < 2.5 * line_height, f"{header} wraps: {box}"
    table = page.locator("#officer-dashboard table").bounding_box()
    assert table["x"] + table["width"] <= width
