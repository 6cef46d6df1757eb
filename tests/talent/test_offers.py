"""Offers: drafted in the workspace, approved by an admin who did not draft them, sent,
accepted (the application is hired) or declined in /me/, withdrawn, expired by the beat.
Each step has its history row and its notification, in the reader's language."""

import io
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from enterprises.models import Role
from talent import actions
from talent.models import Application, ApplicationStageChange, Offer, OfferTransition
from tests.enterprises.factories import (
    EnterpriseFactory,
    MembershipFactory,
    PublishedRoleFactory,
    RecruiterMembershipFactory,
)
from tests.factories import (
    AwaitingApprovalOfferFactory,
    OfferFactory,
    SentOfferFactory,
    UserFactory,
)
from westbund.core.pdf import find_font
from westbund.notifications.models import Kind, Notification

from .factories import ApplicationFactory, ApplyingProfileFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _days(n):
    return TODAY() + timedelta(days=n)


@pytest.fixture
def enterprise():
    return EnterpriseFactory(name_en="Aurora Models", name_zh="极光模型")


@pytest.fixture
def application(enterprise):
    candidate = UserFactory(preferred_language="zh-hans", email="lin@example.com")
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
        enterprise=enterprise, user=UserFactory(preferred_language="zh-hans")
    ).user


@pytest.fixture
def admin(enterprise):
    return MembershipFactory(enterprise=enterprise, user=UserFactory(preferred_language="en")).user


