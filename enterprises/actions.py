"""Every state change of enterprises, memberships, invitations and roles.

Views, admin actions, Celery tasks and the demo command call these functions; each runs
in a transaction, validates with ``full_clean()`` and records what matters.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from westbund.accounts.permissions import (
    Area,
    require_enterprise_admin,
    require_member_or_officer,
    require_officer,
)
from westbund.core.bilingual import both, in_english
from westbund.core.history import record_transition
from westbund.notifications.actions import notify_email, notify_many
from westbund.notifications.models import Kind

from .models import Enterprise, Invitation, Membership, Role, RoleTransition

DEADLINE_REMINDER_DAYS = 3


def _validate_deadline(role: Role) -> None:
    if role.deadline is not None and role.deadline < timezone.localdate():
        raise ValidationError(
            {"deadline": _("The application deadline cannot be in the past.")},
            code="deadline_in_past",
        )


def _move(*, role: Role, to_state: str, by, reason: str = "", cause: str = "") -> Role:
    """Move ``role`` (locked by the caller) to ``to_state`` and record the transition."""
    now = timezone.now()
    changes = {}
    if to_state == Role.State.PENDING_REVIEW:
        changes = {"submitted_at": now, "rejection_reason": ""}
    elif to_state == Role.State.PUBLISHED:
        changes = {"published_at": role.published_at or now}
    elif to_state == Role.State.REJECTED:
        changes = {"rejection_reason": reason}
    elif to_state == Role.State.CLOSED:
        changes = {"closed_at": now}
    role.move(
        to_state,
        by=by,
        history=RoleTransition,
        refusal=_("A role that is %(from)s cannot become %(to)s."),
        reason=reason,
        cause=cause,
        changes=changes,
        at=now,
    )
    return role


def _locked(role: Role) -> Role:
    return Role.objects.select_for_update(of=("self",)).select_related("enterprise").get(pk=role.pk)


# ------------------------------------------------------------------------------
# Roles
# ------------------------------------------------------------------------------
@transaction.atomic
def create_role(*, enterprise: Enterprise, by, **fields) -> Role:
    """A new draft role of ``enterprise``; the creation is the first recorded transition.

    By a member of the enterprise, or an officer who moderates roles (the admin).
    """
    require_member_or_officer(by, enterprise, Area.ROLE_MODERATION)
    role = Role(enterprise=enterprise, created_by=by, state=Role.State.DRAFT, **fields)
    _validate_deadline(role)
    role.full_clean(exclude=["slug"])
    role.save()
    record_transition(RoleTransition, role, actor=by, from_state="", to_state=Role.State.DRAFT)
    Role.objects.filter(pk=role.pk).update_search_vector()
    return role


@transaction.atomic
def update_role(*, role: Role, by, changes: dict) -> Role:
    """Apply ``changes`` to an editable role.

    A published role whose substantive fields change (anything but openings and
    deadline) goes back to review: the board never shows words an officer has not seen.
    By a member of the enterprise, or an officer who moderates roles.
    """
    require_member_or_officer(by, role.enterprise_id, Area.ROLE_MODERATION)
    role = _locked(role)
    if not role.is_editable:
        raise ValidationError(_("A closed role cannot be edited."), code="not_editable")
    changed = {name for name, value in changes.items() if getattr(role, name) != value}
    for name, value in changes.items():
        setattr(role, name, value)
    if "deadline" in changed:
        _validate_deadline(role)
    role.full_clean(exclude=["slug"])
    role.save()
    if role.state == Role.State.PUBLISHED and changed - Role.MINOR_FIELDS:
        _move(
            role=role,
            to_state=Role.State.PENDING_REVIEW,
            by=by,
            cause=RoleTransition.Cause.EDITED_AFTER_PUBLICATION,
        )
    Role.objects.filter(pk=role.pk).update_search_vector()
    return role


@transaction.atomic
def submit_role_for_review(*, role: Role, by) -> Role:
    """Send a draft (or rejected) role to the talent officers' review queue."""
    role = _locked(role)
    _validate_deadline(role)
    role.full_clean(exclude=["slug"])
    return _move(role=role, to_state=Role.State.PENDING_REVIEW, by=by)


