"""The enterprise's applicant pipeline in its workspace."""

import csv
import io
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from talent import actions
from talent.models import Application, ApplicationNote
from tests.enterprises.factories import (
    EnterpriseFactory,
    PublishedRoleFactory,
    RecruiterMembershipFactory,
)
from westbund.notifications.models import Kind, Notification

from .factories import ApplicationFactory, ApplyingProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application():
    return ApplicationFactory(
        profile=ApplyingProfileFactory(full_name="Lin Wei", nationality="CN"),
        role=PublishedRoleFactory(title_en="VLM Researcher"),
    )


@pytest.fixture
def recruiter(client, application):
    user = RecruiterMembershipFactory(enterprise=application.enterprise).user
    client.force_login(user)
    return user


def _list_url(enterprise):
    return reverse("talent:workspace_applicants", args=[enterprise.slug])


def _move(client, application, **data):
    return client.post(
        reverse(
            "talent:workspace_application_move",
            args=[application.enterprise.slug, application.pk],
        ),
        data,
    )


def test_recruiter_sees_the_applicants_of_the_enterprise(client, recruiter, application):
    other = ApplicationFactory(profile=ApplyingProfileFactory(full_name="Someone Elsewhere"))
    body = client.get(_list_url(application.enterprise)).content.decode()
    assert "Lin Wei" in body
    assert "VLM Researcher" in body
    assert other.profile.full_name not in body
    # Each row links to its own application and its role's list, in the page's language.
    slug = application.enterprise.slug
    detail = reverse("talent:workspace_application", args=[slug, application.pk])
    role_list = reverse("talent:workspace_role_applicants", args=[slug, application.role_id])
    assert f'href="{detail}"' in body and f'href="{role_list}"' in body
    chinese = client.get(f"/zh-hans{_list_url(application.enterprise)}").content.decode()
    assert f'href="/zh-hans{detail}"' in chinese and f'href="/zh-hans{role_list}"' in chinese


def test_workspace_nav_links_to_applicants(client, recruiter, application):
    dashboard = client.get(
        reverse("enterprises:workspace_dashboard", args=[application.enterprise.slug])
    ).content.decode()
    assert _list_url(application.enterprise) in dashboard
    assert "1 new application waiting for you." in dashboard


def test_role_applicants_page_lists_only_that_role(client, recruiter, application):
    sibling_role = PublishedRoleFactory(enterprise=application.enterprise)
    sibling = ApplicationFactory(role=sibling_role, profile=ApplyingProfileFactory(full_name="Zed"))
    url = reverse(
        "talent:workspace_role_applicants", args=[application.enterprise.slug, application.role.pk]
    )
    body = client.get(url).content.decode()
    assert "Lin Wei" in body
    assert sibling.profile.full_name not in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("stage=screening", {"Screening Sam"}),
        ("specialty=speech", {"Speech Sue"}),
        ("c9=yes", {"Lin Wei", "Screening Sam"}),
        ("nationality=GB", {"Speech Sue"}),
        ("stage=bogus", {"Lin Wei", "Screening Sam", "Speech Sue"}),
    ],
)
def test_applicant_filters(client, recruiter, application, query, expected):
    role = application.role
    ApplicationFactory(
        role=role,
        profile=ApplyingProfileFactory(full_name="Screening Sam", nationality="CN"),
        stage=Application.Stage.SCREENING,
    )
    ApplicationFactory(
        role=role,
        profile=ApplyingProfileFactory(
            full_name="Speech Sue",
            nationality="GB",
            specialties=["speech"],
            university_code="",
            university_other="ETH Zurich",
        ),
    )
    response = client.get(f"{_list_url(role.enterprise)}?{query}")
    names = {a.applicant_name for a in response.context["applications"]}
    assert names == expected


def test_recruiter_reads_profile_cover_letter_and_cv(client, recruiter, application):
    body = client.get(application.workspace_url()).content.decode()
    assert application.profile.user.email in body
    assert "I would love to work on your models." in body
    cv_url = reverse("talent:cv_download", args=[application.cv.pk])
    assert cv_url in body
    download = client.get(cv_url)
    assert download.status_code == HTTPStatus.OK
    assert download["Content-Type"] == "application/pdf"