@pytest.fixture
def delivered(django_capture_on_commit_callbacks):
    """Wrap a request or action: its notifications are e-mailed when it returns."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _url(name, application, *args):
    return reverse(name, args=[application.enterprise.slug, application.pk, *args])


def _offer_data(**overrides):
    data = {
        "position": "VLM Researcher",
        "annual_salary": "650000",
        "start_date": _days(30).isoformat(),
        "expires_on": _days(10).isoformat(),
        "letter": "亲爱的林伟：我们很高兴向您发出录用意向。",
    }
    data.update(overrides)
    return data


def _transitions(offer):
    return list(offer.transitions.values_list("from_state", "to_state"))


# -- Drafting ----------------------------------------------------------------------------


def test_recruiter_drafts_an_offer_in_the_candidates_language(client, application, recruiter):
    client.force_login(recruiter)
    form = client.get(_url("talent:workspace_offer_new", application))
    assert form.status_code == HTTPStatus.OK
    # The first letter is written in the candidate's language (Chinese).
    assert "录用意向" in form.content.decode()

    response = client.post(_url("talent:workspace_offer_new", application), _offer_data())

    assert response.status_code == HTTPStatus.FOUND
    offer = Offer.objects.get(application=application)
    assert offer.status == Offer.Status.DRAFT
    assert offer.language == "zh-hans"
    assert offer.annual_salary == 650000
    assert offer.drafted_by == recruiter
    assert _transitions(offer) == [("", "draft")]
    # A draft is nobody else's business yet.
    assert not Notification.objects.filter(kind__startswith="offer").exists()


def test_a_chinese_recruiter_writes_to_an_english_candidate_in_english(
    delivered, client, application, recruiter, admin, mailoutbox
):
    """The page is Chinese, the letter and the candidate's e-mail are English."""
    candidate = application.profile.user
    candidate.preferred_language = "en"
    candidate.save(update_fields=["preferred_language"])
    client.force_login(recruiter)
    with translation.override("zh-hans"):
        url = _url("talent:workspace_offer_new", application)
    assert url.startswith("/zh-hans/")

    form = client.get(url).content.decode()

    assert "起草录用意向" in form
    assert "Dear Lin Wei" in form
    data = _offer_data(letter="Dear Lin Wei, welcome to Aurora Models.")
    client.post(url, data)
    offer = Offer.objects.get(application=application)
    assert offer.language == "en"
    actions.submit_offer(offer=offer, by=recruiter)
    with delivered():
        actions.approve_offer(offer=offer, by=admin)
    assert [mail.subject for mail in mailoutbox if mail.to == [candidate.email]] == [
        "An offer from Aurora Models"
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("expires_on", _days(-1).isoformat(), "The offer cannot expire before today."),
        ("annual_salary", "six hundred thousand", "Enter an amount in yuan, e.g. 600000"),
        ("annual_salary", "12.5", "Enter an amount in yuan, e.g. 600000"),
        ("annual_salary", "60.00001万", "Enter an amount in yuan, e.g. 600000"),
        ("start_date", _days(-3).isoformat(), "The start date cannot be in the past."),
        ("letter", "Dear\x00Lin", "Null characters are not allowed."),
        ("letter", "Dear\x07Lin", "Remove the invisible control characters from this text."),
        ("position", "x" * 201, "Ensure this value has at most 200 characters"),
        ("letter", "x" * 10001, "Ensure this value has at most 10000 characters"),
        ("letter", "", "This field is required."),
    ],
)
def test_bad_offer_input_is_refused_with_a_clear_message(
    client, application, recruiter, field, value, message
):
    client.force_login(recruiter)
    recruiter.preferred_language = "en"
    response = client.post(
        _url("talent:workspace_offer_new", application), _offer_data(**{field: value})
    )
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    "typed", ["600000", "600,000", "600 000", "600，000", "600000元", "60万", "60.0万"]
)
def test_a_salary_is_read_as_people_write_it(client, application, recruiter, typed):
    client.force_login(recruiter)
    response = client.post(
        _url("talent:workspace_offer_new", application), _offer_data(annual_salary=typed)
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Offer.objects.get(application=application).annual_salary == 600_000


def test_bad_offer_input_is_refused_in_chinese(client, application, recruiter):
    client.force_login(recruiter)
    url = "/zh-hans" + _url("talent:workspace_offer_new", application)
    response = client.post(url, _offer_data(expires_on=_days(-1).isoformat()))
    assert "录用意向的有效期不能早于今天。" in response.content.decode()
    assert not Offer.objects.exists()


def test_the_action_refuses_a_past_expiry_too(application, recruiter):
    with pytest.raises(ValidationError):
        actions.draft_offer(
            application=application,
            by=recruiter,
            position="x",
            annual_salary=1,
            start_date=_days(1),
            expires_on=_days(-1),
            letter="x",
        )
    assert not Offer.objects.exists()


def test_hostile_text_is_stored_as_text_and_shown_escaped(client, application, recruiter):
    client.force_login(recruiter)
    client.post(
        _url("talent:workspace_offer_new", application),
        _offer_data(position='<script>alert("x")</script>'),
    )
    body = client.get(application.workspace_url()).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert" in body


def test_a_second_open_offer_is_refused(client, application, recruiter):
    OfferFactory(application=application)
    client.force_login(recruiter)
    response = client.post(_url("talent:workspace_offer_new", application), _offer_data())
    assert "already has an open offer" in response.content.decode()
    assert Offer.objects.count() == 1


# -- Approval ----------------------------------------------------------------------------


def test_a_recruiters_offer_waits_for_the_admins_approval(
    delivered, client, application, recruiter, admin, mailoutbox
):
    offer = OfferFactory(application=application, drafted_by=recruiter)
    client.force_login(recruiter)

    with delivered():
        response = client.post(_url("talent:workspace_offer_submit", application, offer.pk))

    assert response.status_code == HTTPStatus.FOUND
    offer.refresh_from_db()
    assert offer.status == Offer.Status.AWAITING_APPROVAL
    assert _transitions(offer)[-1] == ("draft", "awaiting_approval")
    assert OfferTransition.objects.filter(offer=offer, actor=recruiter).count() == 2
    notification = Notification.objects.get(kind=Kind.OFFER_APPROVAL_REQUESTED)
    assert notification.recipient == admin
    [mail] = mailoutbox
    assert mail.to == [admin.email]
    assert mail.subject == "An offer to Lin Wei awaits your approval"
    # The letter is a link, not an attachment.
    assert not mail.attachments
    assert offer.workspace_pdf_url() in mail.body
    # The candidate has heard nothing yet.
    assert not Notification.objects.filter(recipient=application.profile.user).exists()


def test_the_admin_approves_and_the_candidate_receives_the_offer_in_chinese(
    delivered, client, application, recruiter, admin, mailoutbox
):
    offer = AwaitingApprovalOfferFactory(
        application=application, drafted_by=recruiter, language="zh-hans"
    )
    client.force_login(admin)

    with delivered():
        client.post(_url("talent:workspace_offer_approve", application, offer.pk))

    offer.refresh_from_db()
    assert offer.status == Offer.Status.SENT
    assert offer.approved_by == admin
    assert offer.sent_at is not None
    last = offer.transitions.last()
    assert (last.from_state, last.to_state, last.actor, last.cause) == (
        "awaiting_approval",
        "sent",
        admin,
        OfferTransition.Cause.APPROVED,
    )
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    candidate_mail = by_address[application.profile.user.email]
    assert candidate_mail.subject == "来自 极光模型 的录用意向"
    assert "/me/applications/" in candidate_mail.body
    assert "letter.pdf" in candidate_mail.body
    # The recruiter who drafted it hears it went out, in Chinese.
    recruiter_mail = by_address[recruiter.email]
    assert "已发送" in recruiter_mail.subject


def test_a_recruiter_cannot_approve_their_own_offer(client, application, recruiter):
    offer = AwaitingApprovalOfferFactory(application=application, drafted_by=recruiter)
    client.force_login(recruiter)

    response = client.post(_url("talent:workspace_offer_approve", application, offer.pk))

    assert response.status_code == HTTPStatus.FORBIDDEN
    offer.refresh_from_db()
    assert offer.status == Offer.Status.AWAITING_APPROVAL
    assert not Notification.objects.filter(kind=Kind.OFFER_RECEIVED).exists()


def test_an_admin_who_drafted_an_offer_awaiting_approval_cannot_approve_it(application, admin):
    offer = AwaitingApprovalOfferFactory(application=application, drafted_by=admin)
    with pytest.raises(PermissionDenied):
        actions.approve_offer(offer=offer, by=admin)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.AWAITING_APPROVAL


def test_an_admins_own_offer_is_sent_directly(delivered, client, application, admin, mailoutbox):
    offer = OfferFactory(application=application, drafted_by=admin)
    client.force_login(admin)

    with delivered():
        client.post(_url("talent:workspace_offer_submit", application, offer.pk))

    offer.refresh_from_db()
    assert offer.status == Offer.Status.SENT
    assert _transitions(offer) == [("", "draft"), ("draft", "sent")]
    assert [mail.to for mail in mailoutbox] == [[application.profile.user.email]]


# -- Sending moves the pipeline ----------------------------------------------------------


def test_an_approved_offer_moves_the_application_to_offer_with_its_cause(
    delivered, client, application, recruiter, admin, mailoutbox
):
    offer = AwaitingApprovalOfferFactory(application=application, drafted_by=recruiter)
    client.force_login(admin)

    with delivered():
        client.post(_url("talent:workspace_offer_approve", application, offer.pk))

    application.refresh_from_db()
    assert application.stage == Application.Stage.OFFER
    move = application.history.last()
    assert (move.from_state, move.to_state, move.actor, move.cause) == (
        "interview",
        "offer",
        admin,
        ApplicationStageChange.Cause.OFFER_SENT,
    )
    # The candidate reads the offer e-mail, not a second one about the stage.
    candidate = application.profile.user
    assert [mail.subject for mail in mailoutbox if mail.to == [candidate.email]] == [
        "来自 极光模型 的录用意向"
    ]
    assert not Notification.objects.filter(
        recipient=candidate, kind=Kind.APPLICATION_STAGE_CHANGED
    ).exists()
    # The applicant page's history says why the application moved.
    page = client.get(application.workspace_url()).content.decode()
    assert "An offer was sent to the candidate" in page


def test_an_admins_own_offer_moves_the_application_when_sent(application, admin):
    application.stage = Application.Stage.SCREENING
    application.save(update_fields=["stage"])
    offer = OfferFactory(application=application, drafted_by=admin)

    actions.submit_offer(offer=offer, by=admin)

    application.refresh_from_db()
    assert application.stage == Application.Stage.OFFER
    assert application.history.last().cause == ApplicationStageChange.Cause.OFFER_SENT


def test_an_application_already_at_offer_is_not_moved_again(application, recruiter, admin):
    application.stage = Application.Stage.OFFER
    application.save(update_fields=["stage"])
    offer = AwaitingApprovalOfferFactory(application=application, drafted_by=recruiter)
    rows = application.history.count()

    actions.approve_offer(offer=offer, by=admin)

    application.refresh_from_db()
    assert application.stage == Application.Stage.OFFER
    assert application.history.count() == rows


def test_accepting_a_sent_offer_hires_from_the_offer_stage_with_its_cause(
    application, recruiter, admin
):
    offer = AwaitingApprovalOfferFactory(application=application, drafted_by=recruiter)
    actions.approve_offer(offer=offer, by=admin)
    candidate = application.profile.user

    actions.accept_offer(offer=offer, by=candidate)

    application.refresh_from_db()
    moves = list(application.history.values_list("from_state", "to_state", "cause"))
    assert moves[-2:] == [
        ("interview", "offer", ApplicationStageChange.Cause.OFFER_SENT),
        ("offer", "hired", ApplicationStageChange.Cause.OFFER_ACCEPTED),
    ]


def test_an_offer_moves_only_its_own_application(application, recruiter, enterprise):
    other = ApplicationFactory(
        role=PublishedRoleFactory(enterprise=enterprise), stage=Application.Stage.INTERVIEW
    )
    offer = SentOfferFactory(application=application, drafted_by=recruiter)

    with pytest.raises(PermissionDenied):
        actions.move_application(
            application=other, to_stage=Application.Stage.OFFER, by=recruiter, offer=offer
        )
    other.refresh_from_db()
    assert other.stage == Application.Stage.INTERVIEW


# -- The candidate's answer -------------------------------------------------------------


def test_the_candidate_accepts_in_me_and_is_hired(
    delivered, client, application, recruiter, admin, mailoutbox
):
    application.role.openings = 1
    application.role.save(update_fields=["openings"])
    offer = SentOfferFactory(application=application, drafted_by=recruiter, approved_by=admin)
    candidate = application.profile.user
    client.force_login(candidate)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Accept the offer" in page

    with delivered():
        response = client.post(
            reverse("talent:offer_accept", args=[application.pk, offer.pk]), follow=True
        )

    assert "You accepted the offer" in response.content.decode()
    offer.refresh_from_db()
    application.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    assert offer.decided_at is not None
    assert application.stage == Application.Stage.HIRED
    hired = application.history.last()
    assert (hired.from_state, hired.to_state, hired.actor) == ("interview", "hired", candidate)
    assert _transitions(offer)[-1] == ("sent", "accepted")
    # The team is told (the drafter in Chinese, the approver in English); the
    # candidate is not e-mailed about what they just did.
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_address) == {recruiter.email, admin.email}
    assert by_address[admin.email].subject == "Offer to Lin Wei: Accepted"
    assert "close the role" in by_address[admin.email].body
    assert by_address[recruiter.email].subject == "给 Lin Wei 的录用意向：已接受"
    assert "关闭该职位" in by_address[recruiter.email].body


