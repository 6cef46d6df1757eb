"""Interviews: scheduling with calendar invitations, the candidate's answer, changes,
cancellation, reminders, and who may reach which page."""

import io
import json
import zipfile
from datetime import timedelta
from http import HTTPStatus

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from talent import actions
from talent.models import Interview, InterviewEvent
from tests.enterprises.factories import MembershipFactory, RecruiterMembershipFactory
from tests.factories import InterviewFactory, ScorecardFactory, UserFactory
from westbund.notifications.models import Kind, Notification

from .factories import ApplicationFactory, ApplyingProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application():
    return ApplicationFactory(
        profile=ApplyingProfileFactory(
            full_name="Lin Wei", user__email="lin.wei@example.com", user__display_name="Lin Wei"
        ),
        role__title_en="VLM Researcher",
        role__title_zh="视觉语言模型研究员",
    )


@pytest.fixture
def recruiter(client, application):
    user = RecruiterMembershipFactory(
        enterprise=application.enterprise,
        user__email="recruiter@example.com",
        user__display_name="Rita Recruiter",
    ).user
    client.force_login(user)
    return user


@pytest.fixture
def interviewer(application):
    return RecruiterMembershipFactory(
        enterprise=application.enterprise,
        user__email="ivan@example.com",
        user__display_name="Ivan Interviewer",
    ).user


def _future(days=3, hour="10:00"):
    return {"date": (timezone.localdate() + timedelta(days=days)).isoformat(), "time": hour}


def _form(*interviewers, **overrides):
    data = {
        **_future(),
        "duration": "60",
        "mode": "video",
        "link": "https://meet.example.com/lin-wei",
        "location": "",
        "interviewers": [user.pk for user in interviewers],
    }
    data.update(overrides)
    return data


def _schedule(client, application, data):
    return client.post(
        reverse(
            "talent:workspace_interview_new", args=[application.enterprise.slug, application.pk]
        ),
        data,
    )


def _calendar(message) -> tuple[icalendar.Calendar, str]:
    """The invitation part of an e-mail: the parsed calendar and its Content-Type."""
    parts = [
        part for part in message.message().walk() if part.get_content_type() == "text/calendar"
    ]
    assert len(parts) == 1, "one text/calendar body part"
    part = parts[0]
    return icalendar.Calendar.from_ical(part.get_payload(decode=True)), part["Content-Type"]


def _event(calendar):
    return next(iter(calendar.walk("VEVENT")))


def _scheduled(client, application, recruiter, interviewer, capture, mailoutbox):
    with capture(execute=True):
        response = _schedule(client, application, _form(recruiter, interviewer))
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    return Interview.objects.get(application=application)


# -- Scheduling --------------------------------------------------------------------------------


