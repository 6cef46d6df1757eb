"""What is still open on an application closes with it: rejected (on its page, on the
board, in bulk), withdrawn by the candidate or anonymised when they leave, its open
offers are withdrawn and its upcoming interviews cancelled, each with a coded cause;
an offer of a closed application cannot be sent, approved or accepted; a move to offer
is not undone while the offer is out; the offer e-mails link the letter in the
reader's language."""

from http import HTTPStatus

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from talent import actions
from talent.models import (
    Application,
    ApplicationStageChange,
    Interview,
    InterviewEvent,
    Offer,
    OfferTransition,
)
from tests.enterprises.factories import (
    EnterpriseFactory,
    MembershipFactory,
    PublishedRoleFactory,
    RecruiterMembershipFactory,
)
from tests.factories import (
    AwaitingApprovalOfferFactory,
    InterviewFactory,
    OfferFactory,
    PastInterviewFactory,
    SentOfferFactory,
    UserFactory,
)
from westbund.accounts.models import User
from westbund.notifications.models import Kind, Notification
from westbund.privacy import actions as privacy_actions

from .factories import ApplicationFactory, ApplyingProfileFactory

pytestmark = pytest.mark.django_db

WITHDRAWN = Offer.Status.WITHDRAWN


@pytest.fixture
def enterprise():
    return EnterpriseFactory(name_en="Aurora Models", name_zh="极光模型")


@pytest.fixture
def candidate():
    return UserFactory(preferred_language="zh-hans", email="lin@example.com")


@pytest.fixture
def application(enterprise, candidate):
    return ApplicationFactory(
        profile=ApplyingProfileFactory(user=candidate, full_name="Lin Wei"),
        role=PublishedRoleFactory(
            enterprise=enterprise, title_en="VLM Researcher", title_zh="视觉语言模型研究员"
        ),
        stage=Application.Stage.INTERVIEW,
    )


@pytest.fixture
def recruiter(enterprise):
    return RecruiterMembershipFactory(
        enterprise=enterprise, user=UserFactory(email="rita@example.com")
    ).user


@pytest.fixture
def admin(enterprise):
    return MembershipFactory(enterprise=enterprise, user=UserFactory(email="ada@example.com")).user