def test_after_the_last_opening_is_filled_the_recruiter_is_asked_to_close_the_role(
    client, application, recruiter
):
    offer = SentOfferFactory(application=application, drafted_by=recruiter)
    actions.accept_offer(offer=offer, by=application.profile.user)
    client.force_login(recruiter)

    page = client.get(application.workspace_url()).content.decode()

    assert "Every opening of this role is filled" in page
    close_url = reverse(
        "enterprises:workspace_role_close", args=[application.enterprise.slug, application.role.pk]
    )
    assert close_url in page
    client.post(close_url)
    application.role.refresh_from_db()
    assert application.role.state == Role.State.CLOSED


def test_no_prompt_while_openings_remain(client, application, recruiter):
    application.role.openings = 3
    application.role.save(update_fields=["openings"])
    offer = SentOfferFactory(application=application, drafted_by=recruiter)
    actions.accept_offer(offer=offer, by=application.profile.user)
    client.force_login(recruiter)
    assert (
        "Every opening of this role is filled"
        not in client.get(application.workspace_url()).content.decode()
    )


def test_the_candidate_declines_with_a_reason(
    delivered, client, application, recruiter, mailoutbox
):
    offer = SentOfferFactory(application=application, drafted_by=recruiter)
    client.force_login(application.profile.user)
    url = reverse("talent:offer_decline", args=[application.pk, offer.pk])

    refused = client.post(url, {"reason": ""})
    assert "Tell the enterprise why you decline." in refused.content.decode()
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SENT

    with delivered():
        client.post(url, {"reason": "I accepted another offer."})

    offer.refresh_from_db()
    assert offer.status == Offer.Status.DECLINED
    assert offer.decline_reason == "I accepted another offer."
    assert offer.transitions.last().reason == "I accepted another offer."
    application.refresh_from_db()
    assert application.stage == Application.Stage.INTERVIEW
    [mail] = mailoutbox
    assert mail.to == [recruiter.email]
    assert "候选人已拒绝" in mail.subject
    assert "I accepted another offer." in mail.body


