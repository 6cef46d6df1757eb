"""What the recruiter reads about an applicant, in their language, and what they may do
with an application: the CSV and the CV's name, third-person headings, no reversed
text, links that are only links, closing a deleted person's application, undoing a
wrong move, the hub's verification at a glance."""

import csv
import io
from http import HTTPStatus
from urllib.parse import quote

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from talent import actions
from talent.models import Application, ApplicationStageChange
from tests.enterprises.factories import PublishedRoleFactory, RecruiterMembershipFactory
from tests.talent.factories import (
    ApplicationFactory,
    ApplyingProfileFactory,
    VerifiedProfileFactory,
)
from westbund.education import Degree
from westbund.notifications.models import Kind, Notification
from westbund.privacy import actions as privacy_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def application():
    return ApplicationFactory(
        profile=ApplyingProfileFactory(
            full_name="Lin Wei", name_zh="林伟", nationality="GB", highest_degree=Degree.PHD
        ),
        role=PublishedRoleFactory(title_en="VLM Researcher", title_zh="视觉语言模型研究员"),
        stage=Application.Stage.INTERVIEW,
    )


@pytest.fixture
def recruiter(client, application):
    user = RecruiterMembershipFactory(enterprise=application.enterprise).user
    client.force_login(user)
    return user


def _url(name, application, language="en"):
    with translation.override(language):
        return reverse(name, args=[application.enterprise.slug, application.pk])


def _csv(client, application, language):
    with translation.override(language):
        url = reverse(
            "talent:workspace_role_applicants_csv",
            args=[application.enterprise.slug, application.role.pk],
        )
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return response, list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# -- Finding 22: the applicants CSV and the CV's file name ---------------------------------


@pytest.mark.parametrize(
    ("language", "headers", "values"),
    [
        (
            "en",
            ["Applied", "Stage", "Applicant", "E-mail address", "Phone", "Nationality"],
            {"Interview", "United Kingdom", "Doctorate (PhD)", "LLM pre-training, Multimodal"},
        ),
        (
            "zh-hans",
            ["申请时间", "阶段", "申请人", "电子邮箱", "电话", "国籍"],
            {"面试", "英国", "博士学位", "是"},
        ),
    ],
)
def test_applicants_csv_speaks_the_recruiters_language(
    client, recruiter, application, language, headers, values
):
    _response, rows = _csv(client, application, language)
    assert rows[0][: len(headers)] == headers
    assert values <= set(rows[1])
    for code in ("interview", "GB", "phd", "llm_pretraining"):
        assert code not in rows[1]


def test_applicants_csv_says_whether_the_hub_verified_the_profile(client, recruiter, application):
    ApplicationFactory(role=application.role, profile=VerifiedProfileFactory(full_name="Zhao Li"))
    _response, rows = _csv(client, application, "en")
    verified = dict(zip(rows[0], zip(*rows[1:], strict=True), strict=True))["Verified by the hub"]
    assert verified == ("no", "yes")


def test_applicants_csv_is_named_after_the_role(client, recruiter, application):
    response, _rows = _csv(client, application, "zh-hans")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert quote("申请人-视觉语言模型研究员") in disposition


def test_cv_from_the_workspace_is_named_after_the_person_and_the_role(
    client, recruiter, application
):
    body = client.get(application.workspace_url()).content.decode()
    link = f"{reverse('talent:cv_download', args=[application.cv.pk])}?application={application.pk}"
    assert link in body
    response = client.get(link)
    assert response.status_code == HTTPStatus.OK
    assert 'filename="Lin-Wei-VLM-Researcher-CV.pdf"' in response["Content-Disposition"]


def test_cv_name_in_chinese_is_sent_as_rfc_5987(client, recruiter, application):
    link = f"{reverse('talent:cv_download', args=[application.cv.pk])}?application={application.pk}"
    with translation.override("zh-hans"):
        response = client.get(f"/zh-hans{link}")
    disposition = response["Content-Disposition"]
    assert "filename*=utf-8''" in disposition
    assert quote("Lin-Wei-视觉语言模型研究员-简历.pdf") in disposition


