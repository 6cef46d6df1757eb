"""Talent apartments: the public page, applying (and bad input), eligibility, offers,
the waiting list, answers before the deadline, the expiry sweep, and who may do what."""

from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from services import actions
from services.models import ApartmentApplication, ApartmentApplicationHistory, ApartmentUnit
from services.tasks import expire_apartment_offers
from tests.enterprises.factories import EnterpriseFactory
from tests.factories import (
    ApartmentApplicationFactory,
    ApartmentUnitFactory,
    EligibleApartmentApplicationFactory,
    OfficerFactory,
)
from tests.talent.factories import SubmittedProfileFactory, VerifiedProfileFactory
from westbund.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db

PAGE = "/services/housing/apartments/"
APPLY = "/services/housing/apartments/apply/"


@pytest.fixture
def officer():
    return OfficerFactory()


def _form(company, **overrides):
    return {
        "household_size": 2,
        "move_in_date": (date.today() + timedelta(days=20)).isoformat(),
        "budget": 5000,
        "employer": company.pk,
        "current_housing": "A rental in Jing'an until March.",
        **overrides,
    }


# -- The public page ---------------------------------------------------------------------
def test_public_page_shows_units_free_count_and_the_rule(client):
    free = ApartmentUnitFactory(number="1203")
    ApartmentUnitFactory(building=free.building, number="1204", status=ApartmentUnit.Status.LET)
    ApartmentUnitFactory(
        building=free.building, number="1205", status=ApartmentUnit.Status.WITHDRAWN
    )
    page = client.get(PAGE).content.decode()
    assert "1 unit is free now." in page
    assert "1203" in page and "1204" in page
    assert "1205" not in page
    assert "back at the end of the waiting list" in page
    assert "CNY 4,500" in page  # rent after the subsidy


def test_public_page_in_chinese(client):
    ApartmentUnitFactory()
    page = client.get(f"/zh-hans{PAGE}").content.decode()
    assert "人才公寓" in page
    assert "等候名单" in page
    assert "套空置" in page


def test_public_page_queries_do_not_grow(client, django_assert_max_num_queries):
    for _ in range(6):
        ApartmentUnitFactory()
    with django_assert_max_num_queries(6):
        client.get(PAGE)


# -- Applying ----------------------------------------------------------------------------
def test_verified_professional_applies_and_officers_are_told(client, officer):
    from tests.services.factories import TalentOfficerFactory

    TalentOfficerFactory(user=officer, areas=["housing"])
    profile = VerifiedProfileFactory()
    employer = EnterpriseFactory()
    client.force_login(profile.user)
    response = client.post(APPLY, _form(employer))
    application = ApartmentApplication.objects.get(applicant=profile.user)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == application.get_absolute_url()
    assert application.status == ApartmentApplication.Status.SUBMITTED
    assert application.history.get().cause == "submitted"
    kinds = set(Notification.objects.values_list("recipient_id", "kind"))
    assert (profile.user.pk, Kind.APARTMENT_APPLICATION_UPDATED) in kinds
    assert (officer.pk, Kind.APARTMENT_APPLICATION_UPDATED) in kinds


