"""An officer who prefers Chinese signs in from the Chinese pages and, clicking only,
opens the recruitment analytics from the admin home, filters it, reads a chart and its
table, then decides a possible duplicate. Without JavaScript too: the charts are SVG
rendered on the server."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from talent import analytics
from talent.models import Application, DuplicatePair
from tests.factories import PASSWORD, DuplicatePairFactory, OfficerFactory, moved_application
from tests.talent.factories import CompleteProfileFactory
from tests.totp import SECRET, current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_chinese_officer_reads_the_analytics_and_dismisses_a_duplicate(
    live_server, browser, javascript
):
    officer = OfficerFactory(
        email="wang.fang@talent.westbund.example", preferred_language="zh-hans"
    )
    TOTP.activate(officer, SECRET)
    for days in (10, 20):
        moved_application(path=[Application.Stage.OFFER, Application.Stage.HIRED], days=days)
    analytics.rebuild()
    pair = DuplicatePairFactory(
        first=CompleteProfileFactory(full_name="Lin Wei"),
        second=CompleteProfileFactory(full_name="Lin Wei"),
    )
    page = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=javascript
    ).new_page()

    page.goto(f"{live_server.url}/zh-hans/")
    page.get_by_role("link", name="登录", exact=True).first.click()
    page.locator("[name=login]").fill(officer.email)
    page.locator("[name=password]").fill(PASSWORD)
    page.locator("form [type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/zh-hans/accounts/2fa/authenticate/"))
    for _attempt in range(3):
        # On a loaded machine a code can cross its 30-second window before it arrives.
        page.locator("[name=code]").fill(current_code())
        page.locator("form [type=submit]").first.click()
        page.wait_for_load_state()
        if "/2fa/" not in page.url:
            break
        time.sleep(2)
    expect(page).not_to_have_url(re.compile(r"/2fa/"))
    if not re.search(r"/admin/$", page.url):
        page.get_by_role("link", name="专员后台").first.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.get_by_role("link", name="招聘数据分析").click()
    expect(page).to_have_url(re.compile(r"/admin/analytics/"))
    expect(page.locator("h1")).to_contain_text("招聘数据分析")
    page.locator("[name=period]").select_option("all")
    page.get_by_role("button", name="显示").click()
    expect(page).to_have_url(re.compile(r"period=all"))
    funnel = page.locator("#chart-funnel")
    expect(funnel.locator("svg")).to_be_visible()
    expect(funnel.locator("table")).to_contain_text("已录用")
    # Its first step is everyone who applied, not the date they did (申请时间).
    expect(funnel.locator("table")).to_contain_text("已申请")
    summary = page.locator(".analytics-summary")
    expect(summary).to_contain_text("15")  # median of 10 and 20 days

    page.get_by_role("link", name="首页").first.click()
    page.get_by_role("link", name="待处理的疑似重复档案").click()
    page.locator("#result_list a[href*='/change/']").first.click()
    page.get_by_role("link", name="合并或驳回").click()
    page.get_by_label("驳回：两个不同的人（不再标记）").check()
    page.locator("[name=reason]").fill("同名不同人：出生日期不同。")
    page.get_by_role("button", name="确认结论").click()
    expect(page.locator(".messagelist")).to_contain_text("已驳回")
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.DISMISSED
