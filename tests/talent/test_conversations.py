"""The conversation of an application: members and the candidate write to each other,
each message notified by e-mail and inbox in the reader's language; the enterprise's
message templates, offered when moving an application."""

from datetime import datetime
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from talent import actions
from talent.models import Application, ApplicationMessage, MessageTemplate
from tests.enterprises.factories import (
    EnterpriseFactory,
    MembershipFactory,
    PublishedRoleFactory,
    RecruiterMembershipFactory,
)
from tests.factories import MessageTemplateFactory, UserFactory
from westbund.notifications.models import Kind, Notification

from .factories import ApplicationFactory, ApplyingProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def enterprise():
    return EnterpriseFactory(name_en="Aurora Models", name_zh="极光模型")


@pytest.fixture
def application(enterprise):
    candidate = UserFactory(preferred_language="zh-hans")
    return ApplicationFactory(
        profile=ApplyingProfileFactory(user=candidate, full_name="Lin Wei"),
        role=PublishedRoleFactory(
            enterprise=enterprise, title_en="VLM Researcher", title_zh="视觉语言模型研究员"
        ),
    )


@pytest.fixture
def recruiter(enterprise):
    return RecruiterMembershipFactory(
        enterprise=enterprise, user=UserFactory(preferred_language="en")
    ).user


def _workspace_message_url(application):
    return reverse(
        "talent:workspace_application_message", args=[application.enterprise.slug, application.pk]
    )


def _me_message_url(application):
    return reverse("talent:application_message", args=[application.pk])


def test_a_member_writes_and_the_candidate_is_told_in_chinese(
    client, application, recruiter, delivered, mailoutbox
):
    client.force_login(recruiter)
    with delivered():
        response = client.post(
            _workspace_message_url(application),
            {"subject": "", "body": "Could you come in on Tuesday?"},
        )
    assert response.status_code == HTTPStatus.FOUND
    message = ApplicationMessage.objects.get()
    assert (message.sender, message.from_candidate) == (recruiter, False)
    notification = Notification.objects.get(kind=Kind.APPLICATION_MESSAGE)
    assert notification.recipient == application.profile.user
    [mail] = mailoutbox
    assert mail.subject == "来自 极光模型 的消息"
    assert "Could you come in on Tuesday?" in mail.body
    assert "/me/applications/" in mail.body
    # Both sides read it on their page.
    assert (
        "Could you come in on Tuesday?" in client.get(application.workspace_url()).content.decode()
    )


def test_the_candidate_replies_from_me_and_the_team_is_told(
    client, application, recruiter, enterprise, delivered, mailoutbox
):
    bystander = RecruiterMembershipFactory(enterprise=enterprise).user
    # The recruiter works on the application; the bystander never touched it.
    actions.move_application(application=application, to_stage="screening", by=recruiter)
    client.force_login(application.profile.user)
    with delivered():
        response = client.post(
            _me_message_url(application),
            {"body": "周二可以，谢谢！"},
        )
    assert response.status_code == HTTPStatus.FOUND
    message = ApplicationMessage.objects.get()
    assert message.from_candidate
    assert [mail.to for mail in mailoutbox] == [[recruiter.email]]
    assert mailoutbox[0].subject == "A message from Lin Wei (VLM Researcher)"
    assert "周二可以" in mailoutbox[0].body
    assert not Notification.objects.filter(recipient=bystander).exists()
    with translation.override("zh-hans"):
        chinese_url = application.get_absolute_url()
    page = client.get(chinese_url).content.decode()
    assert "周二可以，谢谢！" in page
    assert "与企业的沟通" in page


def test_before_anyone_worked_on_it_every_member_hears_from_the_candidate(
    client, application, enterprise, recruiter
):
    admin = MembershipFactory(enterprise=enterprise).user
    actions.send_message(application=application, by=application.profile.user, body="Hello")
    recipients = set(
        Notification.objects.filter(kind=Kind.APPLICATION_MESSAGE).values_list(
            "recipient", flat=True
        )
    )
    assert recipients == {recruiter.pk, admin.pk}


