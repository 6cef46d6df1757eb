"""The talent app's part of a person's data (``westbund.privacy`` collects it): the
profile, its review history and officers' notes, CVs (files too), applications and job
alerts; what account deletion does here; what withdrawing consent does to a profile.

Imported by ``TalentConfig.ready``.
"""

from django.utils import timezone

from westbund.privacy.models import ConsentKind
from westbund.privacy.registry import (
    PersonalFile,
    eraser,
    export_section,
    iso,
    on_consent_withdrawn,
    personal_files,
)

from .models import (
    FORMER_APPLICANT,
    Application,
    ApplicationMessage,
    ApplicationNote,
    ApplicationStageChange,
    ApplicationTag,
    CVDocument,
    JobAlert,
    Offer,
    OfferTransition,
    ProfileReviewEvent,
    TagEvent,
    TalentProfile,
)

PROFILE_EXPORT_FIELDS = (
    *TalentProfile.OWN_FIELDS,
    "review_state",
    "review_message",
    "submitted_at",
    "decided_at",
    "created_at",
    "updated_at",
)


@export_section("talent_profile")
def _profile(user):
    profile = TalentProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    data = {}
    for name in PROFILE_EXPORT_FIELDS:
        value = getattr(profile, name)
        if name in {"nationality", "phone"}:
            value = str(value) if value else ""
        data[name] = value
    data["university"] = profile.university_name
    data["current_cv_id"] = profile.current_cv_id
    return data


@export_section("cv_documents")
def _cvs(user):
    return [
        {
            "id": cv.pk,
            "file_in_this_archive": _archive_name(cv),
            "original_name": cv.original_name,
            "size": cv.size,
            "pages": cv.page_count,
            "sha256": cv.sha256,
            "uploaded_at": iso(cv.uploaded_at),
            # The words extracted from it for search (erased with the CV: a column of
            # its row, so deleting the CV or the account takes it too).
            "extracted_text": cv.text,
            "text_extracted_at": iso(cv.text_extracted_at),
        }
        for cv in CVDocument.objects.filter(profile__user=user)
    ]


@export_section("talent_pool")
def _talent_pool(user):
    # Invitations received and the hub's recommendations of the person; the
    # recruiter and the officer are said by role, as in the review history.
    from .models import PoolInvitation, PoolRecommendation

    invitations = (
        PoolInvitation.objects.filter(profile__user=user)
        .select_related("role", "enterprise")
        .prefetch_related("events")
        .order_by("created_at", "pk")
    )
    recommendations = PoolRecommendation.objects.filter(profile__user=user).select_related(
        "enterprise"
    )
    return {
        "invitations": [
            {
                "enterprise": invitation.enterprise.name_en,
                "role": invitation.role.title_en,
                "message": invitation.message,
                "status": invitation.status,
                "sent_at": iso(invitation.created_at),
                "answered_at": iso(invitation.decided_at),
                "history": [
                    {"when": iso(event.created_at), "to": event.to_state, "cause": event.cause}
                    for event in invitation.events.all()
                ],
            }
            for invitation in invitations
        ],
        "recommended_by_the_hub_to": [
            {
                "enterprise": recommendation.enterprise.name_en,
                "note": recommendation.note,
                "when": iso(recommendation.created_at),
            }
            for recommendation in recommendations
        ],
    }


@export_section("profile_review_history")
def _review_history(user):
    # Who acted is said as "you" or "hub officer": an officer's identity is their own
    # personal data, not the professional's.
    events = ProfileReviewEvent.objects.filter(profile__user=user).order_by("created_at", "pk")
    return [
        {
            "when": iso(event.created_at),
            "from": event.from_state,
            "to": event.to_state,
            "by": "you"
            if event.actor_id == user.pk
            else ("hub officer" if event.actor_id else "system"),
            # The export's keys stay as they were: the words, then the code.
            "message": event.reason,
            "reason": event.cause,
        }
        for event in events
    ]


@export_section("hub_notes")
def _hub_notes(user):
    # Officers' internal notes are about the person, hence theirs to read (PIPL art. 45);
    # the author is said as "hub officer", as in the review history.
    from .models import ProfileOfficerNote

    notes = ProfileOfficerNote.objects.filter(profile__user=user).order_by("created_at", "pk")
    return [
        {"when": iso(note.created_at), "by": "hub officer", "note": note.body} for note in notes
    ]


