"""The talent pool: invitations to apply, their answers, the hub's recommendations."""

from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from westbund.accounts import permissions
from westbund.accounts.permissions import Area
from westbund.core.bilingual import both
from westbund.core.history import record_transition
from westbund.core.text import strip_bidi_controls
from westbund.notifications.actions import notify
from westbund.notifications.models import Kind
from westbund.privacy.models import ConsentKind

from ..models import (
    INVITATION_MESSAGE_MAX_LENGTH,
    POOL_INVITATIONS_PER_DAY,
    RECOMMENDATION_NOTE_MAX_LENGTH,
    Application,
    PoolInvitation,
    PoolInvitationEvent,
    PoolRecommendation,
    TalentProfile,
)

# The cover letter of an application started by accepting, when the person wrote none.
ACCEPTED_WITHOUT_LETTER = _(
    "I accept your invitation to apply, sent through the hub's talent pool."
)


def _clean_text(text: str, *, limit: int, field: str) -> str:
    text = strip_bidi_controls((text or "").replace("\x00", "").strip())
    if len(text) > limit:
        raise ValidationError(
            {field: _("Keep it to %(limit)d characters.") % {"limit": limit}}, code="too_long"
        )
    return text


def _actor(by):
    return by if getattr(by, "is_authenticated", False) else None


def _move(
    invitation: PoolInvitation, *, to: str, by, cause: str = "", application=None
) -> PoolInvitation:
    # The row is the lock: an answer and a cancellation at once are taken in turn.
    invitation = PoolInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.can_move_to(to):
        raise ValidationError(
            _("This invitation was already answered or cancelled."), code="invitation_closed"
        )
    invitation.move(
        to,
        by=_actor(by),
        history=PoolInvitationEvent,
        cause=cause,
        changes={"decided_at": timezone.now(), "application": application},
    )
    return invitation


def invitations_sent_today(enterprise) -> int:
    """The invitations ``enterprise`` sent since midnight, Asia/Shanghai."""
    start = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    return PoolInvitation.objects.filter(enterprise=enterprise, created_at__gte=start).count()


@transaction.atomic
def invite_to_apply(*, enterprise, profile: TalentProfile, role, by, message: str = ""):
    """Invite a pool member to apply to one of ``enterprise``'s published roles.

    Refused (``ValidationError``, nothing saved) when the person is not in the pool
    (not verified, no pool consent, consent withdrawn), the role is not the
    enterprise's or not on the board, the person was already invited to it or applied,
    or the enterprise sent ``POOL_INVITATIONS_PER_DAY`` invitations today. The person
    gets an inbox entry and an e-mail (``pool_invitation``).
    """
    from enterprises.models import Enterprise, Role

    permissions.require_member(by, enterprise)
    # The enterprise's row is the lock: two recruiters inviting at once count in turn.
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    message = _clean_text(message, limit=INVITATION_MESSAGE_MAX_LENGTH, field="message")
    if not TalentProfile.objects.in_talent_pool().filter(pk=profile.pk).exists():
        raise ValidationError(
            _("This professional is no longer in the talent pool."), code="not_in_pool"
        )
    if not Role.objects.published().filter(enterprise=enterprise, pk=role.pk).exists():
        raise ValidationError(
            {"role": _("Choose one of your roles published on the job board.")},
            code="role_not_published",
        )
    if invitations_sent_today(enterprise) >= POOL_INVITATIONS_PER_DAY:
        raise ValidationError(
            _(
                "Your enterprise has sent its %(limit)d invitations for today. "
                "Invite again tomorrow."
            )
            % {"limit": POOL_INVITATIONS_PER_DAY},
            code="daily_limit",
        )
    if PoolInvitation.objects.filter(role=role, profile=profile).exists():
        raise ValidationError(
            _("This professional was already invited to this role."), code="already_invited"
        )
    if profile.applications.filter(role=role).exists():
        raise ValidationError(
            _("This professional already applied to this role."), code="already_applied"
        )
    invitation = PoolInvitation.objects.create(
        enterprise=enterprise, role=role, profile=profile, invited_by=by, message=message
    )
    record_transition(
        PoolInvitationEvent, invitation, actor=_actor(by), from_state="", to_state=invitation.status
    )
    with translation.override("en"):
        link = reverse("talent:invitations")
    notify(
        recipient=profile.user,
        kind=Kind.POOL_INVITATION,
        context={
            "role_title": both(role, "title"),
            "enterprise_name": both(enterprise, "name"),
            "message": message,
        },
        actor=by,
        link=link,
    )
    return invitation


def _require_invitee(invitation: PoolInvitation, by) -> None:
    from django.core.exceptions import PermissionDenied

    if invitation.profile.user_id != getattr(by, "pk", None):
        raise PermissionDenied("An invitation is answered by the person invited.")


@transaction.atomic
def accept_invitation(
    *, invitation: PoolInvitation, by, cover_letter: str = "", share_consent: bool = False
):
    """Accept: an application to the invitation's role is started with the person's
    current CV (``submit_application``: the same checks as applying from the board).
    ``share_consent``: the person agrees here to share their profile and CV with the
    enterprise, when they had not yet. Returns the application."""
    from westbund.privacy.actions import grant_consent

    from .applications import submit_application

    _require_invitee(invitation, by)
    if not invitation.can_move_to(PoolInvitation.Status.ACCEPTED):
        raise ValidationError(
            _("This invitation was already answered or cancelled."), code="invitation_closed"
        )
    if share_consent:
        grant_consent(user=by, kind=ConsentKind.SHARE_WITH_ENTERPRISES)
    application = submit_application(
        profile=invitation.profile,
        role=invitation.role,
        cover_letter=(cover_letter or "").strip() or str(ACCEPTED_WITHOUT_LETTER),
        source=Application.Source.INVITED,
    )
    _move(invitation, to=PoolInvitation.Status.ACCEPTED, by=by, application=application)
    return application


@transaction.atomic
def decline_invitation(*, invitation: PoolInvitation, by) -> PoolInvitation:
    """Decline: the enterprise sees that the invitation was declined, nothing more."""
    _require_invitee(invitation, by)
    return _move(invitation, to=PoolInvitation.Status.DECLINED, by=by)


def cancel_open_invitations(*, user, cause: str) -> int:
    """Cancel the open invitations of ``user`` (the pool consent was withdrawn)."""
    count = 0
    for invitation in PoolInvitation.objects.filter(
        profile__user=user, status=PoolInvitation.Status.SENT
    ):
        _move(invitation, to=PoolInvitation.Status.CANCELLED, by=None, cause=cause)
        count += 1
    return count


@transaction.atomic
def recommend_profile(*, profile: TalentProfile, enterprise, note: str, by) -> PoolRecommendation:
    """An officer recommends ``profile`` to ``enterprise``: it shows in that enterprise's
    pool, first, as "recommended by the hub" with ``note`` (only while the person is in
    the pool). Recommending again replaces the note."""
    permissions.require_officer(by, Area.PROFILE_REVIEW)
    note = _clean_text(note, limit=RECOMMENDATION_NOTE_MAX_LENGTH, field="note")
    if not profile.is_verified:
        raise ValidationError(_("Only verified profiles can be recommended."), code="not_verified")
    recommendation, _created = PoolRecommendation.objects.update_or_create(
        enterprise=enterprise,
        profile=profile,
        defaults={"note": note, "officer": by, "created_at": timezone.now()},
    )
    return recommendation
