"""Issue 15, acceptance: a foreign professional, signed in from the Chinese pages by
clicking, checks their work-permit category, asks the hub for help, applies for a
talent apartment, is offered a unit by an officer in the (Chinese) admin, and accepts."""

import re
from datetime import date, timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from services.models import ApartmentApplication, ApartmentUnit, RequestCategory, ServiceRequest
from tests.enterprises.factories import EnterpriseFactory
from tests.factories import PASSWORD, ApartmentUnitFactory, OfficerFactory, UserFactory
from tests.services.conftest import points_tables as _points_tables  # the fixture
from tests.talent.factories import VerifiedProfileFactory
from tests.totp import SECRET, current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

seeded_tables = _points_tables


def _sign_in(page, base, email, *, totp=False):
    page.goto(f"{base}/zh-hans/")
    page.get_by_role("link", name="登录", exact=True).first.click()
    page.locator("[name=login]").fill(email)
    page.locator("[name=password]").fill(PASSWORD)
    page.locator("form [type=submit]").first.click()
    if totp:
        expect(page).to_have_url(re.compile(r"/2fa/authenticate/"))
        code = current_code()
        page.locator("[name=code]").fill(code)
        page.locator("form [type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/"))


def test_foreign_professional_permit_check_help_apartment_offer_accept(
    live_server, browser, seeded_tables
):
    base = live_server.url
    user = UserFactory(email="emma.hart@example.com", preferred_language="zh-hans")
    VerifiedProfileFactory(
        user=user, full_name="Emma Hart", nationality="GB", highest_degree="phd",
        years_of_experience=6,
    )  # fmt: skip
    EnterpriseFactory(name_en="Aurora Models", name_zh="曙光模型")
    unit = ApartmentUnitFactory(number="1203")
    officer = OfficerFactory(
        email="wang.fang@talent.westbund.example", preferred_language="zh-hans"
    )
    TOTP.activate(officer, SECRET)

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _sign_in(page, base, user.email)

    # The work-permit self-check, from the service package's menu.
    page.goto(f"{base}/zh-hans/services/")
    page.get_by_role("link", name="工作许可", exact=True).first.click()
    expect(page.locator("h1")).to_have_text("工作许可自测")
    page.locator("[name=salary]").fill("380000")
    page.locator("[name=months_in_china]").fill("12")
    page.locator("[name=age]").fill("32")
    page.locator("[name=chinese]").select_option("hsk4")
    page.get_by_label("有世界500强企业任职经验").check()
    page.get_by_role("button", name="查看我的类别").click()
    # 17 salary + 20 PhD + 9 years + 15 months + 4 HSK 4 + 15 age + 5 Fortune 500
    expect(page.locator("#result-title")).to_contain_text("85 分")
    expect(page.locator("#result-title")).to_contain_text("A类")
    expect(page.locator("#authority-decides")).to_contain_text("以主管部门的决定为准")

    # Ask the hub to help: a work-permit request, prefilled with the answers.
    page.get_by_role("link", name="请人才港协助").click()
    expect(page.locator("[name=subject]")).to_have_value(re.compile("工作许可"))
    page.get_by_role("button", name="提交申请").click()
    expect(page).to_have_url(re.compile(r"/zh-hans/services/requests/SR-"))
    request = ServiceRequest.objects.get(requester=user)
    assert request.category == RequestCategory.WORK_PERMIT
    assert "85 分，A类" in request.subject

    # Talent apartments, from residential guidance.
    page.get_by_role("link", name="安居指引", exact=True).first.click()
    page.get_by_role("link", name="申请人才公寓").first.click()
    expect(page.locator("#free-count")).to_contain_text("1 套空置")
    page.get_by_role("link", name="申请人才公寓").click()
    page.locator("[name=household_size]").fill("2")
    page.locator("[name=move_in_date]").fill((date.today() + timedelta(days=20)).isoformat())
    page.locator("[name=budget]").fill("5000")
    page.locator("[name=employer]").select_option(label="曙光模型")
    page.locator("[name=current_housing]").fill("目前住在静安区的短租公寓，租到三月。")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#application-status")).to_have_text("已提交")
    application = ApartmentApplication.objects.get(applicant=user)

    # The officer, in the Chinese admin: confirm the employment, then offer the unit.
    admin = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _sign_in(admin, base, officer.email, totp=True)
    if not re.search(r"/admin/$", admin.url):
        admin.get_by_role("link", name="专员后台").first.click()
    admin.locator("#content-main").get_by_role(
        "link", name="人才公寓申请", exact=True
    ).first.click()
    admin.locator("#result_list a[href$='/change/']").first.click()
    admin.get_by_role("link", name="确认任职、列入等候名单、配房……").click()
    admin.get_by_label("确认任职").check()
    admin.get_by_role("button", name="保存").click()
    expect(admin.locator(".messagelist")).to_contain_text("申请已更新")
    admin.get_by_role("link", name="确认任职、列入等候名单、配房……").click()
    admin.get_by_label("配房", exact=True).check()
    admin.locator("[name=unit]").select_option(str(unit.pk))
    admin.get_by_role("button", name="保存").click()
    expect(admin.locator(".messagelist")).to_contain_text("申请已更新")
    assert ApartmentUnit.objects.get(pk=unit.pk).status == ApartmentUnit.Status.OFFERED

    # The professional sees the offer and accepts it.
    page.reload()
    expect(page.locator("#application-status")).to_have_text("已配房")
    page.get_by_role("button", name="接受该公寓").click()
    expect(page.locator("#application-status")).to_have_text("已接受配房")
    application.refresh_from_db()
    assert application.status == ApartmentApplication.Status.ACCEPTED
    assert ApartmentUnit.objects.get(pk=unit.pk).status == ApartmentUnit.Status.LET
