"""Issue 13's recruiting loop in one real browser journey, on the Chinese pages, by
clicking only (the sign-in form is typed, nothing else): a recruiter who works in
Chinese moves an applicant to interview and schedules an interview with a colleague;
the candidate, on a phone, confirms it in /me/; both interviewers submit their
scorecards (neither reads the other's before submitting their own); the recruiter
drafts an offer, the enterprise's admin approves it; the candidate accepts it, the
application is hired, the recruiter is asked to close the role, and the two write to
each other in the application's thread. Each person gets their e-mails, in their own
language: the recruiter and the candidate in Chinese, the colleague and the admin in
English."""

import re
from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from enterprises.models import Role
from talent.models import (
    Application,
    ApplicationMessage,
    ApplicationStageChange,
    Interview,
    Offer,
    Scorecard,
)
from tests.enterprises.factories import (
    EnterpriseFactory,
    MembershipFactory,
    PublishedRoleFactory,
    RecruiterMembershipFactory,
)
from tests.factories import PASSWORD, UserFactory
from tests.talent.factories import ApplicationFactory, ApplyingProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _sign_in(browser, base, user, *, viewport, lands_on):
    """A new browser (its own cookies) on the Chinese home page; the person signs in
    through the navbar's sign-in form and lands where the portal sends them."""
    page = browser.new_context(viewport=viewport, locale="zh-CN").new_page()
    page.goto(f"{base}/zh-hans/")
    if viewport is PHONE:
        _open_menu(page)
    page.locator("header").get_by_role("link", name="登录").click()
    page.locator("[name=login]").fill(user.email)
    page.locator("[name=password]").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(lands_on))
    return page


def _open_menu(page) -> None:
    """On a phone the navbar is folded behind its toggle."""
    page.locator("label.navbar-toggler").click()
    expect(page.locator("#main-nav")).to_be_visible()


def _workspace_nav(page, name: str) -> None:
    page.get_by_role("navigation", name="工作台").get_by_role("link", name=name, exact=True).click()


def _new_mail() -> dict[str, list[str]]:
    """The subjects each address received since the last call, in order."""
    received: dict[str, list[str]] = {}
    for message in mail.outbox:
        for address in message.to:
            received.setdefault(address, []).append(message.subject)
    return received


def _take_mail() -> dict[str, list[str]]:
    received = _new_mail()
    mail.outbox.clear()
    return received


def _invitation(message):
    [part] = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    return icalendar.Calendar.from_ical(part.get_payload(decode=True))


def _scorecard(page, *, rating: str, recommendation: str, notes: str) -> None:
    groups = page.locator("input[type=radio][name^=rating_]").evaluate_all(
        "inputs => [...new Set(inputs.map(i => i.name))]"
    )
    assert groups, "the scorecard form rates at least one criterion"
    for group in groups:
        page.locator(f"input[name={group}][value='{rating}']").check()
    page.get_by_label(recommendation, exact=True).check()
    page.get_by_label("备注").fill(notes)
    page.get_by_role("button", name="提交我的评分表").click()
    expect(page.locator(".alert-success")).to_be_visible()


def _open_my_interview(page) -> None:
    _workspace_nav(page, "面试")
    page.get_by_role("link", name="我的（作为面试官）").click()
    page.locator("table tbody a").first.click()
    expect(page.get_by_role("heading", name="与 Lin Wei 的面试")).to_be_visible()