def _notify_review_decided(*, role: Role, by, approved: bool, reason: str = "") -> None:
    context = {
        **role.notice_names(),
        "approved": approved,
    }
    if reason:
        context["reason"] = reason
    notify_many(
        recipients=role.enterprise.admin_users(),
        kind=Kind.ROLE_REVIEW_DECIDED,
        context=context,
        actor=by,
        link=role.workspace_url(),
    )


@transaction.atomic
def approve_role(*, role: Role, by) -> Role:
    """Publish a role under review and tell the enterprise's admins (officers only)."""
    require_officer(by, Area.ROLE_MODERATION)
    role = _locked(role)
    if role.deadline_passed():
        raise ValidationError(
            _("The role's application deadline has passed: it cannot be published."),
            code="deadline_in_past",
        )
    _move(role=role, to_state=Role.State.PUBLISHED, by=by)
    _notify_review_decided(role=role, by=by, approved=True)
    return role


@transaction.atomic
def reject_role(*, role: Role, by, reason: str) -> Role:
    """Refuse a role under review, with the reason the enterprise's admins are told
    (officers only)."""
    require_officer(by, Area.ROLE_MODERATION)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the role is rejected: the enterprise reads it.")},
            code="reason_required",
        )
    role = _locked(role)
    _move(role=role, to_state=Role.State.REJECTED, by=by, reason=reason)
    _notify_review_decided(role=role, by=by, approved=False, reason=reason)
    return role


@transaction.atomic
def close_role(*, role: Role, by, reason: str = "") -> Role:
    """Take a published role off the board for good."""
    role = _locked(role)
    return _move(role=role, to_state=Role.State.CLOSED, by=by, reason=reason)


@transaction.atomic
def duplicate_role(*, role: Role, by) -> Role:
    """A new draft with the same content as ``role`` (and no deadline to re-set)."""
    # A duplicate copies what the role says; state, dates, slug and history start afresh.
    fields = {name: getattr(role, name) for name in Role.CONTENT_FIELDS}
    fields["specialties"] = list(fields["specialties"])
    return create_role(enterprise=role.enterprise, by=by, **fields)


def close_expired_roles(*, today=None) -> int:
    """Close every published role whose deadline is behind us; return how many.

    Idempotent and safe to run concurrently: each role is locked and moved in its own
    transaction, a role another run is closing is skipped.
    """
    today = today or timezone.localdate()
    ids = list(
        Role.objects.filter(state=Role.State.PUBLISHED, deadline__lt=today).values_list(
            "pk", flat=True
        )
    )
    closed = 0
    for role_id in ids:
        with transaction.atomic():
            role = (
                Role.objects.select_for_update(skip_locked=True)
                .filter(pk=role_id, state=Role.State.PUBLISHED, deadline__lt=today)
                .first()
            )
            if role is None:
                continue
            _move(
                role=role,
                to_state=Role.State.CLOSED,
                by=None,
                cause=RoleTransition.Cause.DEADLINE_PASSED,
            )
            closed += 1
    return closed


