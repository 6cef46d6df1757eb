"""An offer in a real browser: the recruiter, on the Chinese pages, drafts an offer and
submits it; the enterprise's admin approves it; the candidate reads it in /me/ and
accepts; the application is hired and the recruiter is asked to close the role. Then a
message exchange in the application's thread. Each person gets their e-mails."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from talent.models import Application, ApplicationMessage, Offer
from tests.browser_helpers import sign_in_browser
from tests.enterprises.factories import (
    EnterpriseFactory,
    MembershipFactory,
    PublishedRoleFactory,
    RecruiterMembershipFactory,
)
from tests.factories import UserFactory
from tests.talent.factories import ApplicationFactory, ApplyingProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _mails_to(user):
    return [message.subject for message in mail.outbox if message.to == [user.email]]


def test_offer_drafted_in_chinese_approved_accepted_and_a_message_exchange(live_server, browser):
    base = live_server.url
    enterprise = EnterpriseFactory(name_en="Aurora Models", name_zh="极光模型")
    recruiter = RecruiterMembershipFactory(
        enterprise=enterprise, user=UserFactory(preferred_language="zh-hans", display_name="王敏")
    ).user
    admin = MembershipFactory(
        enterprise=enterprise, user=UserFactory(preferred_language="en", display_name="Ada Admin")
    ).user
    role = PublishedRoleFactory(
        enterprise=enterprise,
        title_en="VLM Researcher",
        title_zh="视觉语言模型研究员",
        openings=1,
    )
    candidate = UserFactory(preferred_language="en")
    application = ApplicationFactory(
        role=role,
        profile=ApplyingProfileFactory(user=candidate, full_name="Lin Wei"),
        stage=Application.Stage.INTERVIEW,
    )
    mail.outbox.clear()

    # The recruiter drafts the offer from the applicant page, in Chinese.
    recruiter_context = browser.new_context(locale="zh-CN")
    sign_in_browser(recruiter_context, live_server, recruiter)
    workspace = recruiter_context.new_page()
    workspace.goto(f"{base}/zh-hans/workspace/{enterprise.slug}/applicants/")
    workspace.get_by_role("link", name="Lin Wei").click()
    workspace.get_by_role("link", name="起草录用意向").click()
    workspace.locator("[name=annual_salary]").fill("六十万")
    start = (timezone.localdate() + timedelta(days=30)).isoformat()
    expires = (timezone.localdate() + timedelta(days=7)).isoformat()
    workspace.locator("[name=start_date]").fill(start)
    workspace.locator("[name=expires_on]").fill(expires)
    workspace.get_by_role("button", name="保存草稿").click()
    # A salary that is not a number: a clear message, nothing saved.
    expect(workspace.locator(".invalid-feedback, .errorlist").first).to_be_visible()
    assert not Offer.objects.exists()
    workspace.locator("[name=annual_salary]").fill("600000")
    workspace.get_by_role("button", name="保存草稿").click()
    expect(workspace.locator(".alert-success")).to_contain_text("录用意向已保存为草稿")
    offer = Offer.objects.get()
    assert offer.language == "en"  # the candidate's language
    assert "Dear Lin Wei" in offer.letter
    workspace.get_by_role("button", name="提交审批").click()
    expect(workspace.locator(".alert-success")).to_contain_text("等待贵企业管理员审批")
    offer.refresh_from_db()
    assert offer.status == Offer.Status.AWAITING_APPROVAL
    # The recruiter cannot approve it: there is no button, only a waiting note.
    expect(workspace.get_by_role("button", name="批准并发出")).to_have_count(0)
    assert _mails_to(admin) == ["An offer to Lin Wei awaits your approval"]

    # The admin approves it.
    admin_context = browser.new_context()
    sign_in_browser(admin_context, live_server, admin)
    admin_page = admin_context.new_page()
    admin_page.goto(f"{base}/workspace/{enterprise.slug}/applicants/{application.pk}/")
    admin_page.get_by_role("button", name="Approve and send").click()
    expect(admin_page.locator(".alert-success")).to_contain_text("Offer approved")
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SENT
    assert _mails_to(candidate) == ["An offer from Aurora Models"]
    assert _mails_to(recruiter) == ["给 Lin Wei 的录用意向：已发送"]

    # The candidate reads the letter and accepts in /me/.
    candidate_context = browser.new_context()
    sign_in_browser(candidate_context, live_server, candidate)
    me = candidate_context.new_page()
    me.goto(f"{base}/me/applications/")
    me.get_by_role("link", name="VLM Researcher").first.click()
    expect(me.get_by_role("link", name="Read the offer letter (PDF)")).to_be_visible()
    with me.expect_response(lambda response: "letter.pdf" in response.url) as letter:
        me.evaluate(
            "url => fetch(url)",
            me.get_by_role("link", name="Read the offer letter (PDF)").get_attribute("href"),
        )
    assert letter.value.headers["content-type"] == "application/pdf"
    me.get_by_role("button", name="Accept the offer").click()
    expect(me.locator(".alert-success")).to_contain_text("You accepted the offer")
    application.refresh_from_db()
    assert application.stage == Application.Stage.HIRED
    assert _mails_to(admin)[-1] == "Offer to Lin Wei: Accepted"
    assert _mails_to(recruiter)[-1] == "给 Lin Wei 的录用意向：已接受"

    # The recruiter is asked whether to close the role, and writes to the candidate.
    workspace.reload()
    expect(workspace.get_by_role("button", name="关闭职位")).to_be_visible()
    workspace.locator("#thread [name=body]").fill("欢迎加入！Welcome aboard, see you on day one.")
    workspace.get_by_role("button", name="发送消息").click()
    expect(workspace.locator(".alert-success")).to_contain_text("消息已发送")
    assert _mails_to(candidate)[-1] == "A message from Aurora Models"

    # The candidate replies from their application page.
    me.reload()
    expect(me.locator("#thread")).to_contain_text("Welcome aboard")
    me.locator("#thread [name=body]").fill("Thank you! 谢谢！")
    me.get_by_role("button", name="Send the message").click()
    expect(me.locator(".alert-success")).to_contain_text("Message sent")
    assert ApplicationMessage.objects.filter(from_candidate=True).count() == 1
    assert _mails_to(recruiter)[-1] == "来自 Lin Wei 的消息（视觉语言模型研究员）"
    # The admin approved the offer, so works on the application too.
    assert _mails_to(admin)[-1] == "A message from Lin Wei (VLM Researcher)"
    workspace.reload()
    expect(workspace.locator("#thread")).to_contain_text("Thank you! 谢谢！")

    # Closing the role from the prompt.
    workspace.get_by_role("button", name="关闭职位").click()
    role.refresh_from_db()
    assert role.state == role.State.CLOSED
