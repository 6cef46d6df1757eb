"""Interviews: schedule, reschedule, cancel, the candidate's answer, done, reminders;
scorecard criteria and the interviewers' scorecards.

Every change the invited people must see raises the interview's ``sequence`` and sends
them an ``interview_invitation`` whose e-mail carries the iCalendar invitation
(``talent.invitations`` builds it when the e-mail is sent).
"""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from westbund.accounts import permissions
from westbund.core.bilingual import both
from westbund.core.history import record_transition
from westbund.core.links import validate_web_link
from westbund.core.text import reject_control_characters, strip_bidi_controls
from westbund.notifications.actions import notify
from westbund.notifications.models import Kind
from westbund.taxonomy import Specialty

from ..models import (
    CRITERION_NAME_MAX_LENGTH,
    DURATIONS,
    INTERVIEW_TEXT_MAX_LENGTH,
    MAX_CRITERIA,
    SCORECARD_NOTES_MAX_LENGTH,
    Application,
    Interview,
    InterviewEvent,
    Scorecard,
    ScorecardCriterion,
)

Status = Interview.Status
Cause = InterviewEvent.Cause

# Rated in every role besides its specialties.
GENERAL_CRITERIA = (_("Communication"), _("Problem solving"))
MAX_DEFAULT_SPECIALTIES = 4


def _english_url(make) -> str:
    with translation.override("en"):
        return make()


def _both_languages(label) -> dict[str, str]:
    names = {}
    for code in ("en", "zh-hans"):
        with translation.override(code):
            names[code] = str(label)
    return names


def _clean_text(value: str, *, limit: int, field: str) -> str:
    value = strip_bidi_controls((value or "").strip())
    reject_control_characters(value)
    if len(value) > limit:
        raise ValidationError(
            _("Keep the %(field)s within %(limit)d characters.") % {"field": field, "limit": limit},
            code="too_long",
        )
    return value


# -- Scorecard criteria -----------------------------------------------------------------------


def default_criteria(role) -> list[dict[str, str]]:
    """The role's specialties (a few) and the general criteria, in both languages."""
    labels = dict(Specialty.choices)
    chosen = [labels[code] for code, _label in Specialty.choices if code in set(role.specialties)]
    return [_both_languages(label) for label in chosen[:MAX_DEFAULT_SPECIALTIES]] + [
        _both_languages(label) for label in GENERAL_CRITERIA
    ]


@transaction.atomic
def ensure_criteria(*, role) -> list[ScorecardCriterion]:
    """The role's criteria, created from ``default_criteria`` the first time."""
    criteria = list(ScorecardCriterion.objects.filter(role=role))
    if criteria:
        return criteria
    return ScorecardCriterion.objects.bulk_create(
        ScorecardCriterion(role=role, name_en=name["en"], name_zh=name["zh-hans"], position=index)
        for index, name in enumerate(default_criteria(role))
    )


@transaction.atomic
def add_criterion(*, role, by, name_en: str, name_zh: str = "") -> ScorecardCriterion:
    """A criterion more for the role's scorecards, by a member of its enterprise."""
    permissions.require_member(by, role.enterprise_id)
    existing = ensure_criteria(role=role)
    if len(existing) >= MAX_CRITERIA:
        raise ValidationError(
            _("A scorecard has at most %(limit)d criteria.") % {"limit": MAX_CRITERIA},
            code="too_many",
        )
    limit = CRITERION_NAME_MAX_LENGTH
    name_en = _clean_text(name_en, limit=limit, field=_("criterion"))
    name_zh = _clean_text(name_zh, limit=limit, field=_("criterion"))
    if not (name_en or name_zh):
        raise ValidationError(_("Name the criterion."), code="empty")
    return ScorecardCriterion.objects.create(
        role=role,
        name_en=name_en or name_zh,
        name_zh=name_zh,
        position=max(c.position for c in existing) + 1 if existing else 0,
    )


@transaction.atomic
def remove_criterion(*, criterion: ScorecardCriterion, by) -> None:
    """Remove a criterion; submitted scorecards keep their ratings of it."""
    permissions.require_member(by, criterion.role.enterprise_id)
    criterion.delete()