def send_deadline_reminders(*, today=None) -> int:
    """Tell the members of each enterprise, once per role, that a published role's
    deadline is at most three days away. Return the number of roles reminded."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=DEADLINE_REMINDER_DAYS)
    ids = list(
        Role.objects.filter(
            state=Role.State.PUBLISHED,
            deadline__gte=today,
            deadline__lte=horizon,
            deadline_reminder_sent_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    reminded = 0
    for role_id in ids:
        with transaction.atomic():
            role = (
                Role.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("enterprise")
                .filter(pk=role_id, deadline_reminder_sent_at__isnull=True)
                .first()
            )
            if role is None:
                continue
            role.deadline_reminder_sent_at = timezone.now()
            role.save(update_fields=["deadline_reminder_sent_at"])
            notify_many(
                recipients=role.enterprise.recruiter_users(),
                kind=Kind.ROLE_DEADLINE_SOON,
                context={
                    **role.notice_names(),
                    "deadline": role.deadline.isoformat(),
                    "days_left": (role.deadline - today).days,
                },
                link=role.workspace_url(),
            )
            reminded += 1
    return reminded


# ------------------------------------------------------------------------------
# Enterprises, members, invitations
# ------------------------------------------------------------------------------
@transaction.atomic
def update_enterprise(*, enterprise: Enterprise, by, changes: dict) -> Enterprise:
    """Edit the public page of an enterprise; roles are re-indexed when its names change.

    By a member of the enterprise, or an officer who manages enterprises (the admin).
    """
    require_member_or_officer(by, enterprise, Area.ENTERPRISES)
    if "account_officer" in changes:
        # The hub names its account officer; an enterprise does not choose its own.
        require_officer(by, Area.ENTERPRISES)
    # The names as stored, not as the caller's object holds them: the admin hands in
    # the object its form has already changed.
    names_before = (
        Enterprise.objects.filter(pk=enterprise.pk).values_list("name_en", "name_zh").first()
    )
    for name, value in changes.items():
        setattr(enterprise, name, value)
    enterprise.full_clean()
    enterprise.save()
    if (enterprise.name_en, enterprise.name_zh) != names_before:
        enterprise.roles.update_search_vector()
    return enterprise


def _require_admin(*, enterprise: Enterprise, user) -> None:
    require_enterprise_admin(user, enterprise)


@transaction.atomic
def invite_member(
    *, enterprise: Enterprise, by, email: str, role: str, language: str
) -> Invitation:
    """Invite ``email`` to join ``enterprise``; the e-mail carries a link valid 7 days.

    Inviting an address again replaces its pending invitation (the old link stops
    working). The invited person may not have an account yet.
    """
    _require_admin(enterprise=enterprise, user=by)
    email = email.strip().lower()
    if Membership.objects.filter(enterprise=enterprise, user__email__iexact=email).exists():
        raise ValidationError(
            {"email": _("This person is already a member of the enterprise.")},
            code="already_member",
        )
    now = timezone.now()
    enterprise.invitations.pending().filter(email__iexact=email).update(revoked_at=now)
    invitation = Invitation(enterprise=enterprise, email=email, role=role, invited_by=by)
    invitation.created_at = now
    invitation.expires_at = now + Invitation.VALID_FOR
    invitation.full_clean(exclude=["token"])
    invitation.save()
    notify_email(
        email=email,
        language=language,
        kind=Kind.ENTERPRISE_INVITATION,
        context={
            "enterprise_name": both(enterprise, "name"),
            "inviter_name": str(by),
            "membership_role_label": in_english(Membership.Role(role).label),
            "expires": timezone.localdate(invitation.expires_at).isoformat(),
        },
        actor=by,
        link=invitation.get_absolute_url(),
    )
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by) -> Invitation:
    _require_admin(enterprise=invitation.enterprise, user=by)
    if invitation.revoked_at is None and invitation.accepted_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


class InvitationError(ValidationError):
    pass


@transaction.atomic
def accept_invitation(*, token: str, user) -> Membership:
    """Make ``user`` a member, if the invitation is pending and was sent to one of
    ``user``'s verified e-mail addresses."""
    from allauth.account.models import EmailAddress

    invitation = (
        Invitation.objects.select_for_update()
        .select_related("enterprise")
        .filter(token=token)
        .first()
    )
    if invitation is None or invitation.revoked_at is not None:
        raise InvitationError(_("This invitation is not valid (any more)."), code="invalid")
    if invitation.accepted_at is not None:
        raise InvitationError(_("This invitation has already been used."), code="used")
    if invitation.expires_at <= timezone.now():
        raise InvitationError(
            _("This invitation has expired: ask the enterprise for a new one."), code="expired"
        )
    if not invitation.enterprise.is_active:
        raise InvitationError(_("This invitation is not valid (any more)."), code="invalid")
    if not EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists():
        raise InvitationError(
            _("This invitation was sent to %(email)s: sign in with that e-mail address."),
            code="wrong_email",
            params={"email": invitation.email},
        )
    membership, _created = Membership.objects.get_or_create(
        enterprise=invitation.enterprise, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, by) -> None:
    """Remove a member. The last admin stays: an enterprise always has someone in charge."""
    _require_admin(enterprise=membership.enterprise, user=by)
    if membership.is_admin:
        admins = Membership.objects.select_for_update().filter(
            enterprise=membership.enterprise, role=Membership.Role.ADMIN
        )
        if admins.count() <= 1:
            raise ValidationError(
                _("The last admin cannot be removed: make someone else admin first."),
                code="last_admin",
            )
    membership.delete()