def test_scheduling_can_send_a_message_template_with_the_interview_time(
    client, application, recruiter, interviewer, django_capture_on_commit_callbacks, mailoutbox
):
    from tests.factories import MessageTemplateFactory

    template = MessageTemplateFactory(
        enterprise=application.enterprise,
        body_en="Dear {name}, see you on {interview_time}.",
        body_zh="{name}您好，面试时间：{interview_time}。",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = _schedule(
            client, application, _form(recruiter, interviewer, message_template=template.pk)
        )

    assert response.status_code == HTTPStatus.FOUND
    message = application.messages.get()
    assert "10:00" in message.body and "{interview_time}" not in message.body


def test_another_enterprises_template_cannot_be_sent_when_scheduling(
    client, application, recruiter, interviewer
):
    from tests.factories import MessageTemplateFactory

    MessageTemplateFactory(enterprise=application.enterprise)
    foreign = MessageTemplateFactory()

    response = _schedule(
        client, application, _form(recruiter, interviewer, message_template=foreign.pk)
    )

    assert response.status_code == HTTPStatus.OK
    assert not Interview.objects.filter(application=application).exists()
    assert not application.messages.exists()


def test_scheduling_records_the_interview_and_invites_everyone(
    client, application, recruiter, interviewer, django_capture_on_commit_callbacks, mailoutbox
):
    interview = _scheduled(
        client, application, recruiter, interviewer, django_capture_on_commit_callbacks, mailoutbox
    )

    assert interview.status == Interview.Status.SCHEDULED
    assert timezone.localtime(interview.starts_at).strftime("%H:%M") == "10:00"
    assert interview.duration_minutes == 60
    assert set(interview.interviewers.all()) == {recruiter, interviewer}
    event = InterviewEvent.objects.get(interview=interview)
    assert (event.from_state, event.to_state, event.cause, event.actor) == (
        "",
        "scheduled",
        "scheduled",
        recruiter,
    )
    assert sorted(m.to[0] for m in mailoutbox) == [
        "ivan@example.com",
        "lin.wei@example.com",
        "recruiter@example.com",
    ]
    assert Notification.objects.filter(kind=Kind.INTERVIEW_INVITATION).count() == 3
    candidate_mail = next(m for m in mailoutbox if m.to == ["lin.wei@example.com"])
    assert candidate_mail.subject == "Interview invitation: VLM Researcher"
    assert "invites you to an interview for VLM Researcher" in candidate_mail.body
    assert "https://meet.example.com/lin-wei" in candidate_mail.body


def test_the_invitation_is_a_calendar_request_calendars_accept(
    client, application, recruiter, interviewer, django_capture_on_commit_callbacks, mailoutbox
):
    interview = _scheduled(
        client, application, recruiter, interviewer, django_capture_on_commit_callbacks, mailoutbox
    )
    message = next(m for m in mailoutbox if m.to == ["lin.wei@example.com"])

    calendar, content_type = _calendar(message)

    assert content_type.startswith("text/calendar; method=REQUEST")
    assert calendar["METHOD"] == "REQUEST"
    event = _event(calendar)
    assert str(event["UID"]) == interview.calendar_uid()
    assert event["SEQUENCE"] == 0
    start = event["DTSTART"]
    assert start.params["TZID"] == "Asia/Shanghai"
    assert start.dt.strftime("%H:%M") == "10:00"
    assert start.dt.utcoffset() == timedelta(hours=8)
    assert event["DTEND"].dt - start.dt == timedelta(hours=1)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert str(event["ORGANIZER"]) == "mailto:recruiter@example.com"
    attendees = {str(attendee) for attendee in event["ATTENDEE"]}
    assert attendees == {
        "mailto:lin.wei@example.com",
        "mailto:recruiter@example.com",
        "mailto:ivan@example.com",
    }
    # The same invitation as a file, for the clients that import attachments.
    assert [(a.filename, a.mimetype) for a in message.attachments] == [
        ("invite.ics", "application/ics")
    ]


def test_a_chinese_candidate_reads_the_invitation_in_chinese(
    client, application, recruiter, interviewer, django_capture_on_commit_callbacks, mailoutbox
):
    application.profile.user.preferred_language = "zh-hans"
    application.profile.user.save()

    _scheduled(
        client, application, recruiter, interviewer, django_capture_on_commit_callbacks, mailoutbox
    )

    message = next(m for m in mailoutbox if m.to == ["lin.wei@example.com"])
    assert message.subject == "面试邀请：视觉语言模型研究员"
    assert "视频" in message.body
    calendar, _type = _calendar(message)
    assert "面试" in str(_event(calendar)["SUMMARY"])


def test_the_interviewer_is_told_who_they_interview(
    client, application, recruiter, interviewer, django_capture_on_commit_callbacks, mailoutbox
):
    _scheduled(
        client, application, recruiter, interviewer, django_capture_on_commit_callbacks, mailoutbox
    )

    message = next(m for m in mailoutbox if m.to == ["ivan@example.com"])
    assert message.subject == "Interview invitation: VLM Researcher · Lin Wei"
    assert "You are an interviewer of Lin Wei for VLM Researcher." in message.body


# -- Rescheduling and cancelling -------------------------------------------------------------


def test_rescheduling_raises_the_sequence_with_the_same_uid(
    client, application, recruiter, interviewer, django_capture_on_commit_callbacks, mailoutbox
):
    interview = _scheduled(
        client, application, recruiter, interviewer, django_capture_on_commit_callbacks, mailoutbox
    )
    mailoutbox.clear()
    url = reverse(
        "talent:workspace_interview_reschedule", args=[application.enterprise.slug, interview.pk]
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, _form(recruiter, interviewer, time="15:30", reason="A room is free then.")
        )

    assert response.status_code == HTTPStatus.FOUND
    interview.refresh_from_db()
    assert interview.sequence == 1
    assert timezone.localtime(interview.starts_at).strftime("%H:%M") == "15:30"
    event = interview.events.last()
    assert (event.cause, event.to_state, event.reason) == (
        "rescheduled",
        "scheduled",
        "A room is free then.",
    )
    message = next(m for m in mailoutbox if m.to == ["lin.wei@example.com"])
    assert message.subject == "Interview changed: VLM Researcher"
    calendar, _type = _calendar(message)
    vevent = _event(calendar)
    assert calendar["METHOD"] == "REQUEST"
    assert str(vevent["UID"]) == interview.calendar_uid()
    assert vevent["SEQUENCE"] == 1
    assert vevent["DTSTART"].dt.strftime("%H:%M") == "15:30"


def test_an_interviewer_taken_off_gets_the_cancellation(
    client, application, recruiter, interviewer, django_capture_on_commit_callbacks, mailoutbox
):
    interview = _scheduled(
        client, application, recruiter, interviewer, django_capture_on_commit_callbacks, mailoutbox
    )
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        actions.reschedule_interview(
            interview=interview,
            by=recruiter,
            starts_at=interview.starts_at,
            duration_minutes=45,
            mode="video",
            link=interview.link,
            interviewers=[recruiter],
        )

    message = next(m for m in mailoutbox if m.to == ["ivan@example.com"])
    assert message.subject.startswith("Interview cancelled")
    calendar, content_type = _calendar(message)
    assert calendar["METHOD"] == "CANCEL"
    assert "method=CANCEL" in content_type


def test_cancelling_sends_the_calendar_cancellation(
    client, application, recruiter, interviewer, django_capture_on_commit_callbacks, mailoutbox
):
    interview = _scheduled(
        client, application, recruiter, interviewer, django_capture_on_commit_callbacks, mailoutbox
    )
    mailoutbox.clear()
    url = reverse(
        "talent:workspace_interview_cancel", args=[application.enterprise.slug, interview.pk]
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "The role is on hold."})

    assert response.status_code == HTTPStatus.FOUND
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED
    assert interview.sequence == 1
    assert interview.events.last().cause == "cancelled"
    assert len(mailoutbox) == 3
    message = next(m for m in mailoutbox if m.to == ["lin.wei@example.com"])
    assert message.subject == "Interview cancelled: VLM Researcher"
    calendar, content_type = _calendar(message)
    vevent = _event(calendar)
    assert calendar["METHOD"] == "CANCEL"
    assert content_type.startswith("text/calendar; method=CANCEL")
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["SEQUENCE"] == 1
    assert str(vevent["UID"]) == interview.calendar_uid()
    assert [a.filename for a in message.attachments] == ["cancel.ics"]