# -- Interviews -----------------------------------------------------------------------------


def _interviewers(application: Application, interviewers) -> list:
    users = list(interviewers or [])
    if not users:
        raise ValidationError(_("Choose at least one interviewer."), code="no_interviewer")
    ids = {user.pk for user in users}
    members = set(
        get_user_model()
        .objects.filter(
            pk__in=ids,
            is_active=True,
            enterprise_memberships__enterprise_id=application.enterprise_id,
        )
        .values_list("pk", flat=True)
    )
    if ids - members:
        raise ValidationError(
            _("Interviewers are chosen among your enterprise's members."),
            code="interviewer_not_member",
        )
    return users


def _clean_slot(*, starts_at: datetime, duration_minutes: int, mode: str, location: str, link: str):
    if starts_at is None:
        raise ValidationError(_("Give the date and time."), code="no_time")
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if starts_at <= timezone.now():
        raise ValidationError(_("Choose a time in the future."), code="in_the_past")
    if duration_minutes not in DURATIONS:
        raise ValidationError(_("Choose a duration."), code="invalid_duration")
    if mode not in Interview.Mode.values:
        raise ValidationError(_("Choose how the interview takes place."), code="invalid_mode")
    location = _clean_text(location, limit=300, field=_("place"))
    link = (link or "").strip()
    if link:
        validate_web_link(link)
        if len(link) > 500:
            raise ValidationError(_("Keep the link within 500 characters."), code="too_long")
    if mode == Interview.Mode.ONSITE and not location:
        raise ValidationError(_("Say where the interview takes place."), code="no_place")
    if mode == Interview.Mode.VIDEO and not link:
        raise ValidationError(_("Give the link of the video call."), code="no_link")
    return starts_at, starts_at + timedelta(minutes=duration_minutes), location, link


def clashes(
    *, enterprise, interviewers, starts_at: datetime, ends_at: datetime, exclude=None
) -> list:
    """(interviewer, their other active interview of ``enterprise``) that overlap
    ``starts_at``–``ends_at``. A warning for the scheduler, not a refusal. Only the
    enterprise's own interviews: a member of two enterprises must not show one the
    other's candidates."""
    others = (
        Interview.objects.active()
        .filter(
            enterprise=enterprise,
            interviewers__in=interviewers,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        )
        .select_related("application__profile", "application__role")
        .prefetch_related("interviewers")
    )
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    wanted = {user.pk for user in interviewers}
    found = []
    for other in others.distinct():
        for user in other.interviewers.all():
            if user.pk in wanted:
                found.append((user, other))
    return found


def _move(interview: Interview, to_state, *, by, cause, reason="", changes=None):
    return interview.move(
        to_state, by=by, history=InterviewEvent, cause=cause, reason=reason, changes=changes
    )


def _context(interview: Interview, **extra) -> dict:
    application = interview.application
    role = application.role
    local = timezone.localtime(interview.starts_at)
    return {
        "interview_id": interview.pk,
        **role.notice_names(),
        "candidate_name": application.applicant_name,
        "starts_at": local.isoformat(),
        "duration": interview.duration_minutes,
        "mode_label": _english(Interview.Mode(interview.mode).label),
        "location": interview.location,
        "video_link": interview.link,
        **extra,
    }


def _english(label) -> str:
    with translation.override("en"):
        return str(label)


def _candidate(interview: Interview):
    profile = interview.application.profile
    return profile.user if profile is not None else None


def _invite(interview: Interview, *, by, change: str, recipients=None) -> None:
    """``interview_invitation`` to the candidate and each interviewer (the scheduler too,
    when they interview: the invitation puts it in their calendar)."""
    candidate = _candidate(interview)
    if recipients is None:
        recipients = list(interview.interviewers.all())
        if candidate is not None:
            notify(
                recipient=candidate,
                kind=Kind.INTERVIEW_INVITATION,
                context=_context(interview, change=change, audience="candidate"),
                actor=by,
                link=_english_url(interview.application.get_absolute_url),
            )
    for user in recipients:
        notify(
            recipient=user,
            kind=Kind.INTERVIEW_INVITATION,
            context=_context(interview, change=change, audience="interviewer"),
            actor=by,
            link=_english_url(interview.workspace_url),
        )