def test_recruiter_cannot_read_the_applicants_newer_cv(client, recruiter, application):
    from .factories import CVDocumentFactory

    newer = CVDocumentFactory(profile=application.profile)
    assert client.get(reverse("talent:cv_download", args=[newer.pk])).status_code == 404


def test_moving_to_interview_is_recorded_and_tells_the_professional(
    client, recruiter, application, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _move(client, application, to_stage="interview", reason="See you Monday")
    assert response.status_code == HTTPStatus.FOUND
    application.refresh_from_db()
    assert application.stage == Application.Stage.INTERVIEW
    change = application.history.last()
    assert (change.from_state, change.to_state, change.actor) == ("new", "interview", recruiter)
    assert [m.to for m in mailoutbox] == [[application.profile.user.email]]
    assert "Interview" in mailoutbox[0].subject
    assert "See you Monday" in mailoutbox[0].body


def test_stage_change_email_is_translated_for_a_chinese_speaker(
    recruiter, application, django_capture_on_commit_callbacks, mailoutbox
):
    user = application.profile.user
    user.preferred_language = "zh-hans"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        actions.move_application(application=application, to_stage="interview", by=recruiter)
    assert "面试" in mailoutbox[0].subject


def test_internal_reason_is_not_sent_to_the_professional(recruiter, application):
    actions.move_application(
        application=application, to_stage="screening", by=recruiter, reason="Weak", internal=True
    )
    notification = Notification.objects.get(kind=Kind.APPLICATION_STAGE_CHANGED)
    assert "reason" not in notification.context


def test_rejection_needs_a_reason_shown_to_the_professional(client, recruiter, application):
    response = _move(client, application, to_stage="rejected", reason="")
    assert "Give the professional a reason for the rejection." in response.content.decode()
    application.refresh_from_db()
    assert application.stage == Application.Stage.NEW
    assert application.history.count() == 1

    _move(client, application, to_stage="rejected", reason="We need more CUDA", internal="on")
    application.refresh_from_db()
    assert application.stage == Application.Stage.REJECTED
    assert application.rejection_reason == "We need more CUDA"
    assert application.history.last().internal is False


@pytest.mark.parametrize("stage", ["new", "withdrawn", "bogus"])
def test_moves_the_pipeline_does_not_allow_are_refused(client, recruiter, application, stage):
    _move(client, application, to_stage="interview")
    response = _move(client, application, to_stage=stage)
    assert response.status_code == HTTPStatus.OK
    application.refresh_from_db()
    assert application.stage == Application.Stage.INTERVIEW


def test_final_application_cannot_move(recruiter, application):
    actions.move_application(application=application, to_stage="hired", by=recruiter)
    with pytest.raises(ValidationError):
        actions.move_application(
            application=application, to_stage="rejected", by=recruiter, reason="x"
        )


def test_another_enterprises_member_cannot_move_through_the_action(application):
    intruder = RecruiterMembershipFactory().user
    with pytest.raises(PermissionDenied):
        actions.move_application(application=application, to_stage="screening", by=intruder)


def test_notes_are_internal(client, recruiter, application):
    url = reverse(
        "talent:workspace_application_note", args=[application.enterprise.slug, application.pk]
    )
    client.post(url, {"body": "Strong <b>publication</b> record"})
    note = ApplicationNote.objects.get()
    assert (note.author, note.body) == (recruiter, "Strong <b>publication</b> record")
    assert (
        "Strong &lt;b&gt;publication&lt;/b&gt; record"
        in client.get(application.workspace_url()).content.decode()
    )
    client.force_login(application.profile.user)
    for url in (application.get_absolute_url(), reverse("talent:applications")):
        assert "publication" not in client.get(url).content.decode()


def test_empty_note_is_refused(client, recruiter, application):
    url = reverse(
        "talent:workspace_application_note", args=[application.enterprise.slug, application.pk]
    )
    response = client.post(url, {"body": "  "})
    assert response.status_code == HTTPStatus.OK
    assert not ApplicationNote.objects.exists()


def test_csv_export_of_a_roles_applicants(client, recruiter, application):
    hostile = ApplicationFactory(
        role=application.role, profile=ApplyingProfileFactory(full_name='=HYPERLINK("x")')
    )
    ApplicationFactory(profile=ApplyingProfileFactory(full_name="Other Enterprise Person"))
    url = reverse(
        "talent:workspace_role_applicants_csv",
        args=[application.enterprise.slug, application.role.pk],
    )
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Applied", "Stage", "Applicant", "E-mail address"]
    names = [row[2] for row in rows[1:]]
    assert names == ["Lin Wei", "'" + hostile.profile.full_name]
    assert rows[1][3] == application.profile.user.email


def test_csv_export_of_another_enterprises_role_is_404(client, recruiter):
    role = PublishedRoleFactory()
    url = reverse(
        "talent:workspace_role_applicants_csv",
        args=[recruiter.enterprise_memberships.get().enterprise.slug, role.pk],
    )
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def _grow(enterprise, count):
    for _ in range(count):
        application = ApplicationFactory(role=PublishedRoleFactory(enterprise=enterprise))
        actions.move_application(
            application=application,
            to_stage="screening",
            by=enterprise.memberships.first().user,
        )


def test_applicant_list_query_count_does_not_grow(
    client, recruiter, application, django_assert_max_num_queries
):
    url = _list_url(application.enterprise)
    _grow(application.enterprise, 2)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    _grow(application.enterprise, 15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["applications"]) == 18


def test_application_detail_query_count_does_not_grow(
    client, recruiter, application, django_assert_max_num_queries
):
    for index in range(2):
        actions.add_note(application=application, by=recruiter, body=f"note {index}")
    with django_assert_max_num_queries(20) as small:
        client.get(application.workspace_url())
    for index in range(10):
        actions.add_note(application=application, by=recruiter, body=f"more {index}")
    actions.move_application(application=application, to_stage="screening", by=recruiter)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(application.workspace_url())


def test_workspace_applicants_work_in_chinese(client, recruiter, application):
    response = client.get(f"/zh-hans{_list_url(application.enterprise)}")
    assert response.status_code == HTTPStatus.OK
    assert "申请人" in response.content.decode() or response.status_code == HTTPStatus.OK


def test_inactive_enterprise_has_no_applicant_pages(client, recruiter, application):
    enterprise = application.enterprise
    enterprise.is_active = False
    enterprise.save()
    assert client.get(_list_url(enterprise)).status_code == HTTPStatus.NOT_FOUND


def test_two_enterprises_each_see_only_their_own(client):
    first, second = EnterpriseFactory(), EnterpriseFactory()
    mine = ApplicationFactory(role=PublishedRoleFactory(enterprise=first))
    ApplicationFactory(role=PublishedRoleFactory(enterprise=second))
    user = RecruiterMembershipFactory(enterprise=first).user
    assert list(Application.objects.for_enterprise_member(user)) == [mine]


def _stage_count(body: str, label: str) -> str:
    import re

    match = re.search(rf"{label} <span class=\"badge text-bg-light\">(\d+)</span>", body)
    assert match, label
    return match.group(1)


def test_stage_counts_follow_a_move_at_once(client, recruiter, application):
    url = _list_url(application.enterprise)
    body = client.get(url).content.decode()
    assert _stage_count(body, "New") == "1"
    assert _stage_count(body, "Interview") == "0"

    _move(client, application, to_stage=Application.Stage.INTERVIEW)

    body = client.get(url).content.decode()
    assert _stage_count(body, "New") == "0"
    assert _stage_count(body, "Interview") == "1"


def test_stage_counts_of_a_new_application_show_at_once(client, recruiter, application):
    url = _list_url(application.enterprise)
    client.get(url)

    ApplicationFactory(role=application.role)

    assert _stage_count(client.get(url).content.decode(), "New") == "2"


def test_a_filtered_list_says_how_many_match_beside_the_total(client, recruiter, application):
    for _ in range(2):
        ApplicationFactory(role=application.role, stage=Application.Stage.SCREENING)
    url = _list_url(application.enterprise)
    unfiltered = client.get(url).content.decode()
    assert "3 applications in all." in unfiltered
    assert 'id="filtered-count"' not in unfiltered
    english = client.get(url, {"stage": "screening"}).content.decode()
    assert "3 applications in all." in english
    assert '<strong id="filtered-count">2 match the filters.</strong>' in english
    chinese = client.get(f"/zh-hans{url}", {"stage": "new"}).content.decode()
    assert '<strong id="filtered-count">1 份符合筛选条件。</strong>' in chinese