def test_a_professional_replying_to_someone_elses_thread_gets_404(client, application):
    client.force_login(ApplyingProfileFactory().user)
    response = client.post(_me_message_url(application), {"body": "Let me in"})
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not ApplicationMessage.objects.exists()


def test_another_enterprises_member_gets_404_on_the_thread(client, application):
    client.force_login(MembershipFactory().user)
    response = client.post(_workspace_message_url(application), {"body": "Hello"})
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not ApplicationMessage.objects.exists()


def test_nobody_else_writes_through_the_action(application):
    with pytest.raises(PermissionDenied):
        actions.send_message(application=application, by=UserFactory(), body="Hi")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Write the message first."),
        ("Hi\x00there", "Null characters are not allowed."),
        ("Hi\x1bthere", "Remove the invisible control characters from this text."),
        ("x" * 5001, "Ensure this value has at most 5000 characters"),
    ],
)
def test_bad_messages_are_refused_with_a_clear_message(
    client, application, recruiter, body, message
):
    client.force_login(application.profile.user)
    response = client.post(_me_message_url(application), {"body": body})
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    client.force_login(recruiter)
    response = client.post(_workspace_message_url(application), {"body": body})
    assert message in response.content.decode()
    assert not ApplicationMessage.objects.exists()


def test_hostile_messages_are_shown_as_text(client, application, recruiter):
    actions.send_message(
        application=application, by=application.profile.user, body="<img src=x onerror=alert(1)>"
    )
    client.force_login(recruiter)
    body = client.get(application.workspace_url()).content.decode()
    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body


# -- Templates ----------------------------------------------------------------------------


def test_render_a_template_for_an_application_in_the_candidates_language(application):
    template = MessageTemplateFactory(
        enterprise=application.enterprise,
        subject_zh="{role}面试邀请",
        body_zh="{name}您好，{enterprise}邀请您于{interview_time}面试。",
    )
    rendered = actions.render_message_template(
        template=template,
        application=application,
        interview_time=datetime(2026, 12, 8, 6, 30, tzinfo=ZoneInfo("UTC")),
    )
    assert rendered.language == "zh-hans"
    assert rendered.subject == "视觉语言模型研究员面试邀请"
    assert rendered.body.startswith("Lin Wei您好，极光模型邀请您于2026年12月8日")
    assert "14:30" in rendered.body


def test_a_template_without_a_chinese_text_falls_back_to_english(application):
    template = MessageTemplateFactory(
        enterprise=application.enterprise,
        subject_zh="",
        body_zh="",
        body_en="Hi {name}, {interview_time}",
    )
    rendered = actions.render_message_template(template=template, application=application)
    assert rendered.body == "Hi Lin Wei, （时间待定）"


def test_members_manage_templates_in_the_workspace(client, application, recruiter):
    client.force_login(recruiter)
    url = reverse("talent:workspace_message_templates", args=[application.enterprise.slug])
    response = client.post(
        url,
        {
            "name": "Rejection",
            "subject_en": "Your application for {role}",
            "subject_zh": "",
            "body_en": "Dear {name}, thank you.",
            "body_zh": "{name}您好，感谢您的申请。",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    template = MessageTemplate.objects.get(enterprise=application.enterprise)
    assert template.body_zh == "{name}您好，感谢您的申请。"
    assert "Rejection" in client.get(url).content.decode()

    edit = reverse(
        "talent:workspace_message_template", args=[application.enterprise.slug, template.pk]
    )
    client.post(edit, {"name": "Rejection", "body_en": "Dear {name}, sorry."})
    template.refresh_from_db()
    assert template.body_en == "Dear {name}, sorry."

    delete = reverse(
        "talent:workspace_message_template_delete",
        args=[application.enterprise.slug, template.pk],
    )
    client.post(delete)
    assert not MessageTemplate.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "T", "body_en": "Hi {salary}"}, "Unknown placeholder {salary}."),
        ({"name": "", "body_en": "Hi"}, "This field is required."),
        ({"name": "T", "body_en": "Hi\x00"}, "Null characters are not allowed."),
        ({"name": "T", "body_en": "x" * 5001}, "Ensure this value has at most 5000 characters"),
        ({"name": "T", "body_en": " ", "body_zh": ""}, "Write the message in English or in"),
    ],
)
def test_bad_templates_are_refused(client, application, recruiter, data, message):
    client.force_login(recruiter)
    url = reverse("talent:workspace_message_templates", args=[application.enterprise.slug])
    response = client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert not MessageTemplate.objects.exists()