def _may_schedule(by, application: Application) -> None:
    permissions.require_member(by, application.enterprise_id)
    if application.profile_id is None or application.is_final:
        raise ValidationError(
            _("This application is closed: no interview can be scheduled."), code="closed"
        )


@transaction.atomic
def schedule_interview(
    *,
    application: Application,
    by,
    starts_at: datetime,
    duration_minutes: int,
    mode: str,
    interviewers,
    location: str = "",
    link: str = "",
) -> Interview:
    """Schedule an interview of ``application`` (Shanghai time), by a member of its
    enterprise, with interviewers among its members, in the future.

    Recorded (``scheduled``); the candidate and each interviewer get an
    ``interview_invitation`` with the calendar invitation (``METHOD:REQUEST``). The
    role's scorecard criteria are set up from its specialties the first time.
    """
    _may_schedule(by, application)
    starts_at, ends_at, location, link = _clean_slot(
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        location=location,
        link=link,
    )
    users = _interviewers(application, interviewers)
    interview = Interview.objects.create(
        application=application,
        enterprise_id=application.enterprise_id,
        starts_at=starts_at,
        ends_at=ends_at,
        mode=mode,
        location=location,
        link=link,
        organizer=by,
    )
    interview.interviewers.set(users)
    record_transition(
        InterviewEvent,
        interview,
        actor=by,
        from_state="",
        to_state=Status.SCHEDULED,
        cause=Cause.SCHEDULED,
    )
    ensure_criteria(role=application.role)
    _invite(interview, by=by, change="scheduled")
    return interview


def _locked(interview: Interview) -> Interview:
    locked = Interview.objects.select_for_update(of=("self",)).get(pk=interview.pk)
    interview.status = locked.status
    interview.sequence = locked.sequence
    return interview


def _refuse_move(interview: Interview, to_status) -> None:
    if not interview.can_move_to(to_status):
        raise ValidationError(
            _("An interview that is “%(status)s” cannot be changed this way.")
            % {"status": Interview.Status(interview.status).label},
            code="invalid_transition",
        )


@transaction.atomic
def reschedule_interview(
    *,
    interview: Interview,
    by,
    starts_at: datetime,
    duration_minutes: int,
    mode: str,
    interviewers,
    location: str = "",
    link: str = "",
    reason: str = "",
) -> Interview:
    """Move an interview to another time (or change how, where, with whom): the same
    calendar UID, ``sequence`` raised, scheduled again (the candidate confirms anew).
    Everyone invited gets the updated invitation; an interviewer taken off it gets its
    cancellation."""
    permissions.require_member(by, interview.enterprise_id)
    _locked(interview)
    _refuse_move(interview, Status.SCHEDULED)
    reason = _clean_text(reason, limit=INTERVIEW_TEXT_MAX_LENGTH, field=_("reason"))
    starts_at, ends_at, location, link = _clean_slot(
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        location=location,
        link=link,
    )
    users = _interviewers(interview.application, interviewers)
    removed = [
        user for user in interview.interviewers.all() if user.pk not in {u.pk for u in users}
    ]
    _move(
        interview,
        Status.SCHEDULED,
        by=by,
        cause=Cause.RESCHEDULED,
        reason=reason,
        changes={
            "starts_at": starts_at,
            "ends_at": ends_at,
            "mode": mode,
            "location": location,
            "link": link,
            "sequence": interview.sequence + 1,
            "reminder_sent_at": None,
        },
    )
    interview.interviewers.set(users)
    _invite(interview, by=by, change="rescheduled")
    _invite(interview, by=by, change="removed", recipients=removed)
    return interview


@transaction.atomic
def cancel_interview(*, interview: Interview, by, reason: str = "") -> Interview:
    """Cancel an interview: recorded, ``sequence`` raised, everyone invited gets the
    calendar's cancellation (``METHOD:CANCEL``)."""
    permissions.require_member(by, interview.enterprise_id)
    _locked(interview)
    _refuse_move(interview, Status.CANCELLED)
    reason = _clean_text(reason, limit=INTERVIEW_TEXT_MAX_LENGTH, field=_("reason"))
    _move(
        interview,
        Status.CANCELLED,
        by=by,
        cause=Cause.CANCELLED,
        reason=reason,
        changes={"sequence": interview.sequence + 1},
    )
    _invite(interview, by=by, change="cancelled")
    return interview