def test_cv_name_does_not_reveal_another_enterprises_role(client, recruiter, application):
    other = ApplicationFactory(
        profile=application.profile,
        cv=application.cv,
        role=PublishedRoleFactory(title_en="Secret Role Elsewhere"),
    )
    link = f"{reverse('talent:cv_download', args=[application.cv.pk])}?application={other.pk}"
    response = client.get(link)
    assert response.status_code == HTTPStatus.OK
    assert "Secret" not in response["Content-Disposition"]
    assert "Lin-Wei-CV" in response["Content-Disposition"]


# -- Finding 14: the recruiter reads about the applicant, not to them -----------------------


@pytest.mark.parametrize(
    ("language", "heading", "second_person"),
    [
        ("en", "Salary expectation (CNY per year)", "Your salary expectation"),
        ("zh-hans", "期望年薪（人民币）", "您的期望年薪"),
    ],
)
def test_recruiter_reads_third_person_headings(
    client, recruiter, application, language, heading, second_person
):
    application.answers = {"salary_expectation": "600k", "start_date": "March"}
    application.save(update_fields=["answers"])
    body = client.get(_url("talent:workspace_application", application, language)).content.decode()
    assert heading in body
    assert second_person not in body
    assert "When could you start?" not in body


def test_the_professional_keeps_their_own_wording(client, application):
    application.answers = {"salary_expectation": "600k"}
    application.save(update_fields=["answers"])
    client.force_login(application.profile.user)
    body = client.get(application.get_absolute_url()).content.decode()
    assert "Your salary expectation (CNY per year)" in body


# -- Finding 19: bidirectional controls ----------------------------------------------------

HOSTILE = "Dear team, I attach my portfolio: \u202egnp.exe\u202c and \u2067more\u2069."


def test_a_hostile_cover_letter_reaches_the_recruiter_without_bidi_controls(client):
    profile = ApplyingProfileFactory(full_name="Evil \u202eeliF")
    role = PublishedRoleFactory()
    client.force_login(profile.user)
    response = client.post(
        reverse("talent:apply", args=[role.slug]),
        {"cover_letter": HOSTILE, "start_date": "\u202dsoon"},
    )
    assert response.status_code == HTTPStatus.FOUND
    application = Application.objects.get()
    assert application.cover_letter == "Dear team, I attach my portfolio: gnp.exe and more."
    assert application.answers == {"start_date": "soon"}
    client.force_login(RecruiterMembershipFactory(enterprise=role.enterprise).user)
    body = client.get(application.workspace_url()).content.decode()
    assert "gnp.exe and more." in body
    for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert control not in body.replace("Evil \u202eeliF", "")


def test_the_profile_form_strips_bidi_controls(client):
    profile = ApplyingProfileFactory()
    client.force_login(profile.user)
    response = client.get(reverse("talent:profile_edit"))
    data = {
        key: value
        for key, value in response.context["form"].initial.items()
        if value not in (None, [], False)
    }
    data.update(
        full_name="Lin \u202eieW",
        skills="PyTorch, \u2066RLHF\u2069",
        specialties=profile.specialties,
        phone=str(profile.phone),
        nationality=str(profile.nationality),
    )
    client.post(reverse("talent:profile_edit"), data)
    profile.refresh_from_db()
    assert (profile.full_name, profile.skills) == ("Lin ieW", "PyTorch, RLHF")


def test_a_stage_reason_and_a_note_lose_bidi_controls(client, recruiter, application):
    client.post(
        _url("talent:workspace_application_move", application),
        {"to_stage": "offer", "reason": "Well \u202edone"},
    )
    client.post(_url("talent:workspace_application_note", application), {"body": "Note \u202etxet"})
    assert application.history.last().reason == "Well done"
    assert application.notes.get().body == "Note txet"


