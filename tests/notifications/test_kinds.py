"""Every kind renders, in English and in Chinese."""

import pytest

from tests.notifications.factories import NotificationFactory
from westbund.notifications.models import Kind
from westbund.notifications.rendering import render_notification

pytestmark = pytest.mark.django_db

SAMPLE_CONTEXT = {
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
    Kind.APARTMENT_APPLICATION_UPDATED: {
        "cause": "offered",
        "status_label": "Unit offered",
        "unit": {"en": "West Bund Residence 1203", "zh-hans": "西岸人才公寓 1203"},
        "answer_by": "2026-12-08T18:00:00+08:00",
        "position": "",
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