def test_the_candidate_cannot_accept_an_expired_offer(client, application):
    offer = SentOfferFactory(application=application, expires_on=_days(-1))
    client.force_login(application.profile.user)
    response = client.post(
        reverse("talent:offer_accept", args=[application.pk, offer.pk]), follow=True
    )
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SENT
    assert "expired" in response.content.decode()


def test_a_draft_is_invisible_to_the_candidate(client, application):
    offer = OfferFactory(application=application)
    client.force_login(application.profile.user)
    assert "VLM engineer" not in client.get(application.get_absolute_url()).content.decode()
    for name in ("talent:offer_accept", "talent:offer_decline"):
        assert client.post(reverse(name, args=[application.pk, offer.pk])).status_code == 404
    assert (
        client.get(reverse("talent:offer_pdf", args=[application.pk, offer.pk])).status_code == 404
    )


# -- Withdrawal and expiry ----------------------------------------------------------------


def test_withdrawing_a_sent_offer_tells_the_candidate(
    delivered, client, application, recruiter, mailoutbox
):
    offer = SentOfferFactory(application=application, drafted_by=recruiter)
    client.force_login(recruiter)
    with delivered():
        client.post(
            _url("talent:workspace_offer_withdraw", application, offer.pk),
            {"reason": "The team was reorganised."},
        )
    offer.refresh_from_db()
    assert offer.status == Offer.Status.WITHDRAWN
    assert offer.transitions.last().reason == "The team was reorganised."
    [mail] = mailoutbox
    assert mail.to == [application.profile.user.email]
    assert "已撤回" in mail.subject
    assert "The team was reorganised." in mail.body