# -- Finding 25: links are http(s) only ----------------------------------------------------


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Enter a web address that starts with https:// or http://."),
        ("zh-hans", "请输入以 https:// 或 http:// 开头的网址。"),
    ],
)
@pytest.mark.parametrize(
    "link", ["javascript:alert(document.cookie)", "JAVASCRIPT://x.com/%0aalert(1)", "data:,x"]
)
def test_work_sample_link_must_be_http(client, language, message, link):
    profile = ApplyingProfileFactory()
    role = PublishedRoleFactory()
    client.force_login(profile.user)
    with translation.override(language):
        url = reverse("talent:apply", args=[role.slug])
    response = client.post(url, {"cover_letter": "Hello", "work_sample": link})
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_the_action_refuses_a_javascript_work_sample_too():
    profile = ApplyingProfileFactory()
    with pytest.raises(ValidationError):
        actions.submit_application(
            profile=profile,
            role=PublishedRoleFactory(),
            cover_letter="Hello",
            answers={"work_sample": "javascript:alert(1)"},
        )
    assert not Application.objects.exists()


def test_a_good_work_sample_is_a_link_for_the_recruiter(client, recruiter, application):
    application.answers = {"work_sample": "https://github.com/linwei/vlm"}
    application.save(update_fields=["answers"])
    body = client.get(application.workspace_url()).content.decode()
    assert '<a href="https://github.com/linwei/vlm" rel="nofollow noopener noreferrer">' in body


# -- Finding 9: a deleted person's application can only be closed --------------------------


@pytest.fixture
def anonymised(application):
    privacy_actions.delete_account(user=application.profile.user)
    application.refresh_from_db()
    assert application.is_anonymised
    return application


def test_an_anonymised_application_is_offered_only_closing(client, recruiter, anonymised):
    response = client.get(anonymised.workspace_url())
    choices = [value for value, _label in response.context["move_form"].fields["to_stage"].choices]
    assert choices == ["rejected"]
    body = response.content.decode()
    assert 'value="offer"' not in body


def test_an_anonymised_application_cannot_be_moved_to_offer(client, recruiter, anonymised):
    response = client.post(
        _url("talent:workspace_application_move", anonymised), {"to_stage": "offer"}
    )
    assert response.status_code == HTTPStatus.OK
    anonymised.refresh_from_db()
    assert anonymised.stage == Application.Stage.INTERVIEW
    with pytest.raises(ValidationError):
        actions.move_application(application=anonymised, to_stage="hired", by=recruiter)


def test_closing_an_anonymised_application_does_not_claim_to_tell_anyone(
    client, recruiter, anonymised
):
    response = client.post(
        _url("talent:workspace_application_move", anonymised),
        {"to_stage": "rejected", "reason": ""},
        follow=True,
    )
    anonymised.refresh_from_db()
    assert anonymised.stage == Application.Stage.REJECTED
    body = response.content.decode()
    assert "The application is now at “Rejected”." in body
    assert "The professional is told" not in body


# -- Also expected: undo a wrong move ------------------------------------------------------


def test_a_recruiter_undoes_a_wrong_move_with_a_reason(client, recruiter, application):
    actions.move_application(application=application, to_stage="offer", by=recruiter)
    response = client.post(
        _url("talent:workspace_application_undo", application),
        {"reason": "Wrong candidate clicked, sorry."},
        follow=True,
    )
    application.refresh_from_db()
    assert application.stage == Application.Stage.INTERVIEW
    correction = application.history.last()
    assert (
        correction.kind,
        correction.from_state,
        correction.to_state,
        correction.actor,
        correction.reason,
    ) == ("correction", "offer", "interview", recruiter, "Wrong candidate clicked, sorry.")
    body = response.content.decode()
    assert "Move undone: the application is back at “Interview”." in body
    assert "move undone" in body  # in the history
    assert "Wrong candidate clicked, sorry." in body


def test_the_professional_is_told_and_sees_the_corrected_stage(client, recruiter, application):
    actions.move_application(application=application, to_stage="offer", by=recruiter)
    actions.undo_stage_move(application=application, by=recruiter, reason="Clicked the wrong row.")
    notification = Notification.objects.filter(
        recipient=application.profile.user, kind=Kind.APPLICATION_STAGE_CHANGED
    ).latest("id")
    assert notification.context["stage_label"] == "Interview"
    assert notification.context["reason"] == "Clicked the wrong row."
    client.force_login(application.profile.user)
    with translation.override("zh-hans"):
        url = application.get_absolute_url()
    body = client.get(url).content.decode()
    assert "企业已更正" in body
    assert "Clicked the wrong row." in body