def test_unverified_profile_cannot_apply(client):
    profile = SubmittedProfileFactory()
    client.force_login(profile.user)
    page = client.post(APPLY, _form(EnterpriseFactory())).content.decode()
    assert "verified hub profile" in page
    assert not ApartmentApplication.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"household_size": 0}, "between 1 and 10 people"),
        ({"household_size": 500}, "between 1 and 10 people"),
        ({"move_in_date": "2020-01-01"}, "cannot be in the past"),
        ({"move_in_date": "soon"}, "Enter the date as YYYY-MM-DD"),
        ({"budget": "a lot"}, "whole number of yuan"),
        ({"current_housing": "x" * 1001}, "at most 1000 characters"),
        ({"current_housing": "rental\x00"}, "Null characters are not allowed"),
        ({"current_housing": ""}, "Tell us where you live now"),
        ({"employer": 99999}, "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client, overrides, message):
    profile = VerifiedProfileFactory()
    client.force_login(profile.user)
    response = client.post(APPLY, _form(EnterpriseFactory(), **overrides))
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert not ApartmentApplication.objects.exists()


def test_bad_input_in_chinese(client):
    profile = VerifiedProfileFactory()
    client.force_login(profile.user)
    page = client.post(f"/zh-hans{APPLY}", _form(EnterpriseFactory(), household_size=500))
    assert "家庭人数为 1 至 10 人" in page.content.decode()


def test_hostile_text_is_stored_as_text_and_shown_escaped(client):
    profile = VerifiedProfileFactory()
    client.force_login(profile.user)
    client.post(APPLY, _form(EnterpriseFactory(), current_housing="<script>alert(1)</script>"))
    application = ApartmentApplication.objects.get()
    page = client.get(application.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_one_live_application_per_person(client):
    application = ApartmentApplicationFactory()
    client.force_login(application.applicant)
    response = client.get(APPLY)
    assert response["Location"] == application.get_absolute_url()
    with pytest.raises(ValidationError):
        actions.apply_for_apartment(
            applicant=application.applicant,
            household_size=1,
            move_in_date=date.today(),
            budget=3000,
            employer=application.employer,
            current_housing="Hotel",
        )


# -- Eligibility and allocation ----------------------------------------------------------
def test_employment_must_be_confirmed_before_an_offer(officer):
    application = ApartmentApplicationFactory()
    unit = ApartmentUnitFactory()
    with pytest.raises(ValidationError, match="Employment at the enterprise is not confirmed"):
        actions.offer_unit(application=application, unit=unit, by=officer)
    actions.confirm_employer(application=application, by=officer)
    actions.offer_unit(application=application, unit=unit, by=officer)
    application.refresh_from_db()
    unit.refresh_from_db()
    assert application.status == ApartmentApplication.Status.OFFERED
    assert unit.status == ApartmentUnit.Status.OFFERED
    assert application.offer_expires_at > timezone.now() + timedelta(days=6)


def test_without_an_accepted_offer_employment_needs_an_officer():
    application = ApartmentApplicationFactory()
    assert not actions.has_accepted_offer_from(
        user=application.applicant, enterprise=application.employer
    )
    assert "Employment at the enterprise is not confirmed yet." in actions.apartment_eligibility(
        application
    )


def test_an_accepted_offer_from_the_employer_counts_as_employment():
    from tests.factories import SentOfferFactory
    from tests.talent.factories import ApplicationFactory

    application = ApartmentApplicationFactory()
    job = ApplicationFactory(
        profile=application.applicant.talent_profile, role__enterprise=application.employer
    )
    offer = SentOfferFactory(application=job)
    assert not actions.has_accepted_offer_from(
        user=application.applicant, enterprise=application.employer
    )
    offer.status = "accepted"
    offer.save(update_fields=["status"])

    assert actions.has_accepted_offer_from(
        user=application.applicant, enterprise=application.employer
    )
    assert "Employment at the enterprise is not confirmed yet." not in (
        actions.apartment_eligibility(application)
    )


def test_a_profile_no_longer_verified_is_not_eligible(officer):
    application = EligibleApartmentApplicationFactory()
    profile = application.applicant.talent_profile
    profile.review_state = "submitted"
    profile.save()
    with pytest.raises(ValidationError, match="not verified"):
        actions.place_on_waiting_list(application=application, by=officer)


def test_waiting_list_positions_follow_the_order_joined(client, officer):
    first, second, third = (EligibleApartmentApplicationFactory() for _ in range(3))
    for application in (first, second, third):
        actions.place_on_waiting_list(application=application, by=officer)
        application.refresh_from_db()
    assert [a.waiting_list_position() for a in (first, second, third)] == [1, 2, 3]
    client.force_login(second.applicant)
    page = client.get(second.get_absolute_url()).content.decode()
    assert "You are number 2 on the waiting list." in page


def test_accepting_lets_the_unit_and_lease_is_recorded(client, officer):
    application = EligibleApartmentApplicationFactory()
    unit = ApartmentUnitFactory()
    actions.offer_unit(application=application, unit=unit, by=officer)
    client.force_login(application.applicant)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Accept this apartment" in page
    client.post(f"{application.get_absolute_url()}answer/", {"answer": "accept"})
    application.refresh_from_db()
    unit.refresh_from_db()
    assert application.status == ApartmentApplication.Status.ACCEPTED
    assert unit.status == ApartmentUnit.Status.LET
    start = date.today() + timedelta(days=30)
    actions.record_lease(
        application=application,
        lease_start=start,
        lease_end=start + timedelta(days=365),
        by=officer,
    )
    application.refresh_from_db()
    assert (application.status, application.lease_start) == ("leased", start)
    causes = list(application.history.values_list("cause", flat=True))
    assert causes == ["offered", "accepted", "leased"]
    assert Notification.objects.filter(recipient=application.applicant).count() == 3


def test_declining_frees_the_unit_and_goes_to_the_end_of_the_list(client, officer):
    waiting = EligibleApartmentApplicationFactory()
    actions.place_on_waiting_list(application=waiting, by=officer)
    application = EligibleApartmentApplicationFactory()
    unit = ApartmentUnitFactory()
    actions.offer_unit(application=application, unit=unit, by=officer)
    client.force_login(application.applicant)
    client.post(f"{application.get_absolute_url()}answer/", {"answer": "decline"})
    application.refresh_from_db()
    unit.refresh_from_db()
    assert application.status == ApartmentApplication.Status.WAITLISTED
    assert application.unit is None
    assert unit.status == ApartmentUnit.Status.AVAILABLE
    assert application.waiting_list_position() == 2
    assert application.history.last().cause == "declined"


def test_an_offer_cannot_be_answered_after_its_deadline(officer):
    application = EligibleApartmentApplicationFactory()
    actions.offer_unit(application=application, unit=ApartmentUnitFactory(), by=officer)
    ApartmentApplication.objects.filter(pk=application.pk).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="time to answer"):
        actions.respond_to_offer(application=application, by=application.applicant, accept=True)


def test_expiry_beat_task_lapses_late_offers_once(officer):
    late = EligibleApartmentApplicationFactory()
    on_time = EligibleApartmentApplicationFactory()
    late_unit, other_unit = ApartmentUnitFactory(), ApartmentUnitFactory()
    actions.offer_unit(application=late, unit=late_unit, by=officer)
    actions.offer_unit(application=on_time, unit=other_unit, by=officer)
    ApartmentApplication.objects.filter(pk=late.pk).update(
        offer_expires_at=timezone.now() - timedelta(hours=1)
    )
    assert expire_apartment_offers() == 1
    assert expire_apartment_offers() == 0  # idempotent
    late.refresh_from_db()
    late_unit.refresh_from_db()
    on_time.refresh_from_db()
    assert late.status == ApartmentApplication.Status.WAITLISTED
    assert late_unit.status == ApartmentUnit.Status.AVAILABLE
    assert on_time.status == ApartmentApplication.Status.OFFERED
    step = late.history.last()
    assert (step.cause, step.actor) == ("expired", None)
    assert (
        Notification.objects.filter(recipient=late.applicant, context__cause="expired").count() == 1
    )


def test_the_beat_schedule_runs_the_expiry(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "services.tasks.expire_apartment_offers" in tasks


def test_a_unit_offered_to_one_person_cannot_be_offered_to_another(officer):
    unit = ApartmentUnitFactory()
    first, second = EligibleApartmentApplicationFactory(), EligibleApartmentApplicationFactory()
    actions.offer_unit(application=first, unit=unit, by=officer)
    with pytest.raises(ValidationError, match="no longer free"):
        actions.offer_unit(application=second, unit=unit, by=officer)
    second.refresh_from_db()
    assert second.status == ApartmentApplication.Status.SUBMITTED


def test_withdrawing_an_offered_application_frees_the_unit(officer):
    application = EligibleApartmentApplicationFactory()
    unit = ApartmentUnitFactory()
    actions.offer_unit(application=application, unit=unit, by=officer)
    actions.withdraw_apartment_application(application=application, by=application.applicant)
    unit.refresh_from_db()
    assert unit.status == ApartmentUnit.Status.AVAILABLE


# -- Who may do what ---------------------------------------------------------------------
@pytest.mark.parametrize("suffix", ["", "answer/", "withdraw/"])
def test_another_professionals_application_is_404(client, suffix):
    application = ApartmentApplicationFactory()
    intruder = VerifiedProfileFactory().user
    client.force_login(intruder)
    url = f"{application.get_absolute_url()}{suffix}"
    response = client.post(url, {"answer": "accept"}) if suffix else client.get(url)
    assert response.status_code == HTTPStatus.NOT_FOUND
    application.refresh_from_db()
    assert application.status == ApartmentApplication.Status.SUBMITTED


@pytest.mark.parametrize(
    "step",
    [
        lambda a, u, by: actions.offer_unit(application=a, unit=u, by=by),
        lambda a, u, by: actions.place_on_waiting_list(application=a, by=by),
        lambda a, u, by: actions.confirm_employer(application=a, by=by),
        lambda a, u, by: actions.reject_apartment_application(application=a, by=by),
    ],
)
def test_only_officers_allocate(step):
    application = EligibleApartmentApplicationFactory()
    unit = ApartmentUnitFactory()
    for intruder in (application.applicant, VerifiedProfileFactory().user):
        with pytest.raises(PermissionDenied):
            step(application, unit, intruder)
    assert not ApartmentApplicationHistory.objects.exists()


def test_only_the_applicant_answers_an_offer(officer):
    application = EligibleApartmentApplicationFactory()
    actions.offer_unit(application=application, unit=ApartmentUnitFactory(), by=officer)
    with pytest.raises(PermissionDenied):
        actions.respond_to_offer(application=application, by=officer, accept=True)


def test_officer_handles_an_application_in_the_admin(client, sign_in_officer):
    officer = OfficerFactory()
    sign_in_officer(client, officer)
    application = ApartmentApplicationFactory()
    unit = ApartmentUnitFactory()
    url = f"/admin/services/apartmentapplication/{application.pk}/handle/"
    assert client.get(url).status_code == HTTPStatus.OK
    client.post(url, {"step": "confirm_employer", "days": 7})
    response = client.post(url, {"step": "offer", "unit": unit.pk, "days": 5})
    assert response.status_code == HTTPStatus.FOUND
    application.refresh_from_db()
    assert application.status == ApartmentApplication.Status.OFFERED
    assert application.unit == unit
    # The same unit again: refused on the page, nothing changed.
    other = EligibleApartmentApplicationFactory()
    response = client.post(
        f"/admin/services/apartmentapplication/{other.pk}/handle/",
        {"step": "offer", "unit": unit.pk, "days": 5},
    )
    assert response.status_code == HTTPStatus.OK
    other.refresh_from_db()
    assert other.status == ApartmentApplication.Status.SUBMITTED