def test_the_beat_expires_offers_past_their_date_once(
    delivered, application, recruiter, mailoutbox
):
    offer = SentOfferFactory(application=application, drafted_by=recruiter, expires_on=_days(-1))
    still_valid = SentOfferFactory(expires_on=_days(0))

    with delivered():
        assert actions.expire_offers(today=TODAY()) == 1
    assert actions.expire_offers(today=TODAY()) == 0

    offer.refresh_from_db()
    still_valid.refresh_from_db()
    assert offer.status == Offer.Status.EXPIRED
    assert still_valid.status == Offer.Status.SENT
    last = offer.transitions.last()
    assert (last.to_state, last.actor, last.cause) == ("expired", None, "expired")
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(
        [application.profile.user.email, recruiter.email]
    )
    candidate_mail = next(m for m in mailoutbox if m.to == [application.profile.user.email])
    assert "已过期" in candidate_mail.subject


def test_the_expiry_task_runs_the_action():
    from talent.tasks import expire_offers

    offer = SentOfferFactory(expires_on=_days(-2))
    assert expire_offers() == 1
    offer.refresh_from_db()
    assert offer.status == Offer.Status.EXPIRED


# -- The letter ---------------------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_candidate_and_the_members_download_the_letter(client, application, recruiter):
    offer = SentOfferFactory(application=application, letter="Dear Lin Wei, welcome aboard.")
    client.force_login(application.profile.user)
    mine = client.get(reverse("talent:offer_pdf", args=[application.pk, offer.pk]))
    assert mine.status_code == HTTPStatus.OK
    assert mine["Content-Type"] == "application/pdf"
    assert "no-store" in mine["Cache-Control"]
    assert "welcome aboard" in _pdf_text(mine.content)
    client.force_login(recruiter)
    theirs = client.get(offer.workspace_pdf_url())
    assert theirs.status_code == HTTPStatus.OK
    assert "600,000" in _pdf_text(theirs.content)


