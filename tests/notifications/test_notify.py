"""notify(): stored in the caller's transaction, e-mailed once after commit, in the
recipient's language."""

import pytest
from django.db import transaction

from tests.factories import UserFactory
from westbund.notifications import actions
from westbund.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db

CONTEXT = {"decision_label": "Changes requested", "message": "Please add your thesis title."}


def test_a_committed_event_stores_the_notification_and_emails_it(
    django_capture_on_commit_callbacks, mailoutbox
):
    user = UserFactory(email="lin@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        actions.notify(
            recipient=user, kind=Kind.PROFILE_REVIEW_DECIDED, context=CONTEXT, link="/me/"
        )

    notification = Notification.objects.get()
    assert notification.state == Notification.State.SENT
    assert notification.attempts == 1
    assert notification.sent_at is not None
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["lin@example.com"]
    assert message.subject == "Your talent profile review: Changes requested"
    assert "Please add your thesis title." in message.body
    assert "http://127.0.0.1:8000/me/" in message.body
    html = message.alternatives[0][0]
    assert "Please add your thesis title." in html


def test_a_rolled_back_event_leaves_no_notification_and_sends_nothing(
    django_capture_on_commit_callbacks, mailoutbox
):
    user = UserFactory()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        actions.notify(recipient=user, kind=Kind.PROFILE_REVIEW_DECIDED, context=CONTEXT)
        raise RuntimeError("the event failed after notifying")

    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_delivering_twice_sends_one_email(django_capture_on_commit_callbacks, mailoutbox):
    from westbund.notifications.tasks import deliver_notification

    with django_capture_on_commit_callbacks(execute=True):
        notification = actions.notify(
            recipient=UserFactory(), kind=Kind.PROFILE_REVIEW_DECIDED, context=CONTEXT
        )

    assert deliver_notification.apply(args=[notification.pk]).get() == "already_done"
    deliver_notification.delay(notification.pk)

    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.attempts == 1


def test_a_chinese_reader_gets_the_chinese_subject_and_body(
    django_capture_on_commit_callbacks, mailoutbox
):
    user = UserFactory(preferred_language="zh-hans")

    with django_capture_on_commit_callbacks(execute=True):
        actions.notify(
            recipient=user,
            kind=Kind.ROLE_REVIEW_DECIDED,
            context={"role_title": "多模态研究员", "enterprise_name": "曙光", "approved": True},
            link="/zh-hans/jobs/multimodal/",
        )

    message = mailoutbox[0]
    assert message.subject == "职位已通过审核：多模态研究员"
    assert "已发布在职位板上" in message.body
    # The link is stored without prefix and written in the reader's language.
    assert Notification.objects.get().link == "/jobs/multimodal/"
    assert "http://127.0.0.1:8000/zh-hans/jobs/multimodal/" in message.body


def test_hostile_context_is_escaped_in_html_and_plain_in_text(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.notify(
            recipient=UserFactory(),
            kind=Kind.APPLICATION_RECEIVED,
            context={
                "role_title": "<script>alert(1)</script>",
                "enterprise_name": "R&D Lab",
                "applicant_name": "Zoë 王",
            },
        )

    message = mailoutbox[0]
    html = message.alternatives[0][0]
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Zoë 王 applied to <script>alert(1)</script> at R&D Lab." in message.body


def test_notify_many_skips_duplicates_and_the_actor(django_capture_on_commit_callbacks):
    actor, colleague = UserFactory(), UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        actions.notify_many(
            recipients=[actor, colleague, colleague],
            kind=Kind.APPLICATION_RECEIVED,
            context={"role_title": "x", "enterprise_name": "y", "applicant_name": "z"},
            actor=actor,
        )

    assert list(Notification.objects.values_list("recipient", flat=True)) == [colleague.pk]


def test_an_invitation_reaches_an_address_without_an_account_in_its_language(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.notify_email(
            email="new.colleague@example.com",
            language="zh-hans",
            kind=Kind.ENTERPRISE_INVITATION,
            context={
                "enterprise_name": "曙光基础模型",
                "inviter_name": "Zhang Min",
                "membership_role_label": "Recruiter",
                "expires": "2026-12-09",
            },
            link="/workspace/invitations/abc/",
        )

    message = mailoutbox[0]
    assert message.to == ["new.colleague@example.com"]
    assert "曙光基础模型" in message.subject
    assert "邀请" in message.subject
    assert Notification.objects.get().state == Notification.State.SENT


def test_an_inactive_recipient_is_not_emailed_but_keeps_the_notification(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.notify(
            recipient=UserFactory(is_active=False),
            kind=Kind.PROFILE_REVIEW_DECIDED,
            context=CONTEXT,
        )

    assert mailoutbox == []
    assert Notification.objects.get().state == Notification.State.SKIPPED
