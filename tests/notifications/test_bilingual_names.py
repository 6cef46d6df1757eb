"""Names in notifications are in the reader's language: a Chinese reader's e-mail and
inbox show the Chinese role, enterprise and event names when they exist, English ones
otherwise; an English reader sees English ones. Stored notifications from before
(English-only names) still render."""

from datetime import timedelta

import pytest
from django.utils import timezone

from enterprises import actions as enterprise_actions
from services import actions as service_actions
from talent import actions as talent_actions
from tests.enterprises.factories import (
    MembershipFactory,
    PendingRoleFactory,
    PublishedRoleFactory,
    RecruiterMembershipFactory,
)
from tests.factories import OfficerFactory, UserFactory
from tests.notifications.factories import NotificationFactory
from tests.services.factories import EventFactory
from tests.talent.factories import ApplicationFactory, ApplyingProfileFactory, JobAlertFactory
from westbund.core.bilingual import both, pick, pick_all
from westbund.notifications.models import Kind
from westbund.notifications.rendering import render_notification

pytestmark = pytest.mark.django_db

ROLE_EN, ROLE_ZH = "QA Agent Evaluation Engineer", "智能体评测工程师"
FIRM_EN, FIRM_ZH = "Aurora Foundation Models", "曙光基础模型"


@pytest.fixture
def role():
    return PublishedRoleFactory(
        title_en=ROLE_EN,
        title_zh=ROLE_ZH,
        enterprise__name_en=FIRM_EN,
        enterprise__name_zh=FIRM_ZH,
    )


def _chinese(**kwargs):
    return UserFactory(preferred_language="zh-hans", **kwargs)


def _english(**kwargs):
    return UserFactory(preferred_language="en", **kwargs)


def _mail_to(mailoutbox, user):
    (message,) = [message for message in mailoutbox if message.to == [user.email]]
    return message.subject + "\n" + message.body + "\n" + message.alternatives[0][0]


def _assert_reads_chinese(text: str, *names_zh: str, not_en: tuple[str, ...]):
    for name in names_zh:
        assert name in text
    for name in not_en:
        assert name not in text


def _inbox(client, user, language_prefix: str) -> str:
    client.force_login(user)
    return client.get(f"{language_prefix}/me/inbox/").content.decode()


# ------------------------------------------------------------------------------
# The picking helper
# ------------------------------------------------------------------------------
def test_pick_gives_the_readers_language_and_falls_back_to_the_other():
    names = {"en": "Aurora", "zh-hans": "曙光"}

    assert pick(names, "zh-hans") == "曙光"
    assert pick(names, "en") == "Aurora"
    assert pick({"en": "Aurora", "zh-hans": ""}, "zh-hans") == "Aurora"
    assert pick({"en": "", "zh-hans": "曙光"}, "en") == "曙光"


def test_pick_leaves_plain_strings_and_other_values_alone():
    assert pick("Aurora", "zh-hans") == "Aurora"
    assert pick({"title": "x"}, "zh-hans") == {"title": "x"}
    assert pick(3, "zh-hans") == 3


def test_pick_all_reaches_names_inside_lists(role):
    context = {"roles": [{"title": both(role, "title"), "path": "/jobs/x/"}], "count": 1}

    assert pick_all(context, "zh-hans") == {
        "roles": [{"title": ROLE_ZH, "path": "/jobs/x/"}],
        "count": 1,
    }