def test_the_recruiting_loop_from_scheduling_to_hired(live_server, browser):
    base = live_server.url
    enterprise = EnterpriseFactory(name_en="Aurora Foundation Models", name_zh="极光大模型")
    recruiter = RecruiterMembershipFactory(
        enterprise=enterprise,
        user=UserFactory(display_name="王芳", preferred_language="zh-hans"),
    ).user
    colleague = RecruiterMembershipFactory(
        enterprise=enterprise, user=UserFactory(display_name="Li Colleague")
    ).user
    admin = MembershipFactory(
        enterprise=enterprise, user=UserFactory(display_name="Ada Admin")
    ).user
    role = PublishedRoleFactory(
        enterprise=enterprise, title_en="VLM Engineer", title_zh="视觉语言模型工程师", openings=1
    )
    candidate = UserFactory(preferred_language="zh-hans")
    application = ApplicationFactory(
        role=role,
        profile=ApplyingProfileFactory(user=candidate, full_name="Lin Wei"),
        stage=Application.Stage.SCREENING,
    )
    mail.outbox.clear()

    # 1. The recruiter signs in, finds the workspace from the navbar and the applicant
    # from the workspace, moves them to interview and schedules one.
    workspace = _sign_in(
        browser,
        base,
        recruiter,
        viewport=DESKTOP,
        lands_on=rf"/zh-hans/workspace/{enterprise.slug}/$",
    )
    workspace.get_by_role("link", name="西岸人才港").first.click()
    workspace.locator("header").get_by_role("link", name="工作台 · 极光大模型").click()
    _workspace_nav(workspace, "申请人")
    workspace.get_by_role("link", name="Lin Wei").first.click()
    expect(workspace.get_by_role("heading", level=1)).to_contain_text("Lin Wei")
    workspace.get_by_label("转到").select_option(label="面试")
    workspace.get_by_role("button", name="转移", exact=True).click()
    expect(workspace.locator(".alert-success")).to_be_visible()
    assert Application.objects.get(pk=application.pk).stage == Application.Stage.INTERVIEW
    assert _take_mail() == {candidate.email: ["您申请的 视觉语言模型工程师：面试"]}

    workspace.get_by_role("link", name="安排面试").click()
    day = timezone.localdate() + timedelta(days=3)
    workspace.get_by_label("日期").fill(day.isoformat())
    workspace.get_by_label("时间（上海）").fill("14:30")
    workspace.get_by_label("视频面试").check()
    workspace.get_by_label("视频链接").fill("https://meet.example.com/lin-wei")
    workspace.get_by_label("王芳").check()
    workspace.get_by_label("Li Colleague").check()
    workspace.get_by_role("button", name="安排并发送邀请").click()
    expect(workspace.locator(".alert-success")).to_contain_text("面试已安排")

    interview = Interview.objects.get(application=application)
    assert {user.pk for user in interview.interviewers.all()} == {recruiter.pk, colleague.pk}
    invitations = {message.to[0]: message for message in mail.outbox}
    assert {address: message.subject for address, message in invitations.items()} == {
        candidate.email: "面试邀请：视觉语言模型工程师",
        recruiter.email: "面试邀请：视觉语言模型工程师 · Lin Wei",
        colleague.email: "Interview invitation: VLM Engineer · Lin Wei",
    }
    for message in invitations.values():
        calendar = _invitation(message)
        assert calendar["METHOD"] == "REQUEST"
        event = next(iter(calendar.walk("VEVENT")))
        assert timezone.localtime(event["DTSTART"].dt).strftime("%Y-%m-%d %H:%M") == (
            f"{day.isoformat()} 14:30"
        )
    mail.outbox.clear()

    # 2. The candidate, on a phone, signs in and confirms the interview in /me/.
    me = _sign_in(browser, base, candidate, viewport=PHONE, lands_on=r"/zh-hans/me/$")
    me.get_by_role("link", name="视觉语言模型工程师").first.click()
    expect(me.get_by_role("heading", name="您的面试")).to_be_visible()
    me.get_by_role("button", name="确认此时间").click()
    expect(me.locator(".alert-success")).to_contain_text("面试已确认")
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CONFIRMED
    assert _take_mail() == {
        recruiter.email: ["面试已确认：Lin Wei"],
        colleague.email: ["Interview confirmed: Lin Wei"],
    }

    # Time passes: the interview is under way (scorecards open when it has started).
    Interview.objects.filter(pk=interview.pk).update(
        starts_at=timezone.now() - timedelta(minutes=10),
        ends_at=timezone.now() + timedelta(minutes=50),
    )

    # 3. The recruiter scores first, from their own interviews.
    _open_my_interview(workspace)
    expect(workspace.get_by_text("已提交 0 / 2 份评分表")).to_be_visible()
    _scorecard(workspace, rating="4", recommendation="强烈推荐", notes="多模态基础扎实。")

    # The colleague, in their own browser, does not read it before submitting theirs.
    theirs = _sign_in(
        browser,
        base,
        colleague,
        viewport=DESKTOP,
        lands_on=rf"/zh-hans/workspace/{enterprise.slug}/$",
    )
    _open_my_interview(theirs)
    expect(theirs.get_by_text("提交您的评分表后方可查看")).to_be_visible()
    expect(theirs.get_by_text("多模态基础扎实。")).to_have_count(0)
    expect(theirs.locator("article").filter(has_text="王芳")).to_have_count(0)
    _scorecard(theirs, rating="3", recommendation="推荐", notes="Good communicator.")
    expect(theirs.locator("article").filter(has_text="王芳")).to_contain_text("强烈推荐")
    expect(theirs.get_by_text("多模态基础扎实。")).to_be_visible()
    assert Scorecard.objects.filter(interview=interview).count() == 2

    # The applicant page shows the summary; the candidate never sees the scorecards.
    workspace.reload()
    expect(workspace.get_by_text("Good communicator.")).to_be_visible()
    workspace.get_by_role("link", name="Lin Wei").first.click()
    expect(workspace.get_by_text("已提交 2 / 2 份评分表")).to_be_visible()
    me.reload()
    expect(me.get_by_text("多模态基础扎实。")).to_have_count(0)
    expect(me.get_by_text("Good communicator.")).to_have_count(0)
    assert _take_mail() == {}

    # 4. The recruiter drafts the offer (a bad salary first: a clear message, nothing
    # saved) and submits it; the admin must approve it.
    workspace.get_by_role("link", name="起草录用意向").click()
    workspace.locator("[name=annual_salary]").fill("六十万")
    workspace.locator("[name=start_date]").fill(
        (timezone.localdate() + timedelta(days=30)).isoformat()
    )
    workspace.locator("[name=expires_on]").fill(
        (timezone.localdate() + timedelta(days=7)).isoformat()
    )
    workspace.get_by_role("button", name="保存草稿").click()
    expect(workspace.locator(".invalid-feedback, .errorlist").first).to_be_visible()
    assert not Offer.objects.exists()
    workspace.locator("[name=annual_salary]").fill("600000")
    workspace.get_by_role("button", name="保存草稿").click()
    expect(workspace.locator(".alert-success")).to_contain_text("录用意向已保存为草稿")
    offer = Offer.objects.get()
    assert offer.language == "zh-hans"  # the candidate's language
    assert "Lin Wei" in offer.letter
    workspace.get_by_role("button", name="提交审批").click()
    expect(workspace.locator(".alert-success")).to_contain_text("等待贵企业管理员审批")
    expect(workspace.get_by_role("button", name="批准并发出")).to_have_count(0)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.AWAITING_APPROVAL
    assert _take_mail() == {admin.email: ["An offer to Lin Wei awaits your approval"]}

    # The admin signs in, finds the applicant and approves: the offer is sent.
    approver = _sign_in(
        browser, base, admin, viewport=DESKTOP, lands_on=rf"/zh-hans/workspace/{enterprise.slug}/$"
    )
    _workspace_nav(approver, "申请人")
    approver.get_by_role("link", name="Lin Wei").first.click()
    approver.get_by_role("button", name="批准并发出").click()
    expect(approver.locator(".alert-success")).to_contain_text("录用意向已批准")
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SENT
    assert offer.approved_by == admin
    # Sending the offer moves the application to the offer stage, with its cause.
    expect(
        approver.locator(".badge").filter(has_text=re.compile("^录用意向$")).first
    ).to_be_visible()
    application.refresh_from_db()
    assert application.stage == Application.Stage.OFFER
    assert application.history.last().cause == ApplicationStageChange.Cause.OFFER_SENT
    sent = _new_mail()
    assert sent == {
        candidate.email: ["来自 极光大模型 的录用意向"],
        recruiter.email: ["给 Lin Wei 的录用意向：已发送"],
    }
    # The offer e-mail links to the letter (a PDF the candidate reads once signed in).
    [offer_mail] = [m for m in mail.outbox if m.to == [candidate.email]]
    letter_path = reverse("talent:offer_pdf", kwargs={"pk": application.pk, "offer_pk": offer.pk})
    assert re.search(rf"录用意向书（PDF）: https?://\S+{re.escape(letter_path)}\n", offer_mail.body)
    mail.outbox.clear()

    # 5. The candidate, on the phone, reads the letter and accepts from /me/.
    _open_menu(me)
    me.locator("header").get_by_role("link", name="我的人才港").click()
    me.get_by_role("link", name="视觉语言模型工程师").first.click()
    letter_link = me.get_by_role("link", name="阅读录用意向书（PDF）")
    expect(letter_link).to_be_visible()
    with me.expect_response(lambda response: "letter.pdf" in response.url) as letter:
        me.evaluate("url => fetch(url)", letter_link.get_attribute("href"))
    assert letter.value.status == 200
    assert letter.value.headers["content-type"] == "application/pdf"
    me.get_by_role("button", name="接受录用意向").click()
    expect(me.locator(".alert-success")).to_contain_text("您已接受录用意向")
    application.refresh_from_db()
    assert application.stage == Application.Stage.HIRED
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    assert _take_mail() == {
        recruiter.email: ["给 Lin Wei 的录用意向：已接受"],
        admin.email: ["Offer to Lin Wei: Accepted"],
    }

    # The recruiter sees the hire and is asked to close the role; they write to the
    # candidate, who replies.
    workspace.reload()
    expect(workspace.get_by_role("heading", level=1)).to_contain_text("Lin Wei")
    expect(
        workspace.locator(".badge").filter(has_text=re.compile("^已录用$")).first
    ).to_be_visible()
    expect(workspace.get_by_role("heading", name="该职位名额已全部招满")).to_be_visible()
    workspace.locator("#thread [name=body]").fill("欢迎加入！第一天见。")
    workspace.get_by_role("button", name="发送消息").click()
    expect(workspace.locator(".alert-success")).to_contain_text("消息已发送")
    assert _take_mail() == {candidate.email: ["来自 极光大模型 的消息"]}

    me.reload()
    expect(me.locator("#thread")).to_contain_text("欢迎加入！第一天见。")
    me.locator("#thread [name=body]").fill("谢谢！Thank you!")
    me.get_by_role("button", name="发送消息").click()
    expect(me.locator(".alert-success")).to_contain_text("消息已发送")
    assert ApplicationMessage.objects.filter(from_candidate=True).count() == 1
    # The admin approved the offer, so works on the application too.
    assert _take_mail() == {
        recruiter.email: ["来自 Lin Wei 的消息（视觉语言模型工程师）"],
        admin.email: ["A message from Lin Wei (VLM Engineer)"],
    }
    workspace.reload()
    expect(workspace.locator("#thread")).to_contain_text("谢谢！Thank you!")

    workspace.get_by_role("button", name="关闭职位").click()
    expect(workspace.locator(".alert-success")).to_be_visible()
    role.refresh_from_db()
    assert role.state == Role.State.CLOSED
