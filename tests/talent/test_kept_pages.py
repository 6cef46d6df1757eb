"""The board and the interviews page kept whole per reader (westbund/core/kept.py).

These tests commit (``transaction=True``): a page is kept only outside a transaction,
and the frame's versions move when a transaction commits, as in production.
"""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib import messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from enterprises.models import Membership
from talent import actions
from talent.models import Application, Interview
from tests.enterprises.factories import (
    EnterpriseFactory,
    PublishedRoleFactory,
    RecruiterMembershipFactory,
)
from tests.factories import InterviewFactory, ScorecardFactory
from tests.notifications.factories import NotificationFactory
from tests.services.conftest import points_tables  # noqa: F401 -- a fixture

from .factories import ApplicationFactory, ApplyingProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def application():
    return ApplicationFactory(
        profile=ApplyingProfileFactory(full_name="Lin Wei", name_zh="林伟"),
        role=PublishedRoleFactory(title_en="VLM Researcher", title_zh="视觉语言模型研究员"),
    )


@pytest.fixture
def enterprise(application):
    return application.enterprise


@pytest.fixture
def recruiter(enterprise):
    return RecruiterMembershipFactory(enterprise=enterprise).user


@pytest.fixture
def browser(recruiter):
    browser = Client()
    browser.force_login(recruiter)
    return browser


def _url(name, enterprise, language="en"):
    with translation.override(language):
        return reverse(name, args=[enterprise.slug])


def _board(enterprise, language="en"):
    return _url("talent:workspace_board", enterprise, language)


def _interviews(enterprise, language="en"):
    return _url("talent:workspace_interviews", enterprise, language)


def _list(enterprise, language="en"):
    return _url("talent:workspace_applicants", enterprise, language)


def _pool(enterprise, language="en"):
    return _url("talent:workspace_pool", enterprise, language)