def cancel_upcoming_interviews(*, application: Application, by, cause: str) -> list[Interview]:
    """Cancel the interviews of ``application`` that are still to come, as it is being
    closed (the caller holds its lock and has checked ``by``): each recorded with
    ``cause`` (an ``InterviewEvent.Cause``), ``sequence`` raised, and everyone invited
    (the candidate while they have an account) gets the calendar's cancellation, sent
    once the caller's transaction commits. One that has started stays for the
    interviewers to mark done and score."""
    interviews = list(
        Interview.objects.select_for_update(of=("self",))
        .filter(application_id=application.pk, status__in=Interview.ACTIVE)
        .filter(starts_at__gt=timezone.now())
        .select_related("application__role__enterprise", "application__profile__user")
    )
    for interview in interviews:
        _move(
            interview,
            Status.CANCELLED,
            by=by,
            cause=cause,
            changes={"sequence": interview.sequence + 1},
        )
        _invite(interview, by=by, change="cancelled")
    return interviews


def _require_candidate(interview: Interview, by) -> None:
    candidate = _candidate(interview)
    if candidate is None or candidate.pk != getattr(by, "pk", None):
        raise PermissionDenied("Only the candidate answers an interview invitation.")


def _tell_enterprise(interview: Interview, *, by, kind, **extra) -> None:
    recipients = {user.pk: user for user in interview.interviewers.all()}
    if interview.organizer_id and interview.organizer.is_active:
        recipients.setdefault(interview.organizer_id, interview.organizer)
    for user in recipients.values():
        notify(
            recipient=user,
            kind=kind,
            context=_context(interview, **extra),
            actor=by,
            link=_english_url(interview.workspace_url),
        )


def _refuse_answer(interview: Interview) -> None:
    if not interview.candidate_may_answer:
        raise ValidationError(
            _("This interview can no longer be answered here."), code="cannot_answer"
        )


@transaction.atomic
def confirm_interview(*, interview: Interview, by) -> Interview:
    """The candidate confirms the time: recorded; the organizer and the interviewers are
    told (``interview_answered``)."""
    _require_candidate(interview, by)
    _locked(interview)
    _refuse_answer(interview)
    _refuse_move(interview, Status.CONFIRMED)
    _move(interview, Status.CONFIRMED, by=by, cause=Cause.CONFIRMED)
    _tell_enterprise(interview, by=by, kind=Kind.INTERVIEW_ANSWERED, confirmed=True)
    return interview


@transaction.atomic
def request_interview_change(*, interview: Interview, by, reason: str) -> Interview:
    """The candidate asks for another time, saying why: recorded; the organizer and the
    interviewers are told, with the reason."""
    _require_candidate(interview, by)
    reason = _clean_text(reason, limit=INTERVIEW_TEXT_MAX_LENGTH, field=_("reason"))
    if not reason:
        raise ValidationError(_("Say why, and which times would suit you."), code="reason_required")
    _locked(interview)
    _refuse_answer(interview)
    _refuse_move(interview, Status.CHANGE_REQUESTED)
    _move(interview, Status.CHANGE_REQUESTED, by=by, cause=Cause.CHANGE_REQUESTED, reason=reason)
    _tell_enterprise(interview, by=by, kind=Kind.INTERVIEW_ANSWERED, confirmed=False, reason=reason)
    return interview


@transaction.atomic
def mark_interview_done(*, interview: Interview, by) -> Interview:
    """The interview took place: recorded; interviewers who have not submitted their
    scorecard are asked to (``interview_feedback_due``)."""
    permissions.require_member(by, interview.enterprise_id)
    _locked(interview)
    _refuse_move(interview, Status.DONE)
    if interview.starts_at > timezone.now():
        raise ValidationError(_("The interview has not started yet."), code="not_started")
    _move(interview, Status.DONE, by=by, cause=Cause.DONE)
    submitted = set(interview.scorecards.values_list("interviewer_id", flat=True))
    for user in interview.interviewers.all():
        if user.pk not in submitted:
            notify(
                recipient=user,
                kind=Kind.INTERVIEW_FEEDBACK_DUE,
                context=_context(interview),
                actor=by,
                link=_english_url(interview.workspace_url),
            )
    return interview


