"""Two journeys in a real browser: a visitor browsing the board in Chinese, and a
talent officer's morning in the admin (password + authenticator code, verify a
profile, approve a role, answer a service request)."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from enterprises.models import Role
from services.models import ServiceRequestMessage
from talent.models import TalentProfile
from tests.enterprises.factories import EnterpriseFactory, PendingRoleFactory, PublishedRoleFactory
from tests.factories import PASSWORD, OfficerFactory
from tests.services.factories import ServiceRequestFactory
from tests.talent.factories import SubmittedProfileFactory
from tests.totp import SECRET, current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_finds_a_multimodal_role_in_chinese_and_opens_its_enterprise(live_server, page):
    enterprise = EnterpriseFactory(name_en="Aurora Foundation Models", name_zh="极光基础模型")
    PublishedRoleFactory(
        enterprise=enterprise, title_en="Multimodal Research Engineer", title_zh="多模态研究工程师"
    )
    PublishedRoleFactory(title_en="Speech Engineer", title_zh="语音工程师")

    page.goto(f"{live_server.url}/zh-hans/jobs/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    search = page.get_by_role("search")
    search.locator("[name=q]").fill("多模态")
    search.locator("[name=q]").press("Enter")

    expect(page).to_have_url(re.compile(r"/zh-hans/jobs/\?.*q=%E5%A4%9A"))
    expect(page.get_by_role("link", name="多模态研究工程师")).to_be_visible()
    expect(page.get_by_role("link", name="语音工程师")).to_have_count(0)

    page.get_by_role("link", name="多模态研究工程师").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("多模态研究工程师")

    page.get_by_role("main").get_by_role("link", name="极光基础模型").first.click()
    expect(page).to_have_url(re.compile(rf"/zh-hans/enterprises/{enterprise.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("极光基础模型")


def _sign_in_with_password_and_code(page, base, officer):
    page.goto(f"{base}/accounts/login/?next=/admin/")
    page.locator("[name=login]").fill(officer.email)
    page.locator("[name=password]").fill(PASSWORD)
    page.locator("[name=password]").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    code = current_code()
    page.locator("[name=code]").fill(code)
    page.locator("[name=code]").press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))


def _run_admin_action(page, base, changelist, pk, action):
    page.goto(f"{base}{changelist}")
    page.locator(f"input[name=_selected_action][value='{pk}']").check()
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index]").click()


def test_an_officer_signs_in_with_two_factors_and_works_through_the_admin(
    live_server, page, mailoutbox
):
    officer = OfficerFactory(email="wang.fang@talent.westbund.example")
    TOTP.activate(officer, SECRET)
    profile = SubmittedProfileFactory(full_name="Lin Wei")
    role = PendingRoleFactory(title_en="Alignment Researcher")
    service_request = ServiceRequestFactory(subject="A talent apartment")
    base = live_server.url

    _sign_in_with_password_and_code(page, base, officer)

    # Verify the submitted profile: the action asks for a message on its own page.
    _run_admin_action(page, base, "/admin/talent/talentprofile/", profile.pk, "decide_verified")
    page.locator("[name=message]").fill("Welcome to the West Bund.")
    page.get_by_role("button", name="Confirm decision").click()
    expect(page.locator(".messagelist")).to_contain_text("1 profile decided.")

    # Approve the pending role.
    _run_admin_action(page, base, "/admin/enterprises/pendingrole/", role.pk, "approve_selected")
    expect(page.locator(".messagelist")).to_be_visible()

    # Answer the service request.
    page.goto(f"{base}/admin/services/servicerequest/{service_request.pk}/handle/")
    page.locator("[name=reply]").fill("We have a one-bedroom flat for you in Xuhui.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messagelist")).to_contain_text("The request is updated.")

    assert (
        TalentProfile.objects.get(pk=profile.pk).review_state == TalentProfile.ReviewState.VERIFIED
    )
    assert Role.objects.get(pk=role.pk).state == Role.State.PUBLISHED
    assert ServiceRequestMessage.objects.filter(
        request=service_request, author=officer, body__startswith="We have a one-bedroom"
    ).exists()
    recipients = {address for message in mailoutbox for address in message.to}
    assert {profile.user.email, service_request.requester.email} <= recipients