def test_a_cancelled_interview_cannot_be_rescheduled(recruiter, application):
    interview = InterviewFactory(application=application, interviewers=[recruiter])
    actions.cancel_interview(interview=interview, by=recruiter)

    with pytest.raises(ValidationError):
        actions.reschedule_interview(
            interview=interview,
            by=recruiter,
            starts_at=interview.starts_at,
            duration_minutes=60,
            mode="phone",
            interviewers=[recruiter],
        )
    assert interview.events.count() == 1


# -- The candidate's answer in /me/ ------------------------------------------------------------


def _as_candidate(client, application):
    client.force_login(application.profile.user)


def test_the_candidate_confirms_in_me(
    client, application, recruiter, interviewer, django_capture_on_commit_callbacks, mailoutbox
):
    interview = InterviewFactory(
        application=application, organizer=recruiter, interviewers=[interviewer]
    )
    recruiter.preferred_language = "zh-hans"
    recruiter.save()
    _as_candidate(client, application)
    page = client.get(reverse("talent:application", args=[application.pk])).content.decode()
    assert "Confirm this time" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("talent:interview_confirm", args=[application.pk, interview.pk])
        )

    assert response.status_code == HTTPStatus.FOUND
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CONFIRMED
    event = interview.events.get()
    assert (event.cause, event.actor) == ("confirmed", application.profile.user)
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects == {
        "ivan@example.com": "Interview confirmed: Lin Wei",
        "recruiter@example.com": "面试已确认：Lin Wei",
    }