def test_undoing_a_rejection_clears_its_reason(recruiter, application):
    actions.move_application(
        application=application, to_stage="rejected", by=recruiter, reason="Not a fit."
    )
    actions.undo_stage_move(application=application, by=recruiter, reason="Wrong person.")
    application.refresh_from_db()
    assert (application.stage, application.rejection_reason) == ("interview", "")


def test_undo_needs_a_reason(client, recruiter, application):
    actions.move_application(application=application, to_stage="offer", by=recruiter)
    response = client.post(_url("talent:workspace_application_undo", application), {"reason": ""})
    assert "Say why the move is undone" in response.content.decode()
    application.refresh_from_db()
    assert application.stage == Application.Stage.OFFER


@pytest.mark.parametrize("situation", ["nothing moved", "undone already", "withdrawn"])
def test_only_the_enterprises_last_move_can_be_undone(recruiter, application, situation):
    if situation == "undone already":
        actions.move_application(application=application, to_stage="offer", by=recruiter)
        actions.undo_stage_move(application=application, by=recruiter, reason="Oops.")
    if situation == "withdrawn":
        actions.withdraw_application(application=application, by=application.profile.user)
    before = application.history.count()
    with pytest.raises(ValidationError):
        actions.undo_stage_move(application=application, by=recruiter, reason="Again.")
    assert application.history.count() == before


def test_another_enterprise_cannot_undo(client, application):
    member = RecruiterMembershipFactory(enterprise=application.enterprise).user
    actions.move_application(application=application, to_stage="offer", by=member)
    intruder = RecruiterMembershipFactory().user
    client.force_login(intruder)
    response = client.post(
        _url("talent:workspace_application_undo", application), {"reason": "Mine now."}
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
    with pytest.raises(PermissionDenied):
        actions.undo_stage_move(application=application, by=intruder, reason="Mine now.")
    application.refresh_from_db()
    assert application.stage == Application.Stage.OFFER
    assert not application.history.filter(kind=ApplicationStageChange.Kind.CORRECTION).exists()


def test_the_undo_form_shows_only_when_there_is_a_move_to_undo(client, recruiter, application):
    body = client.get(application.workspace_url()).content.decode()
    assert "Undo the last move" not in body
    actions.move_application(application=application, to_stage="offer", by=recruiter)
    body = client.get(application.workspace_url()).content.decode()
    assert "Undo the last move" in body
    assert "Moved to “Offer” by mistake? Put the application back at “Interview”." in body


# -- Also expected: the hub's verification at a glance -------------------------------------


def test_applicant_list_marks_hub_verified_profiles(
    client, recruiter, application, django_assert_max_num_queries
):
    ApplicationFactory(role=application.role, profile=VerifiedProfileFactory(full_name="Zhao Li"))
    url = reverse("talent:workspace_applicants", args=[application.enterprise.slug])
    client.get(url)  # warm the session and the filter cache
    with django_assert_max_num_queries(12) as queries:
        body = client.get(url).content.decode()
    few = len(queries)
    row = body[body.index("Zhao Li") :].split("</td>")[0]
    assert "Hub-verified" in row
    assert "Hub-verified" not in body[body.index("Lin Wei") :].split("</td>")[0]
    for _ in range(5):
        ApplicationFactory(role=application.role, profile=VerifiedProfileFactory())
    client.get(url)  # the stage counts are cached again
    with django_assert_max_num_queries(few):
        client.get(url)
    with translation.override("zh-hans"):
        zh_url = reverse("talent:workspace_applicants", args=[application.enterprise.slug])
    assert "人才港已认证" in client.get(zh_url).content.decode()


def test_text_stored_before_the_fix_loses_its_bidi_controls(application):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("talent.migrations.0006_strip_bidi_controls")
    Application.objects.filter(pk=application.pk).update(cover_letter=HOSTILE)
    application.profile.full_name = "Lin \u202eieW"
    application.profile.save(update_fields=["full_name"])

    migration.strip(apps, None)

    application.refresh_from_db()
    assert application.cover_letter == "Dear team, I attach my portfolio: gnp.exe and more."
    assert application.profile.full_name == "Lin ieW"
