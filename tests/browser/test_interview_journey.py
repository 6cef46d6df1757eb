"""The interview loop in a real browser, the recruiter in Chinese: schedule an interview
from the applicant page, the candidate confirms it in /me/, two interviewers submit
their scorecards (the second reads the first's only after submitting)."""

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from talent.models import Interview, Scorecard
from tests.browser_helpers import sign_in_browser
from tests.enterprises.factories import EnterpriseFactory, MembershipFactory
from tests.talent.factories import ApplicationFactory, ApplyingProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _invitation(message):
    [part] = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    return icalendar.Calendar.from_ical(part.get_payload(decode=True))


def _scorecard(page, *, rating: str, recommendation: str, notes: str):
    for group in page.locator("input[type=radio][name^=rating_]").evaluate_all(
        "inputs => [...new Set(inputs.map(i => i.name))]"
    ):
        page.locator(f"input[name={group}][value='{rating}']").check()
    page.get_by_label(recommendation, exact=True).check()
    page.get_by_label("备注").fill(notes)
    page.get_by_role("button", name="提交我的评分表").click()
    expect(page.locator(".alert-success")).to_be_visible()


def test_recruiter_schedules_candidate_confirms_interviewers_score(live_server, browser):
    enterprise = EnterpriseFactory(name_en="Aurora Foundation Models", name_zh="极光大模型")
    recruiter = MembershipFactory(
        enterprise=enterprise, user__display_name="王芳", user__preferred_language="zh-hans"
    ).user
    colleague = MembershipFactory(enterprise=enterprise, user__display_name="Li Colleague").user
    application = ApplicationFactory(
        role__enterprise=enterprise,
        role__title_en="VLM Engineer",
        role__title_zh="视觉语言模型工程师",
        profile=ApplyingProfileFactory(full_name="Lin Wei", user__preferred_language="zh-hans"),
    )
    candidate = application.profile.user
    base = live_server.url

    # The recruiter, in Chinese, schedules from the applicant page.
    recruiter_context = browser.new_context()
    sign_in_browser(recruiter_context, live_server, recruiter)
    workspace = recruiter_context.new_page()
    workspace.goto(f"{base}/zh-hans/workspace/{enterprise.slug}/")
    workspace.get_by_role("link", name="申请人", exact=True).click()
    workspace.get_by_role("link", name="Lin Wei").click()
    workspace.get_by_role("link", name="安排面试").click()
    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    workspace.get_by_label("日期").fill(day)
    workspace.get_by_label("时间（上海）").fill("14:30")
    workspace.get_by_label("视频面试").check()
    workspace.get_by_label("视频链接").fill("https://meet.example.com/lin-wei")
    workspace.get_by_label("Li Colleague").check()
    workspace.get_by_role("button", name="安排并发送邀请").click()
    expect(workspace.locator(".alert-success")).to_contain_text("面试已安排")

    interview = Interview.objects.get(application=application)
    assert {u.pk for u in interview.interviewers.all()} == {recruiter.pk, colleague.pk}
    invited = {m.to[0]: m for m in mail.outbox}
    assert set(invited) == {candidate.email, recruiter.email, colleague.email}
    assert invited[candidate.email].subject == "面试邀请：视觉语言模型工程师"
    calendar = _invitation(invited[candidate.email])
    assert calendar["METHOD"] == "REQUEST"
    assert _event_start(calendar) == "14:30"
    mail.outbox.clear()

    # The candidate confirms in /me/, in Chinese.
    candidate_context = browser.new_context()
    sign_in_browser(candidate_context, live_server, candidate)
    me = candidate_context.new_page()
    me.goto(f"{base}/zh-hans/me/")
    me.get_by_role("link", name="视觉语言模型工程师").first.click()
    expect(me.get_by_role("heading", name="您的面试")).to_be_visible()
    me.get_by_role("button", name="确认此时间").click()
    expect(me.locator(".alert-success")).to_contain_text("面试已确认")
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CONFIRMED
    assert {m.to[0]: m.subject for m in mail.outbox} == {
        recruiter.email: "面试已确认：Lin Wei",
        colleague.email: "Interview confirmed: Lin Wei",
    }

    # Time passes: the interview is under way.
    Interview.objects.filter(pk=interview.pk).update(
        starts_at=timezone.now() - timedelta(minutes=10),
        ends_at=timezone.now() + timedelta(minutes=50),
    )

    # The recruiter submits a scorecard, reaching it from their own interviews.
    workspace.get_by_role("navigation", name="工作台").get_by_role(
        "link", name="面试", exact=True
    ).click()
    workspace.get_by_role("link", name="我的（作为面试官）").click()
    workspace.locator("table tbody a").first.click()
    _scorecard(workspace, rating="4", recommendation="强烈推荐", notes="多模态基础扎实。")

    # The colleague, before submitting, does not read it; after, they do.
    colleague_context = browser.new_context()
    sign_in_browser(colleague_context, live_server, colleague)
    theirs = colleague_context.new_page()
    theirs.goto(f"{base}/zh-hans/workspace/{enterprise.slug}/")
    theirs.get_by_role("navigation", name="工作台").get_by_role(
        "link", name="面试", exact=True
    ).click()
    theirs.locator("table tbody a").first.click()
    expect(theirs.get_by_text("多模态基础扎实。")).to_have_count(0)
    _scorecard(theirs, rating="3", recommendation="推荐", notes="Good communicator.")
    expect(theirs.get_by_text("多模态基础扎实。")).to_be_visible()

    assert Scorecard.objects.filter(interview=interview).count() == 2
    # The applicant page shows the summary.
    workspace.get_by_role("link", name="Lin Wei").first.click()
    expect(workspace.get_by_text("已提交 2 / 2 份评分表")).to_be_visible()
    # The candidate never sees them.
    me.reload()
    expect(me.get_by_text("多模态基础扎实。")).to_have_count(0)


def _event_start(calendar) -> str:
    event = next(iter(calendar.walk("VEVENT")))
    return event["DTSTART"].dt.strftime("%H:%M")