@pytest.fixture
def delivered(django_capture_on_commit_callbacks):
    """Wrap a request or action: its notifications are e-mailed when it commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _url(name, application, *args):
    return reverse(name, args=[application.enterprise.slug, application.pk, *args])


def _sent_offer(application, recruiter, admin) -> Offer:
    """Drafted by the recruiter, approved by the admin: sent, the application at offer."""
    offer = OfferFactory(application=application, drafted_by=recruiter, language="zh-hans")
    actions.submit_offer(offer=offer, by=recruiter)
    actions.approve_offer(offer=offer, by=admin)
    offer.refresh_from_db()
    application.refresh_from_db()
    assert (offer.status, application.stage) == (Offer.Status.SENT, Application.Stage.OFFER)
    return offer


def _last(offer) -> OfferTransition:
    return offer.transitions.order_by("created_at", "id").last()


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _calendar_method(message) -> str:
    [part] = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    return str(icalendar.Calendar.from_ical(part.get_payload(decode=True))["METHOD"])


# -- Rejecting withdraws the offer ------------------------------------------------------


def test_rejecting_on_the_applicants_page_withdraws_the_sent_offer_and_tells_the_candidate(
    delivered, client, application, recruiter, admin, mailoutbox
):
    offer = _sent_offer(application, recruiter, admin)
    mailoutbox.clear()
    client.force_login(recruiter)

    with delivered():
        response = client.post(
            _url("talent:workspace_application_move", application),
            {"to_stage": "rejected", "reason": "We chose another candidate."},
        )

    assert response.status_code == HTTPStatus.FOUND
    application.refresh_from_db()
    offer.refresh_from_db()
    assert application.stage == Application.Stage.REJECTED
    assert offer.status == WITHDRAWN
    last = _last(offer)
    assert (last.from_state, last.to_state, last.actor, last.cause) == (
        "sent",
        "withdrawn",
        recruiter,
        OfferTransition.Cause.APPLICATION_REJECTED,
    )
    # The candidate held the offer: they read, in Chinese, that it is withdrawn, besides
    # the rejection itself.
    to_candidate = [mail for mail in mailoutbox if mail.to == ["lin@example.com"]]
    subjects = sorted(mail.subject for mail in to_candidate)
    assert len(to_candidate) == 2
    assert any("已撤回" in subject and "录用意向" in subject for subject in subjects)
    assert any("已驳回" in subject for subject in subjects)
    # The admin who approved it hears it is withdrawn.
    assert any(
        mail.to == ["ada@example.com"] and "Withdrawn" in mail.subject for mail in mailoutbox
    )
    # The candidate's page shows it withdrawn, with no button to accept it.
    client.force_login(application.profile.user)
    page = client.get(reverse("talent:application", args=[application.pk]))
    body = page.content.decode()
    assert "Withdrawn" in body
    assert reverse("talent:offer_accept", args=[application.pk, offer.pk]) not in body


def test_rejecting_withdraws_an_offer_awaiting_approval_without_telling_the_candidate(
    delivered, application, recruiter, admin
):
    offer = AwaitingApprovalOfferFactory(application=application, drafted_by=recruiter)

    with delivered():
        actions.move_application(
            application=application, to_stage="rejected", by=recruiter, reason="Role filled."
        )

    offer.refresh_from_db()
    assert offer.status == WITHDRAWN
    assert _last(offer).cause == "application_rejected"
    candidate_kinds = set(
        Notification.objects.filter(recipient=application.profile.user).values_list(
            "kind", flat=True
        )
    )
    # Only the rejection: they never saw this offer.
    assert candidate_kinds == {Kind.APPLICATION_STAGE_CHANGED}
    # The admin asked to approve it is told it is withdrawn.
    assert Notification.objects.filter(recipient=admin, kind=Kind.OFFER_STATUS_CHANGED).exists()


def test_rejecting_withdraws_a_draft_so_it_cannot_be_sent_later(application, recruiter, admin):
    offer = OfferFactory(application=application, drafted_by=admin)
    actions.move_application(
        application=application, to_stage="rejected", by=recruiter, reason="Role filled."
    )
    offer.refresh_from_db()
    assert offer.status == WITHDRAWN
    with pytest.raises(ValidationError, match="draft"):
        actions.submit_offer(offer=offer, by=admin)
    assert not Notification.objects.filter(
        recipient=application.profile.user, kind=Kind.OFFER_RECEIVED
    ).exists()


def test_a_bulk_rejection_withdraws_each_applications_offer(
    delivered, client, application, recruiter, admin
):
    first = _sent_offer(application, recruiter, admin)
    other = ApplicationFactory(
        role=application.role, profile=ApplyingProfileFactory(full_name="Ma Li")
    )
    second = AwaitingApprovalOfferFactory(application=other, drafted_by=recruiter)
    client.force_login(recruiter)

    with delivered():
        response = client.post(
            reverse("talent:workspace_applications_bulk_move", args=[application.enterprise.slug]),
            {
                "applications": [application.pk, other.pk],
                "to_stage": "rejected",
                "reason": "The role is closed.",
            },
            follow=True,
        )

    assert "2 applications moved to “Rejected”." in _messages(response)
    assert set(Offer.objects.values_list("status", flat=True)) == {WITHDRAWN}
    for offer in (first, second):
        assert _last(offer).cause == "application_rejected"


def test_a_refused_rejection_leaves_the_offer_out(application, recruiter, admin):
    """No reason, no rejection: and the offer stays as it was (one transaction)."""
    offer = _sent_offer(application, recruiter, admin)
    with pytest.raises(ValidationError, match="reason"):
        actions.move_application(application=application, to_stage="rejected", by=recruiter)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SENT


# -- The candidate withdraws, or leaves ---------------------------------------------------


def test_the_candidates_withdrawal_withdraws_their_offer_and_tells_only_the_team(
    delivered, client, application, recruiter, admin, mailoutbox
):
    offer = _sent_offer(application, recruiter, admin)
    mailoutbox.clear()
    client.force_login(application.profile.user)

    with delivered():
        client.post(reverse("talent:application_withdraw", args=[application.pk]))

    application.refresh_from_db()
    offer.refresh_from_db()
    assert application.stage == Application.Stage.WITHDRAWN
    assert offer.status == WITHDRAWN
    last = _last(offer)
    assert (last.actor, last.cause) == (
        application.profile.user,
        OfferTransition.Cause.APPLICATION_WITHDRAWN,
    )
    # They withdrew it themselves: no e-mail telling them so.
    assert not [mail for mail in mailoutbox if mail.to == ["lin@example.com"]]
    assert any(
        mail.to == ["ada@example.com"] and "Withdrawn" in mail.subject for mail in mailoutbox
    )


def test_deleting_the_account_withdraws_the_offer_and_cancels_the_interviews(
    delivered, application, recruiter, admin, mailoutbox
):
    offer = _sent_offer(application, recruiter, admin)
    interview = InterviewFactory(application=application, interviewers=[recruiter])
    mailoutbox.clear()

    with delivered():
        privacy_actions.delete_account(user=application.profile.user)

    offer.refresh_from_db()
    interview.refresh_from_db()
    assert offer.status == WITHDRAWN
    assert _last(offer).cause == OfferTransition.Cause.CANDIDATE_LEFT
    assert interview.status == Interview.Status.CANCELLED
    assert interview.events.last().cause == InterviewEvent.Cause.CANDIDATE_LEFT
    [cancellation] = [
        mail
        for mail in mailoutbox
        if mail.to == ["rita@example.com"] and ("cancelled" in mail.subject)
    ]
    assert _calendar_method(cancellation) == "CANCEL"
    # Nothing sent after the erasure names the person.
    for mail in mailoutbox:
        assert "Lin Wei" not in mail.subject + mail.body
    assert not User.objects.filter(email="lin@example.com").exists()


# -- An offer of a closed application goes no further -------------------------------------


@pytest.mark.parametrize(
    ("language", "prefix", "expected"),
    [
        ("en", "", "This application is closed (“Rejected”): the offer can no longer go ahead."),
        ("zh-hans", "/zh-hans", "此申请已关闭（“已驳回”）：该录用意向无法继续。"),
    ],
)
def test_an_offer_left_open_on_a_rejected_application_cannot_be_approved(
    client, application, recruiter, admin, language, prefix, expected
):
    """An offer left open before the rule (or by a race) is refused at approval."""
    Application.objects.filter(pk=application.pk).update(stage=Application.Stage.REJECTED)
    offer = AwaitingApprovalOfferFactory(application=application, drafted_by=recruiter)
    client.force_login(admin)

    response = client.post(
        prefix + _url("talent:workspace_offer_approve", application, offer.pk), follow=True
    )

    assert expected in _messages(response)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.AWAITING_APPROVAL
    assert not Notification.objects.filter(recipient=application.profile.user).exists()


def test_an_admins_draft_on_a_withdrawn_application_cannot_be_sent(application, admin):
    Application.objects.filter(pk=application.pk).update(stage=Application.Stage.WITHDRAWN)
    offer = OfferFactory(application=application, drafted_by=admin)
    with pytest.raises(ValidationError, match="closed"):
        actions.submit_offer(offer=offer, by=admin)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DRAFT
    assert not Notification.objects.filter(kind=Kind.OFFER_RECEIVED).exists()


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("", "This application is closed (“Rejected”): the offer can no longer go ahead."),
        ("/zh-hans", "此申请已关闭（“已驳回”）：该录用意向无法继续。"),
    ],
)
def test_the_candidate_cannot_accept_an_offer_of_a_rejected_application(
    client, application, prefix, expected
):
    Application.objects.filter(pk=application.pk).update(stage=Application.Stage.REJECTED)
    offer = SentOfferFactory(application=application)
    client.force_login(application.profile.user)

    response = client.post(
        prefix + reverse("talent:offer_accept", args=[application.pk, offer.pk]), follow=True
    )

    assert expected in _messages(response)
    offer.refresh_from_db()
    application.refresh_from_db()
    assert (offer.status, application.stage) == ("sent", "rejected")


# -- Undo while an offer is out -----------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        (
            "",
            "An offer on this application is awaiting approval or with the candidate: "
            "withdraw the offer first, then undo the move.",
        ),
        (
            "/zh-hans",
            "此申请的录用意向正在等待审批或已发给候选人：请先撤回录用意向，再撤销这次阶段调整。",
        ),
    ],
)
def test_a_move_to_offer_is_not_undone_while_the_offer_is_out(
    client, application, recruiter, admin, prefix, expected
):
    offer = _sent_offer(application, recruiter, admin)
    client.force_login(recruiter)

    response = client.post(
        prefix + _url("talent:workspace_application_undo", application),
        {"reason": "Too early."},
    )

    assert expected in response.content.decode()
    application.refresh_from_db()
    offer.refresh_from_db()
    assert (application.stage, offer.status) == ("offer", "sent")
    assert not application.history.filter(kind=ApplicationStageChange.Kind.CORRECTION).exists()


def test_a_move_to_offer_with_an_offer_awaiting_approval_is_not_undone(application, recruiter):
    actions.move_application(application=application, to_stage="offer", by=recruiter)
    AwaitingApprovalOfferFactory(application=application, drafted_by=recruiter)
    with pytest.raises(ValidationError, match="withdraw the offer first"):
        actions.undo_stage_move(application=application, by=recruiter, reason="Too early.")


def test_once_the_offer_is_withdrawn_the_move_is_undone(application, recruiter, admin):
    offer = _sent_offer(application, recruiter, admin)
    actions.withdraw_offer(offer=offer, by=admin, reason="Budget frozen.")
    actions.undo_stage_move(application=application, by=recruiter, reason="Too early.")
    application.refresh_from_db()
    assert application.stage == Application.Stage.INTERVIEW


def test_a_draft_does_not_stop_an_undo(application, recruiter):
    """The candidate never saw a draft: stepping back hides nothing from them."""
    actions.move_application(application=application, to_stage="offer", by=recruiter)
    offer = OfferFactory(application=application, drafted_by=recruiter)
    actions.undo_stage_move(application=application, by=recruiter, reason="Too early.")
    application.refresh_from_db()
    offer.refresh_from_db()
    assert (application.stage, offer.status) == ("interview", "draft")


# -- Rejecting cancels the interviews to come ---------------------------------------------


def test_rejecting_cancels_upcoming_interviews_with_the_calendars_cancellation(
    delivered, client, application, recruiter, mailoutbox
):
    interviewer = RecruiterMembershipFactory(
        enterprise=application.enterprise, user__email="ivan@example.com"
    ).user
    upcoming = InterviewFactory(application=application, interviewers=[interviewer])
    past = PastInterviewFactory(application=application, interviewers=[interviewer])
    client.force_login(recruiter)

    with delivered():
        client.post(
            _url("talent:workspace_application_move", application),
            {"to_stage": "rejected", "reason": "We chose another candidate."},
        )

    upcoming.refresh_from_db()
    past.refresh_from_db()
    assert (upcoming.status, upcoming.sequence) == (Interview.Status.CANCELLED, 1)
    event = upcoming.events.last()
    assert (event.from_state, event.to_state, event.actor, event.cause) == (
        "scheduled",
        "cancelled",
        recruiter,
        InterviewEvent.Cause.APPLICATION_REJECTED,
    )
    # The one that took place stays for the interviewers to mark done and score.
    assert past.status == Interview.Status.SCHEDULED
    cancellations = [mail for mail in mailoutbox if "text/calendar" in str(mail.message())]
    assert sorted(mail.to[0] for mail in cancellations) == ["ivan@example.com", "lin@example.com"]
    assert {_calendar_method(mail) for mail in cancellations} == {"CANCEL"}
    to_candidate = next(mail for mail in cancellations if mail.to == ["lin@example.com"])
    assert "面试已取消" in to_candidate.subject


def test_the_candidates_withdrawal_cancels_their_upcoming_interviews(client, application):
    interview = InterviewFactory(application=application)
    client.force_login(application.profile.user)
    client.post(reverse("talent:application_withdraw", args=[application.pk]))
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED
    assert interview.events.last().cause == InterviewEvent.Cause.APPLICATION_WITHDRAWN


def test_moving_forward_keeps_the_interviews(application, recruiter):
    interview = InterviewFactory(application=application)
    actions.move_application(application=application, to_stage="offer", by=recruiter)
    interview.refresh_from_db()
    assert interview.status == Interview.Status.SCHEDULED


# -- The letter link follows the reader's language ----------------------------------------


def test_the_chinese_offer_email_links_the_letter_under_zh_hans(
    delivered, application, recruiter, admin, mailoutbox
):
    with delivered():
        offer = _sent_offer(application, recruiter, admin)

    letter = reverse("talent:offer_pdf", args=[application.pk, offer.pk])
    assert not letter.startswith("/zh-hans/")
    [to_candidate] = [mail for mail in mailoutbox if mail.to == ["lin@example.com"]]
    assert f"/zh-hans{letter}" in to_candidate.body
    [html] = [body for body, kind in to_candidate.alternatives if kind == "text/html"]
    assert f'/zh-hans{letter}"' in html
    # Like the portal link of the same e-mail.
    assert "/zh-hans/me/applications/" in to_candidate.body


def test_an_english_reader_gets_the_letter_link_without_a_prefix(
    delivered, application, recruiter, admin, mailoutbox
):
    with delivered():
        offer = _sent_offer(application, recruiter, admin)

    # The admin's approval-request e-mail (English): the workspace letter, no prefix.
    approval = next(mail for mail in mailoutbox if mail.to == ["ada@example.com"])
    assert f"{offer.workspace_pdf_url()}" in approval.body
    assert f"/zh-hans{offer.workspace_pdf_url()}" not in approval.body


def test_rejecting_with_nothing_open_tells_only_the_candidate(application):
    """Nothing open, nothing closed: no offer or interview history, one notification."""
    recruiter = RecruiterMembershipFactory(enterprise=application.enterprise).user
    actions.move_application(
        application=application,
        to_stage="rejected",
        by=recruiter,
        reason="Not this time.",
    )
    assert not OfferTransition.objects.exists()
    assert not InterviewEvent.objects.exists()
    assert set(Notification.objects.values_list("kind", flat=True)) == {
        Kind.APPLICATION_STAGE_CHANGED
    }


def test_withdrawing_an_offer_awaiting_approval_tells_the_admins_asked(application, recruiter):
    admins = [MembershipFactory(enterprise=application.enterprise).user for _ in range(2)]
    offer = OfferFactory(application=application, drafted_by=recruiter)
    actions.submit_offer(offer=offer, by=recruiter)
    actions.withdraw_offer(offer=offer, by=recruiter, reason="Wrong salary.")
    told = set(
        Notification.objects.filter(kind=Kind.OFFER_STATUS_CHANGED).values_list(
            "recipient", flat=True
        )
    )
    assert told == {admin.pk for admin in admins}