def _queries(browser, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(url)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode(), len(queries)


@pytest.mark.parametrize("page", [_board, _interviews, _list, _pool])
def test_a_kept_page_is_served_from_the_cache_with_fewer_queries(browser, enterprise, page):
    url = page(enterprise)
    first, rendered = _queries(browser, url)
    second, kept = _queries(browser, url)
    # Session, user and membership: the access checks run on every request.
    assert kept <= 3 < rendered
    # The same page but for the CSRF token, which is the request's own.
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", first) == strip.sub("", second)


def test_the_kept_pages_are_kept_per_language(browser, enterprise):
    browser.get(_board(enterprise))
    chinese = browser.get(_board(enterprise, "zh-hans")).content.decode()
    assert "视觉语言模型研究员" in chinese
    assert "VLM Researcher" in browser.get(_board(enterprise)).content.decode()


def _csrf(body: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)


def test_a_move_posted_from_the_kept_board_passes_the_csrf_check(recruiter, application):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(recruiter)
    board = _board(application.enterprise)
    browser.get(board)  # rendered and kept
    tokens = _csrf(browser.get(board).content.decode())  # from the cache
    assert tokens and not any("__" in token for token in tokens)
    response = browser.post(
        reverse(
            "talent:workspace_application_move",
            args=[application.enterprise.slug, application.pk],
        ),
        {"csrfmiddlewaretoken": tokens[-1], "to_stage": "screening", "next": board},
    )
    assert response.status_code == HTTPStatus.FOUND
    application.refresh_from_db()
    assert application.stage == Application.Stage.SCREENING


def test_each_member_is_served_their_own_page(browser, recruiter, enterprise):
    """Two members of one enterprise: the second never gets the first one's page (their
    navbars differ: the second also belongs to another enterprise)."""
    browser.get(_board(enterprise))
    colleague = RecruiterMembershipFactory(enterprise=enterprise).user
    RecruiterMembershipFactory(user=colleague, enterprise=EnterpriseFactory(name_en="Zeta AI"))
    other = Client()
    other.force_login(colleague)
    assert "Zeta AI" in other.get(_board(enterprise)).content.decode()
    assert "Zeta AI" not in browser.get(_board(enterprise)).content.decode()


def test_the_move_message_is_shown_on_the_board_it_redirects_to(browser, application):
    board = _board(application.enterprise)
    browser.get(board)  # kept without a message
    response = browser.post(
        reverse(
            "talent:workspace_application_move",
            args=[application.enterprise.slug, application.pk],
        ),
        {"to_stage": "screening", "next": board},
        follow=True,
    )
    shown = [message.message for message in messages.get_messages(response.wsgi_request)]
    body = response.content.decode()
    assert 'role="alert"' in body or any(text in body for text in shown)
    # The page with the message was not kept: the next one has none.
    assert 'role="alert"' not in browser.get(board).content.decode()


def _frame_changes(recruiter, enterprise):
    def notified():
        NotificationFactory(recipient=recruiter)

    def joined_another():
        RecruiterMembershipFactory(user=recruiter, enterprise=EnterpriseFactory(name_en="Zeta AI"))

    def enterprise_renamed():
        enterprise.name_en = "Aurora Renamed"
        enterprise.save()

    def made_admin():
        Membership.objects.filter(user=recruiter, enterprise=enterprise).update(
            role=Membership.Role.ADMIN
        )

    return {
        "a new notification": (
            notified,
            lambda body: '1<span class="visually-hidden"> unread' in body,
        ),
        "another workspace": (joined_another, lambda body: "Zeta AI" in body),
        "the enterprise renamed": (enterprise_renamed, lambda body: "Aurora Renamed" in body),
        "made an admin": (made_admin, lambda body: ">Admin</p>" in body),
    }


@pytest.mark.parametrize(
    "change",
    ["a new notification", "another workspace", "the enterprise renamed", "made an admin"],
)
@pytest.mark.parametrize("page", [_board, _interviews, _list, _pool])
def test_the_frame_of_a_kept_page_follows_every_change(
    browser, recruiter, enterprise, page, change
):
    make_change, shows = _frame_changes(recruiter, enterprise)[change]
    url = page(enterprise)
    assert not shows(browser.get(url).content.decode())
    assert not shows(browser.get(url).content.decode())

    make_change()

    assert shows(browser.get(url).content.decode())


def _interview_changes(application, recruiter):
    def scheduled():
        InterviewFactory(application=application, interviewers=[recruiter])

    def cancelled(interview):
        actions.cancel_interview(interview=interview, by=recruiter, reason="Moved on")

    def interviewer_added(interview):
        colleague = RecruiterMembershipFactory(
            enterprise=application.enterprise, user__display_name="Second Reader"
        ).user
        interview.interviewers.add(colleague)

    def scorecard(interview):
        ScorecardFactory(interview=interview, interviewer=recruiter)

    def candidate_renamed(interview):
        application.profile.full_name = "Lin Wei-Renamed"
        application.profile.save()

    return {
        "scheduled": (None, scheduled, lambda body: "Lin Wei" in body),
        "cancelled": ("upcoming", cancelled, lambda body: "No upcoming interviews." in body),
        "interviewer added": ("upcoming", interviewer_added, lambda body: "Second Reader" in body),
        "scorecard": ("upcoming", scorecard, lambda body: "1 of 1 scorecards" in body),
        "candidate renamed": (
            "upcoming",
            candidate_renamed,
            lambda body: "Lin Wei-Renamed" in body,
        ),
    }


@pytest.mark.parametrize(
    "change", ["scheduled", "cancelled", "interviewer added", "scorecard", "candidate renamed"]
)
def test_the_kept_interviews_page_follows_every_change(browser, recruiter, application, change):
    existing, make_change, shows = _interview_changes(application, recruiter)[change]
    interview = None
    if existing == "upcoming":
        interview = InterviewFactory(application=application, interviewers=[recruiter])
    url = _interviews(application.enterprise)
    assert not shows(browser.get(url).content.decode())
    assert not shows(browser.get(url).content.decode())

    make_change(*([interview] if interview else []))

    assert shows(browser.get(url).content.decode())


def test_another_enterprise_never_gets_a_kept_page(browser, enterprise):
    browser.get(_board(enterprise))
    browser.get(_interviews(enterprise))
    intruder = Client()
    intruder.force_login(RecruiterMembershipFactory(enterprise=EnterpriseFactory()).user)
    assert intruder.get(_board(enterprise)).status_code == HTTPStatus.NOT_FOUND
    assert intruder.get(_interviews(enterprise)).status_code == HTTPStatus.NOT_FOUND


def test_a_member_removed_gets_a_404_not_the_kept_page(browser, recruiter, enterprise):
    browser.get(_board(enterprise))
    Membership.objects.filter(user=recruiter, enterprise=enterprise).delete()
    assert browser.get(_board(enterprise)).status_code == HTTPStatus.NOT_FOUND


def test_kept_interviews_of_an_enterprise_are_its_own(browser, recruiter, application):
    InterviewFactory(application=application, interviewers=[recruiter])
    assert Interview.objects.count() == 1
    other_application = ApplicationFactory(profile=ApplyingProfileFactory(full_name="Other Person"))
    InterviewFactory(application=other_application)
    body = browser.get(_interviews(application.enterprise)).content.decode()
    assert "Lin Wei" in body and "Other Person" not in body


def test_a_new_message_template_is_offered_at_once_on_the_kept_list(browser, enterprise):
    from tests.factories import MessageTemplateFactory

    assert "Invitation to talk" not in browser.get(_list(enterprise)).content.decode()
    assert "Invitation to talk" not in browser.get(_list(enterprise)).content.decode()
    MessageTemplateFactory(enterprise=enterprise, name="Invitation to talk")
    assert "Invitation to talk" in browser.get(_list(enterprise)).content.decode()


def test_a_move_on_the_list_shows_at_once(browser, recruiter, application):
    url = _list(application.enterprise)
    browser.get(url)
    actions.move_application(
        application=application, to_stage=Application.Stage.SCREENING, by=recruiter
    )
    body = browser.get(url).content.decode()
    row = body[body.find(f'id="select-{application.pk}"') :]
    assert "Screening" in row[: row.find("</tr>")]


# -- The talent pool: consent and verification are read "at once" (in_talent_pool) ----------


def _pool_changes(enterprise, recruiter, profile):
    from talent.models import CVDocument, TalentProfile
    from westbund.privacy import actions as privacy_actions
    from westbund.privacy.models import ConsentKind

    def consent_withdrawn():
        privacy_actions.withdraw_consent(user=profile.user, kind=ConsentKind.TALENT_POOL)

    def deactivated():
        profile.user.is_active = False
        profile.user.save()

    def account_deleted():
        privacy_actions.delete_account(user=profile.user)

    def sent_back_to_draft():
        profile.review_state = TalentProfile.ReviewState.DRAFT
        profile.save()

    def recommended():
        from .factories import OfficerFactory

        actions.recommend_profile(
            profile=profile, enterprise=enterprise, note="Led a 70B run.", by=OfficerFactory()
        )

    def invited():
        role = PublishedRoleFactory(enterprise=enterprise, title_en="Pre-training engineer")
        actions.invite_to_apply(enterprise=enterprise, profile=profile, role=role, by=recruiter)

    def cv_text_extracted():
        CVDocument.objects.filter(pk=profile.current_cv_id).update(
            text="Mixture-of-experts routing at scale"
        )
        TalentProfile.objects.filter(pk=profile.pk).update_search_vector()

    def gone(body):
        return "Pool Person" not in body

    return {
        "consent withdrawn": (consent_withdrawn, gone),
        "account deactivated": (deactivated, gone),
        "account deleted": (account_deleted, gone),
        "sent back to draft": (sent_back_to_draft, gone),
        "recommended": (recommended, lambda body: "Led a 70B run." in body),
        "invited": (invited, lambda body: "Invited to Pre-training engineer" in body),
        "CV text extracted": (cv_text_extracted, lambda body: "Pool Person" in body),
    }


@pytest.mark.parametrize(
    "change",
    [
        "consent withdrawn",
        "account deactivated",
        "account deleted",
        "sent back to draft",
        "recommended",
        "invited",
        "CV text extracted",
    ],
)
def test_the_kept_pool_follows_every_change_at_once(browser, recruiter, enterprise, change):
    from .test_pool import pool_member

    profile = pool_member(full_name="Pool Person")
    make_change, shows = _pool_changes(enterprise, recruiter, profile)[change]
    url = _pool(enterprise)
    if change == "CV text extracted":
        url += "?q=routing"
    assert not shows(browser.get(url).content.decode())  # rendered and kept
    assert not shows(browser.get(url).content.decode())  # from the cache

    make_change()

    assert shows(browser.get(url).content.decode())


# -- A professional's own pages ---------------------------------------------------------------


def _me(language="en"):
    with translation.override(language):
        return reverse("talent:me")


def _my_applications(language="en"):
    with translation.override(language):
        return reverse("talent:applications")


@pytest.fixture
def candidate(application):
    browser = Client()
    browser.force_login(application.profile.user)
    return browser


@pytest.mark.parametrize("page", [_me, _my_applications])
def test_an_own_page_is_kept_with_fewer_queries(candidate, page):
    first, rendered = _queries(candidate, page())
    second, kept = _queries(candidate, page())
    # Session and user: nothing else is read for a kept page.
    assert kept <= 2 < rendered
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", first) == strip.sub("", second)


def _own_changes(application, recruiter):
    from .factories import OfficerFactory

    profile = application.profile

    def with_officer():
        profile.assigned_officer = OfficerFactory(display_name="Officer Before")
        profile.save()

    def profile_edited():
        profile.full_name = "Lin Wei-Renamed"
        profile.save()

    def moved():
        actions.move_application(
            application=application, to_stage=Application.Stage.SCREENING, by=recruiter
        )

    def role_renamed():
        application.role.title_en = "Renamed Researcher"
        application.role.save()

    def officer_renamed():
        officer = profile.assigned_officer
        officer.display_name = "Officer Renamed"
        officer.save()

    def email_language_changed():
        user = profile.user
        user.preferred_language = "zh-hans"
        user.save()

    def notified():
        NotificationFactory(recipient=profile.user)

    def account_part(body):
        return body.split("E-mail address")[-1]

    return {
        "profile edited": (None, _me, profile_edited, lambda b: "Lin Wei-Renamed" in b),
        "moved": (None, _my_applications, moved, lambda b: "Screening" in b),
        "role renamed": (None, _my_applications, role_renamed, lambda b: "Renamed Researcher" in b),
        "officer renamed": (with_officer, _me, officer_renamed, lambda b: "Officer Renamed" in b),
        "e-mail language": (
            None,
            _me,
            email_language_changed,
            lambda b: "简体中文" in account_part(b) or "Chinese" in account_part(b),
        ),
        "notified": (
            None,
            _me,
            notified,
            lambda b: '1<span class="visually-hidden"> unread' in b,
        ),
    }


@pytest.mark.parametrize(
    "change",
    ["profile edited", "moved", "role renamed", "officer renamed", "e-mail language", "notified"],
)
def test_the_kept_own_pages_follow_every_change(candidate, application, recruiter, change):
    prepare, page, make_change, shows = _own_changes(application, recruiter)[change]
    if prepare:
        prepare()
    url = page()
    assert not shows(candidate.get(url).content.decode())
    assert not shows(candidate.get(url).content.decode())

    make_change()

    assert shows(candidate.get(url).content.decode())


def test_another_person_never_gets_someone_elses_own_page(candidate, application):
    candidate.get(_me())
    other = ApplicationFactory(profile=ApplyingProfileFactory(full_name="Someone Else"))
    browser = Client()
    browser.force_login(other.profile.user)
    body = browser.get(_me()).content.decode()
    assert "Someone Else" in body and "Lin Wei" not in body


# -- The officers' analytics ----------------------------------------------------------------

ANALYTICS = "/admin/analytics/"


@pytest.fixture
def officer_browser(sign_in_officer):
    from tests.factories import OfficerFactory

    officer = OfficerFactory()
    return sign_in_officer(Client(), officer), officer


def _backlog(body: str) -> str:
    start = body.index("Profiles waiting for review")
    return body[start : body.index("</tr>", start)]


def test_the_kept_analytics_page_is_served_with_fewer_queries(officer_browser):
    browser, _officer = officer_browser
    first, rendered = _queries(browser, ANALYTICS)
    second, kept = _queries(browser, ANALYTICS)
    # The access checks (session, user, two-factor, permissions) run every time.
    assert kept < rendered
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", first) == strip.sub("", second)


def test_the_kept_analytics_page_follows_the_backlog_and_the_rebuild(officer_browser):
    from talent import analytics

    from .factories import SubmittedProfileFactory, VerifiedProfileFactory

    browser, _officer = officer_browser
    assert "<td>0" in _backlog(browser.get(ANALYTICS).content.decode())
    assert "<td>0" in _backlog(browser.get(ANALYTICS).content.decode())

    SubmittedProfileFactory()
    assert "<td>1" in _backlog(browser.get(ANALYTICS).content.decode())

    def verified(body):
        start = body.index("Profiles verified in the period")
        return body[start : body.index("</tr>", start)]

    analytics.rebuild()
    before = verified(browser.get(ANALYTICS).content.decode())
    assert verified(browser.get(ANALYTICS).content.decode()) == before
    now = timezone.now()
    VerifiedProfileFactory(submitted_at=now - timedelta(days=3), decided_at=now)
    analytics.rebuild()
    assert verified(browser.get(ANALYTICS).content.decode()) != before


def test_an_officer_who_lost_the_area_is_refused_though_the_page_was_kept(officer_browser):
    from django.contrib.auth.models import Group, Permission

    browser, _officer = officer_browser
    assert browser.get(ANALYTICS).status_code == HTTPStatus.OK
    Group.objects.get(name="Talent officer").permissions.remove(
        Permission.objects.get(codename="view_applicationmonth")
    )
    assert browser.get(ANALYTICS).status_code == HTTPStatus.FORBIDDEN


def test_staff_without_the_area_never_gets_an_officers_kept_page(officer_browser, sign_in_officer):
    from tests.factories import StaffUserFactory

    browser, _officer = officer_browser
    browser.get(ANALYTICS)
    other = sign_in_officer(Client(), StaffUserFactory())
    assert other.get(ANALYTICS).status_code == HTTPStatus.FORBIDDEN


# -- The officers' changelists ----------------------------------------------------------------

PROFILES = "/admin/talent/talentprofile/"
APPLICATIONS = "/admin/talent/application/"


@pytest.mark.parametrize("url", [PROFILES, APPLICATIONS])
def test_a_kept_changelist_is_served_with_fewer_queries(officer_browser, application, url):
    browser, _officer = officer_browser
    first, rendered = _queries(browser, url)
    second, kept = _queries(browser, url)
    assert kept < rendered
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", first) == strip.sub("", second)


def test_the_kept_review_queue_follows_profiles_and_officers(officer_browser):
    from .factories import SubmittedProfileFactory

    browser, officer = officer_browser
    assert "Queued Person" not in browser.get(PROFILES).content.decode()
    assert "Queued Person" not in browser.get(PROFILES).content.decode()
    profile = SubmittedProfileFactory(full_name="Queued Person")
    assert "Queued Person" in browser.get(PROFILES).content.decode()

    profile.assigned_officer = officer
    profile.save()
    browser.get(PROFILES)
    officer.display_name = "Officer Renamed"
    officer.save()
    assert "Officer Renamed" in browser.get(PROFILES).content.decode()


def test_the_kept_applications_changelist_follows_every_enterprise(
    officer_browser, application, recruiter
):
    browser, _officer = officer_browser
    url = APPLICATIONS + "?stage__exact=screening"
    assert "Lin Wei" not in browser.get(url).content.decode()
    assert "Lin Wei" not in browser.get(url).content.decode()
    actions.move_application(
        application=application, to_stage=Application.Stage.SCREENING, by=recruiter
    )
    assert "Lin Wei" in browser.get(url).content.decode()


def test_an_officer_who_lost_the_view_permission_gets_no_kept_changelist(officer_browser):
    from django.contrib.auth.models import Group, Permission

    browser, _officer = officer_browser
    assert browser.get(PROFILES).status_code == HTTPStatus.OK
    group = Group.objects.get(name="Talent officer")
    group.permissions.remove(
        *Permission.objects.filter(
            codename__in=["view_talentprofile", "change_talentprofile", "review_talentprofile"]
        )
    )
    assert browser.get(PROFILES).status_code == HTTPStatus.FORBIDDEN


# -- The work-permit self-check of a signed-in professional ----------------------------------


def test_the_kept_self_check_follows_the_service_package(candidate, points_tables):  # noqa: F811
    from services.models import Policy
    from tests.services.factories import PolicyFactory

    url = "/services/work-permit/"
    _first, rendered = _queries(candidate, url)
    second, kept = _queries(candidate, url)
    assert kept <= 2 < rendered
    assert "Fast-track permits" not in second

    PolicyFactory(category=Policy.Category.WORK_PERMIT, title_en="Fast-track permits")
    assert "Fast-track permits" in candidate.get(url).content.decode()


def test_kept_pages_can_be_turned_off(browser, enterprise, settings):
    settings.KEPT_PAGES = False
    browser.get(_board(enterprise))  # the frame's pieces and the columns are kept
    _second, rendered = _queries(browser, _board(enterprise))
    _third, again = _queries(browser, _board(enterprise))
    # Rendered each time: more than the three queries of a kept page.
    assert again == rendered > 3


def test_a_made_up_long_query_is_served_but_not_kept(browser, enterprise):
    url = _board(enterprise) + "?q=" + "x" * 600
    browser.get(url)
    _first, rendered = _queries(browser, url)
    _second, again = _queries(browser, url)
    assert again == rendered > 3
