"""Issue 17's professional acceptance: from the Chinese home page, by clicking only
(the sign-in form is typed), a professional finds an application in My hub and
withdraws it through the confirmation step — on a desktop with JavaScript and on a
390 × 844 phone, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from talent.models import Application
from tests.browser.test_recruiter_navbar_journey import DEVICES, open_menu
from tests.enterprises.factories import EnterpriseFactory, PublishedRoleFactory
from tests.factories import PASSWORD
from tests.talent.factories import ApplicationFactory, ApplyingProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("device", DEVICES.keys())
def test_a_professional_withdraws_an_application_through_the_confirmation(
    live_server, browser, device
):
    enterprise = EnterpriseFactory(name_zh="曙光基础模型")
    role = PublishedRoleFactory(enterprise=enterprise, title_zh="智能体评测工程师")
    profile = ApplyingProfileFactory(full_name="Lin Wei", name_zh="林伟")
    application = ApplicationFactory(role=role, profile=profile)
    context = browser.new_context(**DEVICES[device])
    page = context.new_page()

    page.goto(f"{live_server.url}/zh-hans/")
    open_menu(page, device)
    page.locator("header").get_by_role("link", name="登录").click()
    page.locator("[name=login]").fill(profile.user.email)
    page.locator("[name=password]").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/zh-hans/me/$"))
    expect(page.locator("main")).to_contain_text("林伟")

    page.get_by_role("link", name="我的全部申请").first.click()
    page.get_by_role("link", name="智能体评测工程师").click()
    page.get_by_role("link", name="撤回我的申请").click()

    # The confirmation says what will happen; nothing has happened yet.
    expect(page.get_by_role("heading", level=1)).to_have_text("撤回我的申请？")
    application.refresh_from_db()
    assert application.stage == Application.Stage.NEW
    page.get_by_role("button", name="是的，撤回我的申请").click()

    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("link", name="撤回我的申请")).to_have_count(0)
    application.refresh_from_db()
    assert application.stage == Application.Stage.WITHDRAWN
    context.close()