def test_another_enterprises_member_gets_404_on_templates(client, application):
    template = MessageTemplateFactory(enterprise=application.enterprise)
    client.force_login(MembershipFactory().user)
    slug = application.enterprise.slug
    urls = [
        ("get", reverse("talent:workspace_message_templates", args=[slug])),
        ("post", reverse("talent:workspace_message_templates", args=[slug])),
        ("get", reverse("talent:workspace_message_template", args=[slug, template.pk])),
        ("post", reverse("talent:workspace_message_template", args=[slug, template.pk])),
        ("post", reverse("talent:workspace_message_template_delete", args=[slug, template.pk])),
    ]
    for method, url in urls:
        response = getattr(client, method)(url, {"name": "Mine", "body_en": "x"})
        assert response.status_code == HTTPStatus.NOT_FOUND, url
    # Nor through their own enterprise's pages.
    own = MembershipFactory().enterprise
    client.force_login(own.memberships.get().user)
    url = reverse("talent:workspace_message_template", args=[own.slug, template.pk])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    template.refresh_from_db()
    assert template.name != "Mine"


def test_move_to_rejected_and_send_the_template(
    client, application, recruiter, delivered, mailoutbox
):
    template = MessageTemplateFactory(enterprise=application.enterprise, name="Rejection")
    other = MessageTemplateFactory(name="Not ours")
    client.force_login(recruiter)
    page = client.get(application.workspace_url()).content.decode()
    assert "Rejection" in page
    assert "Not ours" not in page
    url = reverse(
        "talent:workspace_application_move", args=[application.enterprise.slug, application.pk]
    )
    assert (
        client.post(
            url, {"to_stage": "rejected", "reason": "Too junior", "template": other.pk}
        ).status_code
        == HTTPStatus.OK
    )
    application.refresh_from_db()
    assert application.stage == Application.Stage.NEW

    with delivered():
        response = client.post(
            url, {"to_stage": "rejected", "reason": "Too junior", "template": template.pk}
        )

    assert response.status_code == HTTPStatus.FOUND
    application.refresh_from_db()
    assert application.stage == Application.Stage.REJECTED
    message = ApplicationMessage.objects.get()
    assert message.template == template
    assert message.body == "Lin Wei您好，感谢您申请极光模型的视觉语言模型研究员职位。"
    assert message.subject == "您申请的视觉语言模型研究员职位"
    subjects = sorted(mail.subject for mail in mailoutbox)
    assert "您申请的视觉语言模型研究员职位" in subjects
    assert len(mailoutbox) == 2  # the rejection and the message


def test_a_refused_move_sends_no_template(client, application, recruiter):
    template = MessageTemplateFactory(enterprise=application.enterprise)
    client.force_login(recruiter)
    url = reverse(
        "talent:workspace_application_move", args=[application.enterprise.slug, application.pk]
    )
    client.post(url, {"to_stage": "rejected", "reason": "", "template": template.pk})
    assert not ApplicationMessage.objects.exists()


def test_a_template_may_be_written_in_chinese_only_and_reaches_english_readers_as_written(
    client, application, recruiter
):
    client.force_login(recruiter)
    url = reverse("talent:workspace_message_templates", args=[application.enterprise.slug])
    data = {"name": "面试邀请", "subject_zh": "面试邀请", "body_zh": "{name}，您好。"}
    response = client.post(f"/zh-hans{url}", data)
    assert response.status_code == HTTPStatus.FOUND
    template = MessageTemplate.objects.get()
    assert (template.body_en, template.body_zh) == ("", "{name}，您好。")
    rendered = actions.render_message_template(template=template, application=application)
    assert rendered.body == f"{application.applicant_name}，您好。"
