"""Every kind renders, in English and in Chinese."""

import pytest

from tests.notifications.factories import NotificationFactory
from westbund.notifications.models import Kind
from westbund.notifications.rendering import render_notification

pytestmark = pytest.mark.django_db

SAMPLE_CONTEXT = {
    Kind.APARTMENT_APPLICATION_UPDATED: {
        "cause": "offered",
        "status_label": "Unit offered",
        "unit": {"en": "West Bund Residence 1203", "zh-hans": "西岸人才公寓 1203"},
        "answer_by": "2026-12-08T18:00:00+08:00",
        "position": "",
    },
    Kind.OFFER_APPROVAL_REQUESTED: {
        "role_title": {"en": "VLM engineer", "zh-hans": "视觉语言模型工程师"},
        "enterprise_name": "Aurora",
        "applicant_name": "Lin Wei",
        "position": "VLM engineer",
        "drafter_name": "Zhang Min",
        "annual_salary": 600000,
        "expires": "2026-12-20",
        "letter_path": "/workspace/aurora/applicants/1/offers/1/letter.pdf",
    },
    Kind.OFFER_RECEIVED: {
        "role_title": "VLM engineer",
        "enterprise_name": "Aurora",
        "position": "VLM engineer",
        "expires": "2026-12-20",
        "for_candidate": True,
        "letter_path": "/me/applications/1/offers/1/letter.pdf",
    },
    Kind.OFFER_STATUS_CHANGED: {
        "role_title": "VLM engineer",
        "enterprise_name": "Aurora",
        "applicant_name": "Lin Wei",
        "position": "VLM engineer",
        "status_label": "Accepted",
        "openings_filled": True,
        "reason": "",
    },
    Kind.APPLICATION_MESSAGE: {
        "role_title": "VLM engineer",
        "enterprise_name": "Aurora",
        "applicant_name": "Lin Wei",
        "subject": "",
        "body": "Could you come on Tuesday?",
        "from_candidate": False,
    },
    Kind.APPLICATION_RECEIVED: {
        "role_title": "Multimodal researcher",
        "enterprise_name": "Aurora",
        "applicant_name": "Lin Wei",
    },
    Kind.APPLICATION_STAGE_CHANGED: {
        "role_title": "Multimodal researcher",
        "enterprise_name": "Aurora",
        "stage_label": "Interview",
        "reason": "",
    },
    Kind.APPLICATION_WITHDRAWN: {
        "role_title": "Multimodal researcher",
        "enterprise_name": "Aurora",
    },
    Kind.PROFILE_REVIEW_STARTED: {},
    Kind.PROFILE_REVIEW_DECIDED: {"decision_label": "Verified", "message": "Welcome!"},
    Kind.PROFILE_ASSIGNED: {"profile_name": "Lin Wei", "review_state": "submitted"},
    Kind.ROLE_REVIEW_DECIDED: {
        "role_title": "Speech engineer",
        "enterprise_name": "Aurora",
        "approved": False,
        "reason": "Salary missing",
    },
    Kind.ROLE_DEADLINE_SOON: {
        "role_title": "Speech engineer",
        "enterprise_name": "Aurora",
        "deadline": "2026-12-01",
        "days_left": 3,
    },
    Kind.JOB_ALERT_DIGEST: {
        "alert_name": "Multimodal",
        "count": 2,
        "roles": [
            {"title": "VLM engineer", "enterprise_name": "Aurora", "path": "/jobs/vlm/"},
            {"title": "Robotics RL", "enterprise_name": "Huangpu", "path": "/jobs/rl/"},
        ],
    },
    Kind.SERVICE_REQUEST_UPDATED: {
        "reference": "SR-0042",
        "subject": "Talent apartment",
        "status_label": "In progress",
        "message": "We booked a viewing.",
    },
    Kind.ENTERPRISE_INVITATION: {
        "enterprise_name": "Aurora",
        "inviter_name": "Zhang Min",
        "membership_role_label": "Recruiter",
        "expires": "2026-12-09",
    },
    Kind.EVENT_RSVP: {
        "event_title": "Demo day",
        "status_label": "Waitlisted",
        "starts_at": "2026-12-05T14:00:00+08:00",
        "venue": "West Bund AI Tower",
    },
    Kind.ASSOCIATION_MEMBERSHIP_DECIDED: {
        "approved": True,
        "company": "Riverside Robotics",
        "note": "Welcome aboard.",
    },
    Kind.POOL_INVITATION: {
        "role_title": {"en": "Pre-training engineer", "zh-hans": "预训练工程师"},
        "enterprise_name": {"en": "Aurora", "zh-hans": "曙光"},
        "message": "We liked your work on RLHF.",
    },
    **{
        kind: {
            "interview_id": 0,
            "role_title": {"en": "VLM Researcher", "zh-hans": "视觉语言模型研究员"},
            "enterprise_name": {"en": "Aurora", "zh-hans": "极光"},
            "candidate_name": "Lin Wei",
            "starts_at": "2026-12-05T10:00:00+08:00",
            "duration": 60,
            "mode_label": "Video call",
            "location": "",
            "video_link": "https://meet.example.com/abc",
            "change": "scheduled",
            "audience": "candidate",
            "confirmed": False,
            "reason": "Monday works better.",
        }
        for kind in (
            Kind.INTERVIEW_INVITATION,
            Kind.INTERVIEW_ANSWERED,
            Kind.INTERVIEW_REMINDER,
            Kind.INTERVIEW_FEEDBACK_DUE,
        )
    },
}


def test_every_kind_has_a_sample():
    assert set(SAMPLE_CONTEXT) == set(Kind)


@pytest.mark.parametrize("kind", list(Kind))
def test_each_kind_renders_in_english_and_chinese(kind):
    notification = NotificationFactory(kind=kind, context=SAMPLE_CONTEXT[kind], link="/me/")

    english = render_notification(notification, language="en")
    chinese = render_notification(notification, language="zh-hans")

    for rendered in (english, chinese):
        assert rendered.subject
        assert "\n" not in rendered.subject
        assert "{%" not in rendered.text
        assert "<html" in rendered.html
    assert english.subject != chinese.subject
    assert english.text != chinese.text
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese.text)