@pytest.mark.skipif(find_font() is None, reason="no CJK font")
def test_a_chinese_letter_is_drawn_in_chinese(client, application):
    offer = SentOfferFactory(
        application=application, language="zh-hans", letter="林伟您好，欢迎加入。"
    )
    client.force_login(application.profile.user)
    text = _pdf_text(
        client.get(reverse("talent:offer_pdf", args=[application.pk, offer.pk])).content
    )
    assert "欢迎加入" in text
    assert "年薪" in text


# -- Who may: another enterprise's member gets 404 everywhere -----------------------------


def _workspace_urls(application, offer):
    return [
        ("get", _url("talent:workspace_offer_new", application)),
        ("post", _url("talent:workspace_offer_new", application)),
        ("post", _url("talent:workspace_offer_submit", application, offer.pk)),
        ("post", _url("talent:workspace_offer_approve", application, offer.pk)),
        ("post", _url("talent:workspace_offer_withdraw", application, offer.pk)),
        ("get", _url("talent:workspace_offer_pdf", application, offer.pk)),
        ("post", _url("talent:workspace_application_message", application)),
    ]


def test_another_enterprises_member_gets_404_on_every_offer_url(client, application):
    offer = AwaitingApprovalOfferFactory(application=application)
    intruder = MembershipFactory().user  # an admin, of another enterprise
    client.force_login(intruder)
    for method, url in _workspace_urls(application, offer):
        response = getattr(client, method)(url, _offer_data() if method == "post" else None)
        assert response.status_code == HTTPStatus.NOT_FOUND, url
    # Nor through their own enterprise's slug.
    own = intruder.enterprise_memberships.get().enterprise
    url = reverse("talent:workspace_offer_approve", args=[own.slug, application.pk, offer.pk])
    assert client.post(url).status_code == HTTPStatus.NOT_FOUND
    offer.refresh_from_db()
    assert offer.status == Offer.Status.AWAITING_APPROVAL
    assert not application.messages.exists()


def test_another_professional_gets_404_on_someone_elses_offer(client, application):
    offer = SentOfferFactory(application=application)
    client.force_login(ApplyingProfileFactory().user)
    for name in ("talent:offer_accept", "talent:offer_decline"):
        url = reverse(name, args=[application.pk, offer.pk])
        assert client.post(url, {"reason": "x"}).status_code == HTTPStatus.NOT_FOUND
    pdf = reverse("talent:offer_pdf", args=[application.pk, offer.pk])
    assert client.get(pdf).status_code == HTTPStatus.NOT_FOUND
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SENT


def test_a_member_cannot_accept_for_the_candidate(application, recruiter):
    offer = SentOfferFactory(application=application)
    with pytest.raises(PermissionDenied):
        actions.accept_offer(offer=offer, by=recruiter)


# -- The applicant page stays cheap --------------------------------------------------------


