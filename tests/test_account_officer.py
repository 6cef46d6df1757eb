"""The hub's account officer of an enterprise and the assigned officer of a professional:
set by officers in the admin, shown with how to reach them in the workspace and in
/me/, and the officer's own enterprises and people on the admin home."""

from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from enterprises import actions as enterprise_actions
from tests.enterprises.factories import EnterpriseFactory, MembershipFactory
from tests.factories import EligibleApartmentApplicationFactory, OfficerFactory, UserFactory
from tests.services.factories import TalentOfficerFactory
from tests.talent.factories import VerifiedProfileFactory

pytestmark = pytest.mark.django_db


def test_officer_sets_the_account_officer_in_the_admin(client, sign_in_officer):
    officer = OfficerFactory()
    enterprise = EnterpriseFactory()
    sign_in_officer(client, officer)
    page = client.get(f"/admin/enterprises/enterprise/{enterprise.pk}/change/")
    assert page.status_code == HTTPStatus.OK
    assert 'name="account_officer"' in page.content.decode()
    enterprise_actions.update_enterprise(
        enterprise=enterprise, by=officer, changes={"account_officer": officer}
    )
    enterprise.refresh_from_db()
    assert enterprise.account_officer == officer


def test_the_account_officer_must_be_an_officer():
    officer = OfficerFactory()
    enterprise = EnterpriseFactory()
    with pytest.raises(ValidationError):
        enterprise_actions.update_enterprise(
            enterprise=enterprise, by=officer, changes={"account_officer": UserFactory()}
        )


def test_an_enterprise_cannot_choose_its_own_account_officer():
    membership = MembershipFactory()
    with pytest.raises(PermissionDenied):
        enterprise_actions.update_enterprise(
            enterprise=membership.enterprise,
            by=membership.user,
            changes={"account_officer": OfficerFactory()},
        )


def test_workspace_shows_the_account_officer_and_how_to_reach_them(client):
    officer = OfficerFactory(email="wang.fang@westbund.example")
    TalentOfficerFactory(
        user=officer,
        name_en="Wang Fang",
        name_zh="王芳",
        phone="+86 21 6400 0000",
        email="wang.fang@westbund.example",
    )
    membership = MembershipFactory(enterprise=EnterpriseFactory(account_officer=officer))
    client.force_login(membership.user)
    page = client.get(f"/workspace/{membership.enterprise.slug}/").content.decode()
    assert "Your account officer at the hub" in page
    assert "Wang Fang" in page
    assert "mailto:wang.fang@westbund.example" in page
    assert "+86 21 6400 0000" in page
    chinese = client.get(f"/zh-hans/workspace/{membership.enterprise.slug}/").content.decode()
    assert "王芳" in chinese
    assert "您在人才港的对接专员" in chinese


def test_me_shows_the_assigned_officer_and_the_employers_account_officer(client):
    assigned = OfficerFactory(email="li.na@westbund.example")
    account = OfficerFactory(email="zhao.lei@westbund.example")
    TalentOfficerFactory(user=account, name_en="Zhao Lei")
    application = EligibleApartmentApplicationFactory(
        employer=EnterpriseFactory(account_officer=account)
    )
    profile = application.applicant.talent_profile
    profile.assigned_officer = assigned
    profile.save()
    client.force_login(application.applicant)
    page = client.get("/me/").content.decode()
    assert "Your talent officer" in page
    assert "mailto:li.na@westbund.example" in page
    assert "Account officer of" in page
    assert "Zhao Lei" in page


def test_me_without_officers_says_so(client):
    profile = VerifiedProfileFactory()
    client.force_login(profile.user)
    assert "No talent officer is assigned to you yet." in client.get("/me/").content.decode()


def test_admin_home_lists_the_officers_enterprises_and_people(client, sign_in_officer):
    officer = OfficerFactory()
    EnterpriseFactory(name_en="Aurora Models", account_officer=officer)
    EnterpriseFactory(name_en="Someone Else's")
    VerifiedProfileFactory(full_name="Lin Wei", assigned_officer=officer)
    sign_in_officer(client, officer)
    page = client.get("/admin/").content.decode()
    assert "Your enterprises (account officer)" in page
    assert "Aurora Models" in page
    assert "Someone Else's" not in page
    assert "Lin Wei" in page
    assert f"?account_officer__id__exact={officer.pk}" in page