def test_the_candidate_asks_for_another_time_with_a_reason(
    client, application, recruiter, django_capture_on_commit_callbacks, mailoutbox
):
    interview = InterviewFactory(
        application=application, organizer=recruiter, interviewers=[recruiter]
    )
    _as_candidate(client, application)
    url = reverse("talent:interview_change", args=[application.pk, interview.pk])
    assert client.get(url).status_code == HTTPStatus.OK

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "I fly back on Friday; Monday works."})

    assert response.status_code == HTTPStatus.FOUND
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CHANGE_REQUESTED
    assert interview.events.get().reason == "I fly back on Friday; Monday works."
    assert mailoutbox[0].subject == "Another time requested: Lin Wei"
    assert "I fly back on Friday; Monday works." in mailoutbox[0].body


def test_asking_for_another_time_needs_a_reason(client, application, recruiter, mailoutbox):
    interview = InterviewFactory(application=application, interviewers=[recruiter])
    _as_candidate(client, application)

    response = client.post(
        reverse("talent:interview_change", args=[application.pk, interview.pk]), {"reason": " "}
    )

    assert response.status_code == HTTPStatus.OK
    assert "Say why, and which times would suit you." in response.content.decode()
    interview.refresh_from_db()
    assert interview.status == Interview.Status.SCHEDULED
    assert not interview.events.exists()


def test_chinese_candidate_sees_the_reason_error_in_chinese(client, application, recruiter):
    interview = InterviewFactory(application=application, interviewers=[recruiter])
    _as_candidate(client, application)

    response = client.post(
        "/zh-hans" + reverse("talent:interview_change", args=[application.pk, interview.pk]),
        {"reason": ""},
    )

    assert "请说明原因" in response.content.decode()


def test_another_candidate_cannot_answer_someone_elses_interview(client, application, recruiter):
    interview = InterviewFactory(application=application, interviewers=[recruiter])
    other = ApplicationFactory()
    client.force_login(other.profile.user)

    for url in (
        reverse("talent:interview_confirm", args=[application.pk, interview.pk]),
        reverse("talent:interview_confirm", args=[other.pk, interview.pk]),
        reverse("talent:interview_change", args=[other.pk, interview.pk]),
    ):
        assert client.post(url, {"reason": "x"}).status_code == HTTPStatus.NOT_FOUND
    interview.refresh_from_db()
    assert interview.status == Interview.Status.SCHEDULED


# -- Done, reminders ---------------------------------------------------------------------------


def test_marking_done_asks_interviewers_for_their_scorecards(
    client, application, recruiter, interviewer, django_capture_on_commit_callbacks, mailoutbox
):
    from tests.factories import PastInterviewFactory

    interview = PastInterviewFactory(application=application, interviewers=[recruiter, interviewer])
    ScorecardFactory(interview=interview, interviewer=recruiter)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(
                "talent:workspace_interview_done", args=[application.enterprise.slug, interview.pk]
            )
        )

    assert response.status_code == HTTPStatus.FOUND
    interview.refresh_from_db()
    assert interview.status == Interview.Status.DONE
    assert interview.events.get().cause == "done"
    assert [m.to for m in mailoutbox] == [["ivan@example.com"]]
    assert mailoutbox[0].subject == "Scorecard due: Lin Wei"
    assert not mailoutbox[0].attachments


def test_an_interview_not_started_cannot_be_marked_done(recruiter, application):
    interview = InterviewFactory(application=application, interviewers=[recruiter])
    with pytest.raises(Exception, match="not started"):
        actions.mark_interview_done(interview=interview, by=recruiter)


def test_reminders_go_once_the_day_before(
    application, recruiter, django_capture_on_commit_callbacks, mailoutbox
):
    soon = InterviewFactory(
        application=application,
        interviewers=[recruiter],
        starts_at=timezone.now() + timedelta(hours=20),
    )
    InterviewFactory(interviewers=None, starts_at=timezone.now() + timedelta(days=3))

    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_interview_reminders() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_interview_reminders() == 0

    assert sorted(m.to[0] for m in mailoutbox) == ["lin.wei@example.com", "recruiter@example.com"]
    assert mailoutbox[0].subject.startswith("Reminder: interview for VLM Researcher")
    soon.refresh_from_db()
    assert soon.reminder_sent_at is not None