# ------------------------------------------------------------------------------
# Every kind that names a role, an enterprise or an event
# ------------------------------------------------------------------------------
def test_application_received_names_the_role_in_each_recruiters_language(
    role, mailoutbox, django_capture_on_commit_callbacks, client
):
    chinese = RecruiterMembershipFactory(enterprise=role.enterprise, user=_chinese()).user
    english = RecruiterMembershipFactory(enterprise=role.enterprise, user=_english()).user

    with django_capture_on_commit_callbacks(execute=True):
        talent_actions.submit_application(
            profile=ApplyingProfileFactory(full_name="Lin Wei"), role=role, cover_letter="Hi"
        )

    zh = _mail_to(mailoutbox, chinese)
    assert f"新申请：{ROLE_ZH}" in zh
    _assert_reads_chinese(zh, ROLE_ZH, FIRM_ZH, not_en=(ROLE_EN, FIRM_EN))
    en = _mail_to(mailoutbox, english)
    assert ROLE_EN in en and FIRM_EN in en
    assert ROLE_ZH not in en and FIRM_ZH not in en
    inbox = _inbox(client, chinese, "/zh-hans")
    assert ROLE_ZH in inbox and ROLE_EN not in inbox


def test_the_english_name_stands_in_when_there_is_no_chinese_one(
    mailoutbox, django_capture_on_commit_callbacks
):
    role = PublishedRoleFactory(title_en="Speech Engineer", title_zh="", enterprise__name_zh="")
    chinese = RecruiterMembershipFactory(enterprise=role.enterprise, user=_chinese()).user

    with django_capture_on_commit_callbacks(execute=True):
        talent_actions.submit_application(
            profile=ApplyingProfileFactory(), role=role, cover_letter="Hi"
        )

    zh = _mail_to(mailoutbox, chinese)
    assert "新申请：Speech Engineer" in zh
    assert role.enterprise.name_en in zh


def test_a_stage_change_names_the_role_in_the_professionals_language(
    role, mailoutbox, django_capture_on_commit_callbacks, client
):
    application = ApplicationFactory(role=role, profile__user=_chinese())
    recruiter = RecruiterMembershipFactory(enterprise=role.enterprise).user
    next_stage = application.next_stages()[0][0]

    with django_capture_on_commit_callbacks(execute=True):
        talent_actions.move_application(application=application, to_stage=next_stage, by=recruiter)

    text = _mail_to(mailoutbox, application.profile.user)
    _assert_reads_chinese(text, ROLE_ZH, FIRM_ZH, not_en=(ROLE_EN, FIRM_EN))
    inbox = _inbox(client, application.profile.user, "/zh-hans")
    assert ROLE_ZH in inbox