def send_interview_reminders(*, now: datetime | None = None) -> int:
    """Remind the candidate and the interviewers of each active interview starting
    within a day, once: the row is marked in the same transaction as its notifications,
    so a second run (or a second worker) sends nothing. Returns the interviews reminded."""
    now = now or timezone.now()
    sent = 0
    for pk in Interview.objects.due_for_reminder(now=now).values_list("pk", flat=True)[:1000]:
        with transaction.atomic():
            interview = (
                Interview.objects.select_for_update(of=("self",), skip_locked=True)
                .due_for_reminder(now=now)
                .select_related("application__profile__user", "application__role__enterprise")
                .filter(pk=pk)
                .first()
            )
            if interview is None:
                continue
            interview.reminder_sent_at = now
            interview.save(update_fields=["reminder_sent_at"])
            candidate = _candidate(interview)
            if candidate is not None:
                notify(
                    recipient=candidate,
                    kind=Kind.INTERVIEW_REMINDER,
                    context=_context(interview, audience="candidate"),
                    link=_english_url(interview.application.get_absolute_url),
                )
            for user in interview.interviewers.all():
                notify(
                    recipient=user,
                    kind=Kind.INTERVIEW_REMINDER,
                    context=_context(interview, audience="interviewer"),
                    link=_english_url(interview.workspace_url),
                )
            sent += 1
    return sent


# -- Scorecards -----------------------------------------------------------------------------


def is_interviewer(interview: Interview, user) -> bool:
    return any(person.pk == user.pk for person in interview.interviewers.all())


def may_read_scorecards(
    interview: Interview, user, *, submitted_ids=None, is_member: bool | None = None
) -> bool:
    """A member of the enterprise reads an interview's scorecards, except an interviewer
    who has not submitted their own (their view must be their own). The candidate never
    does (they are not a member). ``is_member``: already known (a workspace page)."""
    if is_member is None:
        is_member = permissions.is_member(user, interview.enterprise_id)
    if not is_member:
        return False
    if not is_interviewer(interview, user):
        return True
    if submitted_ids is None:
        submitted_ids = {card.interviewer_id for card in interview.scorecards.all()}
    return user.pk in submitted_ids


@transaction.atomic
def submit_scorecard(
    *, interview: Interview, by, ratings: dict[int, int], recommendation: int, notes: str = ""
) -> Scorecard:
    """An interviewer's scorecard: every criterion of the role rated 1–5, an overall
    recommendation, notes. Only the interview's interviewers, once each, not for a
    cancelled interview nor one that has not started."""
    if not is_interviewer(interview, by):
        raise PermissionDenied("Only the interview's interviewers submit a scorecard.")
    if interview.status == Status.CANCELLED:
        raise ValidationError(_("This interview was cancelled."), code="cancelled")
    if interview.starts_at > timezone.now():
        raise ValidationError(
            _("Submit your scorecard once the interview has started."), code="not_started"
        )
    if recommendation not in Scorecard.Recommendation.values:
        raise ValidationError(_("Choose a recommendation."), code="no_recommendation")
    notes = _clean_text(notes, limit=SCORECARD_NOTES_MAX_LENGTH, field=_("notes"))
    criteria = ensure_criteria(role=interview.application.role)
    rated = []
    for criterion in criteria:
        value = ratings.get(criterion.pk)
        if value not in (1, 2, 3, 4, 5):
            raise ValidationError(_("Rate every criterion from 1 to 5."), code="rating_missing")
        rated.append({"criterion": both(criterion, "name"), "rating": value})
    try:
        with transaction.atomic():
            return Scorecard.objects.create(
                interview=interview,
                interviewer=by,
                ratings=rated,
                recommendation=recommendation,
                notes=notes,
            )
    except IntegrityError as error:
        raise ValidationError(
            _("You already submitted your scorecard for this interview."), code="duplicate"
        ) from error