@export_section("applications")
def _applications(user):
    # The enterprise's internal notes, internal reasons and tags are its own working
    # papers, not part of what the professional sent or was told.
    applications = (
        Application.objects.filter(profile__user=user)
        .select_related("role", "enterprise")
        .prefetch_related("history")
        .order_by("created_at", "pk")
    )
    return [
        {
            "role": application.role.title_en,
            "role_path": application.role.get_absolute_url(),
            "enterprise": application.enterprise.name_en,
            "applied_at": iso(application.created_at),
            "stage": application.stage,
            "cover_letter": application.cover_letter,
            "answers": application.answers,
            "cv_id": application.cv_id,
            "rejection_reason": application.rejection_reason,
            "timeline": [
                {
                    "when": iso(change.created_at),
                    "from": change.from_state,
                    "to": change.to_state,
                    "reason": change.public_reason,
                }
                for change in application.history.all()
            ],
        }
        for application in applications
    ]


@export_section("offers")
def _offers(user):
    # The offers the person received (never an enterprise's unsent draft), with the
    # letter and their answer; who drafted or approved it is the enterprise's business.
    offers = (
        Offer.objects.for_candidate(user)
        .select_related("application__role", "enterprise")
        .order_by("created_at", "pk")
    )
    return [
        {
            "role": offer.application.role.title_en,
            "enterprise": offer.enterprise.name_en,
            "position": offer.position,
            "annual_salary_cny": offer.annual_salary,
            "start_date": iso(offer.start_date),
            "expires_on": iso(offer.expires_on),
            "status": offer.status,
            "letter": offer.letter,
            "sent_at": iso(offer.sent_at),
            "decided_at": iso(offer.decided_at),
            "decline_reason": offer.decline_reason,
        }
        for offer in offers
    ]


@export_section("application_messages")
def _application_messages(user):
    # The whole thread: what they wrote and what the enterprise wrote to them. The
    # enterprise's sender is said as "enterprise", as officers are said as "hub officer".
    messages = (
        ApplicationMessage.objects.for_candidate(user)
        .select_related("application__role")
        .order_by("created_at", "pk")
    )
    return [
        {
            "role": message.application.role.title_en,
            "from": "you" if message.from_candidate else "enterprise",
            "when": iso(message.created_at),
            "subject": message.subject,
            "body": message.body,
        }
        for message in messages
    ]


@export_section("job_alerts")
def _job_alerts(user):
    return [
        {
            "name": alert.name,
            "keywords": alert.keywords,
            "specialties": alert.specialties,
            "employment_type": alert.employment_type,
            "seniority": alert.seniority,
            "remote_policy": alert.remote_policy,
            "sponsors_visa": alert.sponsors_visa,
            "min_salary": alert.min_salary,
            "created_at": iso(alert.created_at),
            "last_digest_at": iso(alert.last_digest_at),
        }
        for alert in JobAlert.objects.filter(user=user)
    ]


def _archive_name(cv: CVDocument) -> str:
    return f"cv/{cv.download_name}"


@personal_files("cv_documents")
def _cv_files(user):
    return [
        PersonalFile(archive_name=_archive_name(cv), name=cv.file.name)
        for cv in CVDocument.objects.filter(profile__user=user)
    ]


def anonymise_for_enterprises(*, profile: TalentProfile) -> int:
    """Before the profile is deleted, keep what an enterprise needs of this person's
    applications as anonymised records: role, stage history and dates stay; the
    profile link, cover letter, answers, CV, reasons and internal notes (all about the
    person) go, and the recruiters' "new application" notifications lose the name.
    Open offers are withdrawn and upcoming interviews cancelled (``candidate_left``).
    Returns how many applications were anonymised.
    """
    from django.utils import translation

    from westbund.notifications.models import Kind, Notification

    applications = list(
        Application.objects.select_for_update().filter(profile=profile).select_related("enterprise")
    )
    if not applications:
        return 0
    ids = [application.pk for application in applications]
    with translation.override("en"):
        paths = [application.workspace_url() for application in applications]
        former = str(FORMER_APPLICANT)
    for notification in Notification.objects.filter(kind=Kind.APPLICATION_RECEIVED, link__in=paths):
        notification.context = {**notification.context, "applicant_name": former}
        notification.save(update_fields=["context"])
    # The team's notifications about offers and messages lose the name and the words.
    about_person = Notification.objects.filter(
        kind__in=[
            Kind.OFFER_APPROVAL_REQUESTED,
            Kind.OFFER_STATUS_CHANGED,
            Kind.APPLICATION_MESSAGE,
        ],
        link__in=[*paths, *(f"{path}#thread" for path in paths)],
    )
    for notification in about_person:
        context = {**notification.context, "applicant_name": former}
        for key in ("body", "subject", "reason"):
            if key in context:
                context[key] = ""
        notification.context = context
        notification.save(update_fields=["context"])
    # The thread and the letters are about the person: the thread goes, an offer keeps
    # its terms and lifecycle (the enterprise's record) without letter or reasons.
    ApplicationMessage.objects.filter(application_id__in=ids).delete()
    Offer.objects.filter(application_id__in=ids).update(letter="", decline_reason="")
    OfferTransition.objects.filter(offer__application_id__in=ids).update(reason="")
    ApplicationNote.objects.filter(application_id__in=ids).delete()
    # The enterprise's tags judge the person ("strong coder"): they go with the notes,
    # their history rows too (a tag's own creation, not about anyone, stays).
    ApplicationTag.objects.filter(application_id__in=ids).delete()
    TagEvent.objects.filter(application_id__in=ids).delete()
    ApplicationStageChange.objects.filter(application_id__in=ids).update(reason="")
    anonymised = Application.objects.filter(pk__in=ids).update(
        profile=None,
        cv=None,
        cover_letter="",
        answers={},
        rejection_reason="",
        anonymised_at=timezone.now(),
    )
    # Nobody is left to accept an offer or attend an interview: the open ones close,
    # recorded with the cause, after the anonymisation so that the team's news of it
    # names a former applicant, not the person.
    from .actions.applications import close_open_offers_and_interviews

    for application in Application.objects.filter(pk__in=ids).order_by("pk"):
        close_open_offers_and_interviews(
            application=application, by=None, cause=OfferTransition.Cause.CANDIDATE_LEFT
        )
    return anonymised


