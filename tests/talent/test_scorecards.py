"""Scorecards: criteria per role, one card per interviewer, read only after one's own."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from talent import actions
from talent.models import Scorecard, ScorecardCriterion
from tests.enterprises.factories import RecruiterMembershipFactory
from tests.factories import InterviewFactory, PastInterviewFactory, ScorecardFactory
from westbund.taxonomy import Specialty

from .factories import ApplicationFactory, ApplyingProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application():
    return ApplicationFactory(
        profile=ApplyingProfileFactory(full_name="Lin Wei"),
        role__title_en="VLM Researcher",
        role__specialties=[Specialty.MULTIMODAL, Specialty.COMPUTER_VISION],
    )


def _member(application, name):
    return RecruiterMembershipFactory(
        enterprise=application.enterprise, user__display_name=name
    ).user


@pytest.fixture
def first(application):
    return _member(application, "Fang First")


@pytest.fixture
def second(application):
    return _member(application, "Sun Second")


@pytest.fixture
def interview(application, first, second):
    return PastInterviewFactory(application=application, interviewers=[first, second])


def _card_data(interview, *, rating="4", recommendation="4", notes="Strong on evals."):
    criteria = actions.ensure_criteria(role=interview.application.role)
    data = {f"rating_{criterion.pk}": rating for criterion in criteria}
    data.update({"recommendation": recommendation, "notes": notes})
    return data


def _submit(client, interview, data):
    return client.post(
        reverse(
            "talent:workspace_interview_scorecard",
            args=[interview.enterprise.slug, interview.pk],
        ),
        data,
    )


def _page(client, interview, prefix=""):
    return client.get(prefix + interview.workspace_url()).content.decode()


def test_criteria_default_to_the_roles_specialties_in_both_languages(application):
    criteria = actions.ensure_criteria(role=application.role)

    assert [c.name_en for c in criteria] == [
        "Multimodal",
        "Computer vision",
        "Communication",
        "Problem solving",
    ]
    assert [c.name_zh for c in criteria][2:] == ["沟通能力", "解决问题的能力"]
    assert all(c.name_zh for c in criteria)


def test_members_edit_the_criteria(client, application, first):
    client.force_login(first)
    url = reverse(
        "talent:workspace_role_criteria", args=[application.enterprise.slug, application.role_id]
    )

    response = client.post(url, {"name_en": "Research taste", "name_zh": "研究品味"})

    assert response.status_code == HTTPStatus.FOUND
    added = ScorecardCriterion.objects.get(name_en="Research taste")
    assert added.name_zh == "研究品味"
    assert "研究品味" in client.get("/zh-hans" + url).content.decode()
    delete = reverse(
        "talent:workspace_role_criterion_delete",
        args=[application.enterprise.slug, application.role_id, added.pk],
    )
    assert client.post(delete).status_code == HTTPStatus.FOUND
    assert not ScorecardCriterion.objects.filter(pk=added.pk).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name_en": "", "name_zh": ""}, "Name the criterion."),
        ({"name_en": "x" * 121}, "at most 120 characters"),
        ({"name_en": "Bad\x00name"}, "Null characters are not allowed."),
    ],
)
def test_bad_criteria_are_refused(client, application, first, data, message):
    client.force_login(first)
    before = len(actions.ensure_criteria(role=application.role))
    url = reverse(
        "talent:workspace_role_criteria", args=[application.enterprise.slug, application.role_id]
    )

    response = client.post(url, data)

    assert message in response.content.decode()
    assert ScorecardCriterion.objects.filter(role=application.role).count() == before


def test_an_interviewer_submits_their_scorecard(client, interview, first):
    client.force_login(first)

    response = _submit(client, interview, _card_data(interview, notes="Strong on evals."))

    assert response.status_code == HTTPStatus.FOUND
    card = Scorecard.objects.get()
    assert card.interviewer == first
    assert card.recommendation == Scorecard.Recommendation.STRONG_YES
    assert [item["rating"] for item in card.ratings] == [4, 4, 4, 4]
    assert card.ratings[0]["criterion"] == {"en": "Multimodal", "zh-hans": "多模态"}
    assert "Strong on evals." in _page(client, interview)


def test_an_interviewer_reads_the_others_only_after_submitting(client, interview, first, second):
    ScorecardFactory(interview=interview, interviewer=first, notes="Fang's private view.")
    client.force_login(second)

    before = _page(client, interview)
    applicant_page = client.get(interview.application.workspace_url()).content.decode()
    assert "Fang's private view." not in before
    assert "submit yours to read them" in before
    assert "Strong yes" not in applicant_page and "Fang's private view." not in applicant_page

    _submit(client, interview, _card_data(interview, notes="Sun's view."))

    after = _page(client, interview)
    assert "Fang&#x27;s private view." in after
    assert "Sun&#x27;s view." in after


def test_a_member_who_is_not_an_interviewer_reads_the_summary(client, application, interview):
    ScorecardFactory(interview=interview, interviewer=interview.interviewers.first())
    client.force_login(_member(application, "Hu Hiring-manager"))

    body = client.get(application.workspace_url()).content.decode()

    assert "1 of 2 scorecards" in body
    assert "Clear thinker." in _page(client, interview)


def test_a_member_who_is_not_an_interviewer_cannot_submit(client, application, interview):
    client.force_login(_member(application, "Hu Hiring-manager"))

    response = _submit(client, interview, _card_data(interview))

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Scorecard.objects.exists()


def test_the_action_refuses_a_non_interviewer(application, interview):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.submit_scorecard(
            interview=interview,
            by=_member(application, "Hu"),
            ratings={},
            recommendation=3,
        )


def test_one_scorecard_per_interviewer(client, interview, first):
    client.force_login(first)
    _submit(client, interview, _card_data(interview))

    with pytest.raises(Exception, match="already submitted"):
        actions.submit_scorecard(
            interview=interview,
            by=first,
            ratings={c.pk: 3 for c in actions.ensure_criteria(role=interview.application.role)},
            recommendation=2,
        )
    assert Scorecard.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"rating": ""}, "Rate every criterion from 1 to 5."),
        ({"rating": "6"}, "Select a valid choice"),
        ({"recommendation": "9"}, "Select a valid choice"),
        ({"notes": "x" * 4001}, "at most 4000 characters"),
        ({"notes": "a\x00b"}, "Null characters are not allowed."),
        ({"notes": "a\x1bb"}, "Remove the invisible control characters"),
    ],
)
def test_bad_scorecards_are_refused(client, interview, first, overrides, message):
    client.force_login(first)

    response = _submit(client, interview, _card_data(interview, **overrides))

    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert not Scorecard.objects.exists()


def test_no_scorecard_before_the_interview_starts(client, application, first):
    upcoming = InterviewFactory(application=application, interviewers=[first])
    client.force_login(first)

    response = _submit(client, upcoming, _card_data(upcoming))

    assert response.status_code == HTTPStatus.FOUND
    response = client.get(response["Location"])
    assert "Submit your scorecard once the interview has started." in response.content.decode()
    assert not Scorecard.objects.exists()


def test_hostile_notes_are_shown_escaped(client, interview, first):
    client.force_login(first)
    _submit(client, interview, _card_data(interview, notes="<script>alert(1)</script>"))

    body = _page(client, interview)

    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_the_candidate_never_sees_scorecards(client, application, interview, first):
    ScorecardFactory(interview=interview, interviewer=first, notes="Fang's private view.")
    client.force_login(application.profile.user)

    page = client.get(reverse("talent:application", args=[application.pk])).content.decode()
    assert "Fang" not in page
    assert "Clear thinker" not in page
    for url in (
        interview.workspace_url(),
        reverse("talent:workspace_interviews", args=[application.enterprise.slug]),
        application.workspace_url(),
    ):
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert _submit(client, interview, _card_data(interview)).status_code == HTTPStatus.NOT_FOUND
    assert Scorecard.objects.count() == 1


def test_the_scorecard_form_in_chinese(client, interview, first):
    client.force_login(first)

    body = _page(client, interview, prefix="/zh-hans")

    assert "提交我的评分表" in body
    assert "多模态" in body
    assert "强烈推荐" in body