def test_a_rescheduled_interview_is_reminded_again(application, recruiter):
    interview = InterviewFactory(
        application=application,
        interviewers=[recruiter],
        starts_at=timezone.now() + timedelta(hours=20),
    )
    actions.send_interview_reminders()
    actions.reschedule_interview(
        interview=interview,
        by=recruiter,
        starts_at=timezone.now() + timedelta(hours=22),
        duration_minutes=60,
        mode="phone",
        interviewers=[recruiter],
    )

    assert actions.send_interview_reminders() == 1
    assert Notification.objects.filter(kind=Kind.INTERVIEW_REMINDER).count() == 4


def test_a_chinese_reminder(application, recruiter, django_capture_on_commit_callbacks, mailoutbox):
    application.profile.user.preferred_language = "zh-hans"
    application.profile.user.save()
    InterviewFactory(
        application=application,
        interviewers=[recruiter],
        starts_at=timezone.now() + timedelta(hours=20),
    )

    with django_capture_on_commit_callbacks(execute=True):
        actions.send_interview_reminders()

    message = next(m for m in mailoutbox if m.to == ["lin.wei@example.com"])
    assert message.subject.startswith("提醒")


def test_the_reminder_task_is_scheduled_by_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["send-interview-reminders"]
    assert entry["task"] == "talent.tasks.send_interview_reminders"


# -- Clashes ------------------------------------------------------------------------------------


def test_a_clash_with_an_interviewers_other_interview_is_warned_about(
    client, application, recruiter, interviewer
):
    other = InterviewFactory(
        application=ApplicationFactory(role=application.role), interviewers=[interviewer]
    )
    local = timezone.localtime(other.starts_at)
    data = _form(
        interviewer,
        date=local.date().isoformat(),
        time=(local + timedelta(minutes=30)).strftime("%H:%M"),
    )

    response = _schedule(client, application, data)

    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "Ivan Interviewer interviews" in body
    assert "Schedule anyway" in body
    assert not Interview.objects.filter(application=application).exists()

    response = _schedule(client, application, {**data, "confirm_clash": "on"})
    assert response.status_code == HTTPStatus.FOUND
    assert Interview.objects.filter(application=application).exists()


def test_a_clash_in_another_enterprise_is_not_shown(client, application, recruiter, interviewer):
    # The interviewer also belongs to another enterprise, which interviews someone then.
    elsewhere = RecruiterMembershipFactory(user=interviewer).enterprise
    other = InterviewFactory(
        application=ApplicationFactory(
            role__enterprise=elsewhere, profile=ApplyingProfileFactory(full_name="Secret Person")
        ),
        interviewers=[interviewer],
    )
    local = timezone.localtime(other.starts_at)
    data = _form(interviewer, date=local.date().isoformat(), time=local.strftime("%H:%M"))

    response = _schedule(client, application, data)

    assert response.status_code == HTTPStatus.FOUND
    assert "Secret Person" not in client.get(response["Location"]).content.decode()


# -- Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date": "2020-01-01"}, "Choose a time in the future."),
        ({"mode": "video", "link": ""}, "Give the link of the video call."),
        ({"mode": "onsite", "link": "", "location": ""}, "Say where the interview takes place."),
        ({"link": "javascript:alert(1)"}, "Enter a web address that starts with https://"),
        ({"location": "x" * 301}, "at most 300 characters"),
        ({"location": "Room\x00 3"}, "Null characters are not allowed."),
        ({"location": "Room\x07 3"}, "Remove the invisible control characters"),
        ({"duration": "7"}, "Select a valid choice"),
        ({"date": ""}, "This field is required"),
        ({"interviewers": []}, "Choose at least one interviewer."),
    ],
)
def test_bad_schedule_input_is_refused_with_a_message(
    client, application, recruiter, overrides, message
):
    response = _schedule(client, application, _form(recruiter, **overrides))

    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert not Interview.objects.exists()
    assert not Notification.objects.exists()


def test_an_interviewer_from_another_enterprise_is_refused(client, application, recruiter):
    stranger = MembershipFactory().user

    response = _schedule(client, application, _form(recruiter, stranger))

    assert response.status_code == HTTPStatus.OK
    assert "Select a valid choice" in response.content.decode()
    assert not Interview.objects.exists()