@eraser("talent")
def _erase(user) -> dict:
    """Anonymise what enterprises keep of the person's applications, then erase the
    profile with its CVs, review history and notes (job alerts go with the account).
    The CV files are registered above and erased once this has committed."""
    profile = TalentProfile.objects.filter(user=user).first()
    if profile is None:
        return {"cv_files_erased": 0}
    cvs = profile.cv_documents.count()
    anonymise_for_enterprises(profile=profile)
    profile.delete()
    return {"cv_files_erased": cvs}


@on_consent_withdrawn("talent")
def _consent_withdrawn(user, kind) -> None:
    """Without consent to processing the hub may not review or show the profile: one
    that is submitted, in review or verified goes back to draft (the verification
    lapses), with a history row saying why. A decision already taken (declined, changes
    requested) stands.

    Withdrawing SHARE_WITH_ENTERPRISES stops new applications (``submit_application``
    checks it); what was already sent stays with the enterprise it was sent to, as the
    consent then allowed.
    """
    if kind == ConsentKind.TALENT_POOL:
        # Out of the pool at once (``in_talent_pool`` reads the consent live); what was
        # open is cancelled, with the cause recorded.
        from .actions.pool import cancel_open_invitations
        from .models import PoolInvitation

        cancel_open_invitations(user=user, cause=PoolInvitation.Cause.CONSENT_WITHDRAWN)
        return
    if kind != ConsentKind.PROFILE_PROCESSING:
        return
    from .actions.profiles import _locked, _move

    profile = TalentProfile.objects.filter(user=user).first()
    if profile is None:
        return
    _locked(profile)
    if profile.can_move_to(TalentProfile.ReviewState.DRAFT):
        profile.assigned_officer = None
        _move(
            profile,
            to_state=TalentProfile.ReviewState.DRAFT,
            by=user,
            cause=ProfileReviewEvent.Cause.CONSENT_WITHDRAWN,
            extra_fields=["assigned_officer"],
        )


@export_section("interviews")
def _interviews(user):
    # The interviews of the person's applications, and the interviewers' scorecards
    # about them: ratings, recommendation and notes are personal information about the
    # candidate (PIPL art. 4, 45), hence in their copy, though never shown in /me/
    # (docs/privacy-interviews.md). The interviewers are said as "interviewer", as the
    # review history says "hub officer".
    from .models import Interview

    interviews = (
        Interview.objects.filter(application__profile__user=user)
        .select_related("application__role")
        .prefetch_related("events", "scorecards")
        .order_by("starts_at", "pk")
    )
    return [
        {
            "role": interview.application.role.title_en,
            "starts_at": iso(interview.starts_at),
            "ends_at": iso(interview.ends_at),
            "mode": interview.mode,
            "place": interview.location,
            "link": interview.link,
            "status": interview.status,
            "history": [
                {
                    "when": iso(event.created_at),
                    "from": event.from_state,
                    "to": event.to_state,
                    "cause": event.cause,
                    "reason": event.reason,
                }
                for event in interview.events.all()
            ],
            "scorecards": [
                {
                    "by": "interviewer",
                    "submitted_at": iso(card.submitted_at),
                    "ratings": [
                        {"criterion": item["criterion"].get("en", ""), "rating": item["rating"]}
                        for item in card.ratings
                    ],
                    "recommendation": card.get_recommendation_display_en(),
                    "notes": card.notes,
                }
                for card in interview.scorecards.all()
            ],
        }
        for interview in interviews
    ]
