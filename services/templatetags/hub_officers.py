"""Who at the hub looks after someone, and how to reach them: a professional's assigned
officer and the account officer of their enterprise. The public contact comes from the
officers' directory (``TalentOfficer``) when the officer has an entry there."""

from dataclasses import dataclass

from django import template
from django.utils.translation import gettext_lazy as _

from ..models import ApartmentApplication, TalentOfficer

register = template.Library()


@dataclass(frozen=True)
class OfficerContact:
    role: str
    name: str
    job_title: str
    email: str
    phone: str
    office_hours: str


def officer_contact(officer, role) -> OfficerContact | None:
    """How to reach ``officer`` (a staff user): their directory entry, else the account."""
    if officer is None or not officer.is_active:
        return None
    entry = TalentOfficer.objects.for_user(officer)
    if entry is not None:
        return OfficerContact(
            role=role,
            name=entry.name,
            job_title=entry.job_title,
            email=entry.email or officer.email,
            phone=entry.phone,
            office_hours=entry.office_hours,
        )
    return OfficerContact(
        role=role,
        name=officer.get_full_name() or officer.email,
        job_title="",
        email=officer.email,
        phone="",
        office_hours="",
    )


def _employers_of(user) -> list:
    from westbund.accounts.permissions import member_enterprises

    employers = {e.pk: e for e in member_enterprises(user).select_related("account_officer")}
    confirmed = (
        ApartmentApplication.objects.filter(applicant=user, employer_confirmed_at__isnull=False)
        .exclude(status__in=[ApartmentApplication.Status.WITHDRAWN])
        .select_related("employer__account_officer")
    )
    for application in confirmed:
        employers.setdefault(application.employer.pk, application.employer)
    return list(employers.values())


@register.inclusion_tag("services/_officer_contacts.html")
def hub_officers_for(user, profile=None):
    """The officers who look after ``user``: the assigned officer of their profile and
    the account officer of each enterprise they work for (member or confirmed employer).
    ``profile``: the user's talent profile when the page has already read it."""
    contacts = []
    if profile is None:
        profile = getattr(user, "talent_profile", None)
    if profile is not None:
        contact = officer_contact(profile.assigned_officer, _("Your talent officer"))
        if contact:
            contacts.append(contact)
    for enterprise in _employers_of(user):
        contact = officer_contact(
            enterprise.account_officer,
            _("Account officer of %(enterprise)s") % {"enterprise": enterprise.name},
        )
        if contact:
            contacts.append(contact)
    return {"contacts": contacts, "show_empty": True}


@register.inclusion_tag("services/_officer_contacts.html")
def enterprise_account_officer(enterprise):
    """The account officer of ``enterprise``, for its workspace."""
    contact = officer_contact(enterprise.account_officer, _("Your account officer at the hub"))
    return {"contacts": [contact] if contact else [], "show_empty": False}