def test_the_action_refuses_an_interviewer_from_another_enterprise(application, recruiter):
    with pytest.raises(Exception, match="Interviewers are chosen among"):
        actions.schedule_interview(
            application=application,
            by=recruiter,
            starts_at=timezone.now() + timedelta(days=1),
            duration_minutes=60,
            mode="phone",
            interviewers=[MembershipFactory().user],
        )
    assert not Interview.objects.exists()


def test_the_past_is_refused_in_chinese(client, application, recruiter):
    response = client.post(
        "/zh-hans"
        + reverse(
            "talent:workspace_interview_new", args=[application.enterprise.slug, application.pk]
        ),
        _form(recruiter, date="2020-01-01"),
    )
    assert "请选择将来的时间" in response.content.decode()
    assert not Interview.objects.exists()


def test_a_very_long_change_reason_is_refused(client, application, recruiter):
    interview = InterviewFactory(application=application, interviewers=[recruiter])
    _as_candidate(client, application)

    response = client.post(
        reverse("talent:interview_change", args=[application.pk, interview.pk]),
        {"reason": "<script>alert(1)</script>" * 100},
    )

    assert response.status_code == HTTPStatus.OK
    assert "<script>alert(1)</script>" not in response.content.decode()
    interview.refresh_from_db()
    assert interview.status == Interview.Status.SCHEDULED


def test_hostile_place_text_is_shown_escaped(client, application, recruiter):
    _schedule(
        client,
        application,
        _form(recruiter, mode="onsite", link="", location="<img src=x onerror=alert(1)>"),
    )
    interview = Interview.objects.get()

    body = client.get(interview.workspace_url()).content.decode()

    assert "<img src=x onerror" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body


def test_a_closed_application_cannot_be_interviewed(client, application, recruiter):
    actions.move_application(
        application=application, to_stage="rejected", by=recruiter, reason="Not now."
    )

    response = _schedule(client, application, _form(recruiter))

    assert "This application is closed" in response.content.decode()
    assert not Interview.objects.exists()


# -- Pages and who may reach them --------------------------------------------------------------


def _new_urls(application, interview, criterion_pk=1):
    slug = application.enterprise.slug
    return [
        reverse("talent:workspace_interviews", args=[slug]),
        reverse("talent:workspace_interview_new", args=[slug, application.pk]),
        reverse("talent:workspace_interview", args=[slug, interview.pk]),
        reverse("talent:workspace_interview_reschedule", args=[slug, interview.pk]),
        reverse("talent:workspace_interview_cancel", args=[slug, interview.pk]),
        reverse("talent:workspace_interview_done", args=[slug, interview.pk]),
        reverse("talent:workspace_interview_scorecard", args=[slug, interview.pk]),
        reverse("talent:workspace_role_criteria", args=[slug, application.role_id]),
        reverse(
            "talent:workspace_role_criterion_delete",
            args=[slug, application.role_id, criterion_pk],
        ),
    ]


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_enterprises_member_gets_404_on_every_interview_url(
    client, application, recruiter, method
):
    interview = InterviewFactory(application=application, interviewers=[recruiter])
    criterion = actions.ensure_criteria(role=application.role)[0]
    client.force_login(MembershipFactory().user)

    for url in _new_urls(application, interview, criterion.pk):
        response = getattr(client, method)(url, {"reason": "x", "name_en": "x"})
        assert response.status_code == HTTPStatus.NOT_FOUND, url
    interview.refresh_from_db()
    assert interview.status == Interview.Status.SCHEDULED
    assert application.role.scorecard_criteria.count() == len(
        actions.default_criteria(application.role)
    )


def test_a_member_of_another_enterprise_cannot_reach_it_through_their_own_slug(
    client, application, recruiter
):
    interview = InterviewFactory(application=application, interviewers=[recruiter])
    own = MembershipFactory()
    client.force_login(own.user)

    url = reverse("talent:workspace_interview", args=[own.enterprise.slug, interview.pk])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    url = reverse("talent:workspace_interview_new", args=[own.enterprise.slug, application.pk])
    assert client.post(url, _form(own.user)).status_code == HTTPStatus.NOT_FOUND
    assert Interview.objects.count() == 1