def _page_queries(client, application, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(application.workspace_url()).status_code == HTTPStatus.OK
    return len(queries)


def test_applicant_page_queries_do_not_grow_with_offers_and_messages(
    client, application, recruiter, django_assert_max_num_queries
):
    client.force_login(recruiter)
    OfferFactory(application=application, status="withdrawn", drafted_by=recruiter)
    actions.send_message(application=application, by=recruiter, body="Hello")
    few = _page_queries(client, application, django_assert_max_num_queries)
    for _index in range(5):
        OfferFactory(application=application, status="declined", drafted_by=recruiter)
        actions.send_message(application=application, by=recruiter, body="Hello again")
        actions.send_message(application=application, by=application.profile.user, body="Hi")
    SentOfferFactory(application=application, drafted_by=recruiter)
    many = _page_queries(client, application, django_assert_max_num_queries)
    assert many == few


def test_my_application_page_queries_do_not_grow_with_offers_and_messages(
    client, application, recruiter
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(application.profile.user)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(application.get_absolute_url()).status_code == HTTPStatus.OK
        return len(queries)

    SentOfferFactory(application=application, status="declined")
    actions.send_message(application=application, by=recruiter, body="Hello")
    few = count()
    for _index in range(5):
        SentOfferFactory(application=application, status="expired")
        actions.send_message(application=application, by=recruiter, body="Hello again")
    assert count() == few


def test_the_offers_salary_is_grouped_in_thousands_on_both_sides_in_chinese(
    client, application, recruiter
):
    offer = SentOfferFactory(application=application, annual_salary=650_000)
    theirs, mine = application.workspace_url(), application.get_absolute_url()
    client.force_login(recruiter)
    workspace = client.get(f"/zh-hans{theirs}").content.decode()
    assert "650,000" in workspace and "650000" not in workspace
    client.force_login(application.profile.user)
    mine = client.get(f"/zh-hans{mine}").content.decode()
    assert "650,000" in mine and "650000" not in mine
    assert offer.pk


# -- Changing a draft -----------------------------------------------------------------------


def test_a_draft_is_changed_from_its_own_page_and_nobody_is_told(
    client, application, recruiter, mailoutbox
):
    offer = OfferFactory(application=application, annual_salary=600_000)
    edit = _url("talent:workspace_offer_edit", application, offer.pk)
    client.force_login(recruiter)
    page = client.get(f"/zh-hans{application.workspace_url()}").content.decode()
    assert f'href="/zh-hans{edit}">修改草稿</a>' in page
    form = client.get(edit).content.decode()
    assert 'value="600000"' in form

    response = client.post(
        edit, _offer_data(annual_salary="62万", letter="亲爱的林伟：更新后的信。")
    )

    assert response.status_code == HTTPStatus.FOUND
    offer.refresh_from_db()
    assert (offer.annual_salary, offer.letter) == (620_000, "亲爱的林伟：更新后的信。")
    assert offer.status == Offer.Status.DRAFT
    assert mailoutbox == []


def test_a_submitted_or_sent_offer_is_not_changed(client, application, recruiter, admin):
    offer = SentOfferFactory(application=application, annual_salary=600_000)
    client.force_login(recruiter)
    edit = _url("talent:workspace_offer_edit", application, offer.pk)
    response = client.post(edit, _offer_data(annual_salary="1"), follow=True)
    assert "Only a draft can be changed" in response.content.decode()
    with pytest.raises(ValidationError, match="Only a draft can be changed"):
        actions.change_draft_offer(offer=offer, by=admin, **_terms(annual_salary=1))
    offer.refresh_from_db()
    assert offer.annual_salary == 600_000


def test_another_enterprises_member_cannot_change_a_draft(client, application):
    offer = OfferFactory(application=application)
    outsider = RecruiterMembershipFactory().user
    client.force_login(outsider)
    response = client.post(
        _url("talent:workspace_offer_edit", application, offer.pk), _offer_data()
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
    with pytest.raises(PermissionDenied):
        actions.change_draft_offer(offer=offer, by=outsider, **_terms())
    offer.refresh_from_db()
    assert offer.position == "VLM engineer"


def test_a_bad_change_saves_nothing(client, application, recruiter):
    offer = OfferFactory(application=application)
    client.force_login(recruiter)
    edit = _url("talent:workspace_offer_edit", application, offer.pk)
    response = client.post(edit, _offer_data(expires_on=_days(-1).isoformat(), position="New"))
    assert response.status_code == HTTPStatus.OK
    assert "The offer cannot expire before today." in response.content.decode()
    offer.refresh_from_db()
    assert offer.position == "VLM engineer"


def _terms(**overrides):
    terms = {
        "position": "VLM Researcher",
        "annual_salary": 650_000,
        "start_date": _days(30),
        "expires_on": _days(10),
        "letter": "Dear Lin Wei.",
    }
    terms.update(overrides)
    return terms
