"""Issue 14's pool journey in a real browser, from the Chinese pages, by clicking (the
sign-in form and the search words are typed, nothing else): a Chinese recruiter
searches the talent pool, invites a professional to apply, and the professional
accepts in My hub, which starts their application."""

import re

import pytest
from playwright.sync_api import expect

from talent.models import Application, PoolInvitation, TalentProfile
from tests.enterprises.factories import EnterpriseFactory, MembershipFactory, PublishedRoleFactory
from tests.factories import PASSWORD, PoolConsentFactory
from tests.talent.factories import ApplyingProfileFactory, CVDocumentFactory
from westbund.taxonomy import Specialty

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, base, user):
    page.goto(f"{base}/zh-hans/")
    page.locator("header").get_by_role("link", name="登录").click()
    page.locator("[name=login]").fill(user.email)
    page.locator("[name=password]").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="登录").click()


def test_a_chinese_recruiter_invites_from_the_pool_and_the_professional_accepts(
    live_server, browser
):
    enterprise = EnterpriseFactory(name_en="Aurora Foundation Models", name_zh="曙光基础模型")
    recruiter = MembershipFactory(enterprise=enterprise, user__preferred_language="zh-hans").user
    role = PublishedRoleFactory(enterprise=enterprise, title_zh="预训练算法工程师")
    profile = ApplyingProfileFactory(
        full_name="Lin Wei",
        name_zh="林伟",
        review_state=TalentProfile.ReviewState.VERIFIED,
        specialties=[Specialty.SPEECH],
        user__preferred_language="zh-hans",
    )
    cv = CVDocumentFactory(profile=profile, text="五年大模型研发经验，主导预训练数据管线。")
    profile.current_cv = cv
    profile.save(update_fields=["current_cv"])
    PoolConsentFactory(user=profile.user)
    TalentProfile.objects.filter(pk=profile.pk).update_search_vector()
    base = live_server.url

    # The recruiter finds the pool in the workspace and searches it in Chinese.
    recruiter_page = browser.new_context().new_page()
    _sign_in(recruiter_page, base, recruiter)
    expect(recruiter_page).to_have_url(re.compile(rf"/zh-hans/workspace/{enterprise.slug}/$"))
    recruiter_page.locator(".workspace-nav").get_by_role("link", name="人才库").click()
    expect(recruiter_page.get_by_role("heading", level=1)).to_have_text("人才库")
    expect(recruiter_page.locator("#invitation-limit")).to_contain_text("每天最多可发送 20 份邀请")
    recruiter_page.locator("[name=q]").fill("预训练 大模型")
    recruiter_page.get_by_role("button", name="搜索人才库").click()
    card = recruiter_page.locator("article", has_text="Lin Wei")
    expect(card).to_be_visible()
    expect(card).not_to_contain_text(profile.user.email)
    card.get_by_role("button", name="邀请申请").click()
    expect(recruiter_page.locator(".alert-success")).to_contain_text("已邀请 Lin Wei")
    invitation = PoolInvitation.objects.get(profile=profile)
    assert invitation.role == role

    # The professional accepts in My hub.
    professional_page = browser.new_context().new_page()
    _sign_in(professional_page, base, profile.user)
    professional_page.goto(f"{base}/zh-hans/me/")
    professional_page.get_by_role("link", name="申请邀请").click()
    expect(professional_page.get_by_role("heading", level=1)).to_have_text("申请邀请")
    expect(professional_page.locator("main")).to_contain_text("曙光基础模型")
    professional_page.get_by_role("button", name="接受并申请").click()
    expect(professional_page.locator(".alert-success")).to_be_visible()
    expect(professional_page).to_have_url(re.compile(r"/zh-hans/me/applications/\d+/$"))

    invitation.refresh_from_db()
    assert invitation.status == PoolInvitation.Status.ACCEPTED
    assert Application.objects.filter(profile=profile, role=role).exists()

    # The recruiter now sees it as accepted, with the application to open.
    recruiter_page.get_by_role("link", name="已发出的邀请").click()
    expect(recruiter_page.locator("table")).to_contain_text("已接受")
    recruiter_page.get_by_role("link", name="查看申请").click()
    expect(recruiter_page.locator("main")).to_contain_text(profile.user.email)