def test_the_candidate_cannot_open_the_workspace_interview(client, application, recruiter):
    interview = InterviewFactory(application=application, interviewers=[recruiter])
    _as_candidate(client, application)

    for url in _new_urls(application, interview):
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url


def test_interviews_page_lists_upcoming_and_mine(client, application, recruiter, interviewer):
    InterviewFactory(application=application, interviewers=[recruiter])
    theirs = InterviewFactory(
        application=ApplicationFactory(
            role=application.role, profile=ApplyingProfileFactory(full_name="Zhang San")
        ),
        interviewers=[interviewer],
    )
    InterviewFactory(
        application=ApplicationFactory(
            role=application.role, profile=ApplyingProfileFactory(full_name="Past Person")
        ),
        interviewers=[recruiter],
        starts_at=timezone.now() - timedelta(days=2),
    )
    InterviewFactory(
        application=ApplicationFactory(profile=ApplyingProfileFactory(full_name="Elsewhere"))
    )
    url = reverse("talent:workspace_interviews", args=[application.enterprise.slug])

    body = client.get(url).content.decode()
    assert "Lin Wei" in body and "Zhang San" in body
    assert "Past Person" not in body and "Elsewhere" not in body

    mine = client.get(url, {"mine": "1"}).content.decode()
    assert "Lin Wei" in mine and "Zhang San" not in mine
    assert theirs.pk

    # Held and cancelled ones stay findable: their scorecards and history live there.
    actions.cancel_interview(interview=theirs, by=recruiter, reason="The role was filled.")
    past = client.get(url, {"past": "1"}).content.decode()
    assert "Past Person" in past and "Zhang San" in past
    assert "Lin Wei" not in past and "Elsewhere" not in past
    assert past.index("Zhang San") < past.index("Past Person")  # the latest first
    chinese = client.get(f"/zh-hans{url}", {"past": "1"}).content.decode()
    assert "已结束与已取消的面试" in chinese
    # Nobody is asked for a scorecard of a cancelled interview.
    assert "已取消：无需评分表。" in chinese


def test_interviews_page_in_chinese(client, application, recruiter):
    InterviewFactory(application=application, interviewers=[recruiter])
    body = client.get(
        "/zh-hans" + reverse("talent:workspace_interviews", args=[application.enterprise.slug])
    ).content.decode()
    assert "即将进行的面试" in body


def _many_interviews(application, recruiter, count):
    for _index in range(count):
        other = ApplicationFactory(role=application.role)
        card_interview = InterviewFactory(application=other, interviewers=[recruiter])
        ScorecardFactory(interview=card_interview, interviewer=recruiter)
        InterviewFactory(application=application, interviewers=[recruiter, UserFactory()])


@pytest.mark.parametrize("count", [2, 8])
def test_interviews_page_queries_do_not_grow(
    client, application, recruiter, count, django_assert_max_num_queries
):
    _many_interviews(application, recruiter, count)
    url = reverse("talent:workspace_interviews", args=[application.enterprise.slug])

    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize("count", [2, 8])
def test_applicant_page_queries_do_not_grow_with_interviews(
    client, application, recruiter, count, django_assert_max_num_queries
):
    _many_interviews(application, recruiter, count)

    with django_assert_max_num_queries(22):
        response = client.get(application.workspace_url())
    assert response.status_code == HTTPStatus.OK
    assert response.content.decode().count("talent/workspace") >= 0


def test_applicant_page_offers_to_schedule(client, application, recruiter):
    body = client.get(application.workspace_url()).content.decode()
    assert "Schedule an interview" in body
    assert (
        reverse(
            "talent:workspace_interview_new", args=[application.enterprise.slug, application.pk]
        )
        in body
    )


# -- Privacy export and the officers' admin ----------------------------------------------------


def test_scorecards_are_in_the_candidates_export_but_not_in_me(client, application, recruiter):
    interview = InterviewFactory(application=application, interviewers=[recruiter])
    ScorecardFactory(interview=interview, interviewer=recruiter, notes="Sharp on VLM evals.")
    _as_candidate(client, application)

    page = client.get(reverse("talent:application", args=[application.pk])).content.decode()
    assert "Sharp on VLM evals." not in page
    response = client.post(reverse("talent:privacy_export"))
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("data.json"))

    [exported] = data["interviews"]
    [card] = exported["scorecards"]
    assert card["notes"] == "Sharp on VLM evals."
    assert card["by"] == "interviewer"
    assert card["recommendation"] == "Yes"
    assert recruiter.email not in json.dumps(exported)


