"""Nobody sees an application, its profile or CV unless it is theirs: each rule is
tried by an anonymous visitor, another professional and another enterprise's member."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from talent.models import Application, ApplicationNote
from tests.enterprises.factories import RecruiterMembershipFactory
from tests.factories import UserFactory

from .factories import ApplicationFactory, ApplyingProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application():
    return ApplicationFactory()


def _professional():
    return ApplyingProfileFactory().user


def _other_enterprise_member():
    return RecruiterMembershipFactory().user


def _plain_user():
    return UserFactory()


INTRUDERS = {
    "anonymous": None,
    "professional": _professional,
    "other_enterprise": _other_enterprise_member,
    "plain_user": _plain_user,
}

PAGES = {
    "cv": lambda a: reverse("talent:cv_download", args=[a.cv_id]),
    "my_application": lambda a: reverse("talent:application", args=[a.pk]),
    "workspace_list": lambda a: reverse("talent:workspace_applicants", args=[a.enterprise.slug]),
    "workspace_role_list": lambda a: reverse(
        "talent:workspace_role_applicants", args=[a.enterprise.slug, a.role_id]
    ),
    "workspace_application": lambda a: reverse(
        "talent:workspace_application", args=[a.enterprise.slug, a.pk]
    ),
    "workspace_csv": lambda a: reverse(
        "talent:workspace_role_applicants_csv", args=[a.enterprise.slug, a.role_id]
    ),
}


def _sign_in(client, intruder):
    if intruder is not None:
        client.force_login(intruder())


@pytest.mark.parametrize("intruder", INTRUDERS.values(), ids=INTRUDERS.keys())
@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_intruders_get_404_or_sign_in(client, application, intruder, page):
    _sign_in(client, intruder)
    response = client.get(page(application))
    if intruder is None:
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == HTTPStatus.NOT_FOUND
    assert application.profile.full_name not in response.content.decode()


def _with_own_enterprise_slug(user, application, name, **extra):
    """The intruder's own enterprise in the URL, someone else's application in it."""
    slug = user.enterprise_memberships.get().enterprise.slug
    return reverse(name, kwargs={"enterprise_slug": slug, **extra})


@pytest.mark.parametrize(
    "name",
    ["talent:workspace_application"],
)
def test_other_enterprise_cannot_reach_an_application_through_its_own_slug(
    client, application, name
):
    intruder = _other_enterprise_member()
    client.force_login(intruder)
    url = _with_own_enterprise_slug(intruder, application, name, pk=application.pk)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    "name",
    ["talent:workspace_role_applicants", "talent:workspace_role_applicants_csv"],
)
def test_other_enterprise_cannot_list_another_roles_applicants_through_its_own_slug(
    client, application, name
):
    intruder = _other_enterprise_member()
    client.force_login(intruder)
    url = _with_own_enterprise_slug(intruder, application, name, role_pk=application.role_id)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


POSTS = {
    "move": ("talent:workspace_application_move", {"to_stage": "hired"}),
    "note": ("talent:workspace_application_note", {"body": "pwned"}),
}


@pytest.mark.parametrize("intruder", INTRUDERS.values(), ids=INTRUDERS.keys())
@pytest.mark.parametrize("action", POSTS.values(), ids=POSTS.keys())
def test_intruders_cannot_move_or_annotate(client, application, intruder, action):
    name, data = action
    _sign_in(client, intruder)
    client.post(reverse(name, args=[application.enterprise.slug, application.pk]), data)
    if intruder is not None and intruder is _other_enterprise_member:
        user = _other_enterprise_member()
        client.force_login(user)
        client.post(_with_own_enterprise_slug(user, application, name, pk=application.pk), data)
    application.refresh_from_db()
    assert application.stage == Application.Stage.NEW
    assert not ApplicationNote.objects.exists()


@pytest.mark.parametrize("intruder", INTRUDERS.values(), ids=INTRUDERS.keys())
def test_intruders_cannot_withdraw(client, application, intruder):
    _sign_in(client, intruder)
    client.post(reverse("talent:application_withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert application.stage == Application.Stage.NEW


def test_applicants_own_pages_work(client, application):
    client.force_login(application.profile.user)
    for name in ("cv", "my_application"):
        assert client.get(PAGES[name](application)).status_code == HTTPStatus.OK


def test_member_of_the_enterprise_reaches_every_workspace_page(client, application):
    client.force_login(RecruiterMembershipFactory(enterprise=application.enterprise).user)
    for name, page in PAGES.items():
        if name == "my_application":
            continue
        assert client.get(page(application)).status_code == HTTPStatus.OK, name


def test_enterprise_member_who_is_also_a_professional_sees_only_own_applications(client):
    application = ApplicationFactory()
    member = RecruiterMembershipFactory(enterprise=application.enterprise).user
    client.force_login(member)
    assert client.get(reverse("talent:application", args=[application.pk])).status_code == 404
    assert list(Application.objects.for_user(member)) == []


def test_officer_reads_applications_and_notes_in_the_admin(client, application, sign_in_officer):
    from talent import actions
    from tests.factories import OfficerFactory

    recruiter = RecruiterMembershipFactory(enterprise=application.enterprise).user
    actions.add_note(application=application, by=recruiter, body="Internal view")
    sign_in_officer(client, OfficerFactory())
    response = client.get(reverse("admin:talent_application_change", args=[application.pk]))
    assert response.status_code == HTTPStatus.OK
    assert "Internal view" in response.content.decode()