def test_a_withdrawal_names_the_role_in_the_recruiters_language(
    role, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(role=role)
    chinese = RecruiterMembershipFactory(enterprise=role.enterprise, user=_chinese()).user

    with django_capture_on_commit_callbacks(execute=True):
        talent_actions.withdraw_application(application=application, by=application.profile.user)

    _assert_reads_chinese(
        _mail_to(mailoutbox, chinese), ROLE_ZH, FIRM_ZH, not_en=(ROLE_EN, FIRM_EN)
    )


def test_a_role_review_decision_names_the_role_in_the_admins_language(
    mailoutbox, django_capture_on_commit_callbacks, client
):
    role = PendingRoleFactory(
        title_en=ROLE_EN,
        title_zh=ROLE_ZH,
        enterprise__name_en=FIRM_EN,
        enterprise__name_zh=FIRM_ZH,
    )
    admin = MembershipFactory(enterprise=role.enterprise, user=_chinese()).user

    with django_capture_on_commit_callbacks(execute=True):
        enterprise_actions.approve_role(role=role, by=OfficerFactory())

    text = _mail_to(mailoutbox, admin)
    # The sentence of finding 7, now with the names the firm gave itself.
    assert f"人才港已审核通过{FIRM_ZH}的职位{ROLE_ZH}" in text.replace(" ", "")
    _assert_reads_chinese(text, ROLE_ZH, FIRM_ZH, not_en=(ROLE_EN, FIRM_EN))
    inbox = _inbox(client, admin, "/zh-hans")
    assert ROLE_ZH in inbox and ROLE_EN not in inbox


def test_a_deadline_reminder_names_the_role_in_each_members_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    role = PublishedRoleFactory(
        title_en=ROLE_EN,
        title_zh=ROLE_ZH,
        enterprise__name_en=FIRM_EN,
        enterprise__name_zh=FIRM_ZH,
        deadline=timezone.localdate() + timedelta(days=2),
    )
    chinese = RecruiterMembershipFactory(enterprise=role.enterprise, user=_chinese()).user
    english = RecruiterMembershipFactory(enterprise=role.enterprise, user=_english()).user

    with django_capture_on_commit_callbacks(execute=True):
        assert enterprise_actions.send_deadline_reminders() == 1

    _assert_reads_chinese(
        _mail_to(mailoutbox, chinese), ROLE_ZH, FIRM_ZH, not_en=(ROLE_EN, FIRM_EN)
    )
    assert ROLE_EN in _mail_to(mailoutbox, english)


def test_a_job_alert_digest_lists_roles_in_the_professionals_language(
    mailoutbox, django_capture_on_commit_callbacks, client
):
    alert = JobAlertFactory(user=_chinese(), specialties=["multimodal"])
    alert.created_at = timezone.now() - timedelta(days=1)
    alert.save(update_fields=["created_at"])
    PublishedRoleFactory(
        title_en=ROLE_EN,
        title_zh=ROLE_ZH,
        enterprise__name_en=FIRM_EN,
        enterprise__name_zh=FIRM_ZH,
        specialties=["multimodal"],
    )
    PublishedRoleFactory(title_en="Speech Engineer", title_zh="", specialties=["multimodal"])

    with django_capture_on_commit_callbacks(execute=True):
        assert talent_actions.send_job_alert_digests() == 1

    text = _mail_to(mailoutbox, alert.user)
    _assert_reads_chinese(text, ROLE_ZH, FIRM_ZH, "Speech Engineer", not_en=(ROLE_EN, FIRM_EN))


def test_an_invitation_names_the_enterprise_in_the_invitees_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    admin = MembershipFactory(enterprise__name_en=FIRM_EN, enterprise__name_zh=FIRM_ZH)

    with django_capture_on_commit_callbacks(execute=True):
        enterprise_actions.invite_member(
            enterprise=admin.enterprise,
            by=admin.user,
            email="wang.fang@example.com",
            role="recruiter",
            language="zh-hans",
        )

    (message,) = mailoutbox
    text = message.subject + message.body
    assert FIRM_ZH in message.subject
    assert FIRM_EN not in text


def test_an_rsvp_names_the_event_and_venue_in_the_attendees_language(
    mailoutbox, django_capture_on_commit_callbacks, client
):
    event = EventFactory(title_en="Scaling laws", title_zh="规模定律", venue_zh="人才港报告厅")
    chinese = _chinese()

    with django_capture_on_commit_callbacks(execute=True):
        service_actions.rsvp_to_event(event=event, user=chinese)

    _assert_reads_chinese(
        _mail_to(mailoutbox, chinese),
        "规模定律",
        "人才港报告厅",
        not_en=("Scaling laws", "Talent Hub auditorium"),
    )
    # The inbox follows the page: the same entry read on the English pages is English.
    assert "Scaling laws" in _inbox(client, chinese, "")


# ------------------------------------------------------------------------------
# Stored before names were kept in both languages
# ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "context"),
    [
        (
            Kind.APPLICATION_RECEIVED,
            {"role_title": ROLE_EN, "enterprise_name": FIRM_EN, "applicant_name": "Lin Wei"},
        ),
        (
            Kind.JOB_ALERT_DIGEST,
            {
                "alert_name": "Agents",
                "count": 1,
                "roles": [{"title": ROLE_EN, "enterprise_name": FIRM_EN, "path": "/jobs/x/"}],
            },
        ),
    ],
)
def test_a_notification_stored_with_english_names_still_renders(kind, context, client):
    notification = NotificationFactory(kind=kind, context=context, recipient=_chinese())

    rendered = render_notification(notification)

    assert ROLE_EN in rendered.text and FIRM_EN in rendered.text
    assert rendered.subject in _inbox(client, notification.recipient, "/zh-hans")