def test_officers_read_interviews_and_scorecards_in_the_admin(
    client, application, recruiter, sign_in_officer
):
    from tests.factories import OfficerFactory

    interview = InterviewFactory(application=application, interviewers=[recruiter])
    ScorecardFactory(interview=interview, interviewer=recruiter, notes="Sharp on VLM evals.")
    actions.cancel_interview(interview=InterviewFactory(application=application), by=recruiter)
    sign_in_officer(client, OfficerFactory())

    response = client.get(reverse("admin:talent_application_change", args=[application.pk]))

    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Sharp on VLM evals." in body
    assert "Cancelled" in body
    assert 'name="interviews-0-status"' not in body  # read-only


# -- Every step in Chinese -------------------------------------------------------------------


def _chinese(user):
    user.preferred_language = "zh-hans"
    user.save()
    return user


def test_every_step_reaches_chinese_readers_in_chinese(
    application, recruiter, interviewer, django_capture_on_commit_callbacks, mailoutbox
):
    from tests.factories import PastInterviewFactory

    candidate = _chinese(application.profile.user)
    _chinese(recruiter)
    _chinese(interviewer)
    with django_capture_on_commit_callbacks(execute=True):
        interview = actions.schedule_interview(
            application=application,
            by=recruiter,
            starts_at=timezone.now() + timedelta(days=2),
            duration_minutes=60,
            mode="onsite",
            location="西岸智塔 12 楼",
            interviewers=[interviewer],
        )
        actions.request_interview_change(interview=interview, by=candidate, reason="周一可以吗？")
        actions.reschedule_interview(
            interview=interview,
            by=recruiter,
            starts_at=timezone.now() + timedelta(days=3),
            duration_minutes=60,
            mode="phone",
            interviewers=[interviewer],
        )
        actions.cancel_interview(interview=interview, by=recruiter)
        past = PastInterviewFactory(application=application, interviewers=[interviewer])
        actions.mark_interview_done(interview=past, by=recruiter)

    subjects = [(m.to[0], m.subject) for m in mailoutbox]
    assert (candidate.email, "面试邀请：视觉语言模型研究员") in subjects
    assert (interviewer.email, "请求更改时间：Lin Wei") in subjects
    assert (candidate.email, "面试变更：视觉语言模型研究员") in subjects
    assert (candidate.email, "面试已取消：视觉语言模型研究员") in subjects
    assert (interviewer.email, "请提交评分表：Lin Wei") in subjects
    bodies = " ".join(m.body for m in mailoutbox)
    assert "周一可以吗？" in bodies
    assert "现场面试" in bodies and "电话面试" in bodies
    causes = list(
        InterviewEvent.objects.filter(interview=interview).values_list("cause", flat=True)
    )
    assert causes == ["scheduled", "change_requested", "rescheduled", "cancelled"]


@pytest.mark.parametrize(
    ("status", "badge"),
    [
        (Interview.Status.SCHEDULED, "text-bg-info"),
        (Interview.Status.CONFIRMED, "text-bg-success"),
        (Interview.Status.CHANGE_REQUESTED, "text-bg-warning"),
        (Interview.Status.CANCELLED, "text-bg-secondary"),
        (Interview.Status.DONE, "text-bg-dark"),
    ],
)
def test_each_interview_status_has_its_badge_colour_from_the_one_palette(
    client, recruiter, application, status, badge
):
    interview = InterviewFactory(application=application, interviewers=[recruiter], status=status)
    page = client.get(interview.workspace_url()).content.decode()
    label = Interview.Status(status).label
    assert f'<span class="badge {badge}">{label}</span>' in page


def test_cancelling_is_opened_first_then_confirmed(client, application, recruiter):
    interview = InterviewFactory(application=application, interviewers=[recruiter])
    page = client.get(f"/zh-hans{interview.workspace_url()}").content.decode()
    step = page[page.index('<details id="cancel-interview"') :].split("</details>")[0]
    assert '<details id="cancel-interview">' in step  # closed until opened
    assert "取消面试…" in step
    assert "候选人和每位面试官会立即收到取消通知" in step
    assert "是，取消面试" in step
