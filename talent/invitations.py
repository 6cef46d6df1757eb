"""The calendar invitation an interview's e-mails carry (registered with the
notifications' attachments in ``TalentConfig.ready``).

Built when the e-mail is sent, from the interview as it is then: a REQUEST with the
current time and ``sequence`` while the recipient is invited, a CANCEL once the
interview is cancelled or the recipient was taken off it. An e-mail delivered late
therefore never puts an outdated time back in anyone's calendar.
"""

from django.conf import settings
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from westbund.core import ical
from westbund.core.bilingual import text_in
from westbund.notifications.attachments import Attachment, register
from westbund.notifications.models import Kind
from westbund.notifications.rendering import absolute, recipient_language

from .models import Interview


def _person(user) -> ical.Person:
    return ical.Person(email=user.email, name=user.display_name or "")


def _organizer(interview: Interview) -> ical.Person:
    if interview.organizer_id and interview.organizer.email:
        return _person(interview.organizer)
    from email.utils import parseaddr

    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return ical.Person(email=address, name=name)


def calendar_event(
    interview: Interview, *, language: str, page_path: str = ""
) -> ical.CalendarEvent:
    """The interview as one VEVENT, its words in ``language``."""
    application = interview.application
    role = application.role
    candidate = application.profile.user if application.profile_id else None
    attendees = [_person(candidate)] if candidate is not None else []
    attendees += [_person(user) for user in interview.interviewers.all()]
    with translation.override(language):
        summary = _("Interview: %(role)s · %(enterprise)s") % {
            "role": text_in(role, "title", language),
            "enterprise": text_in(role.enterprise, "name", language),
        }
        lines = [
            _("Candidate: %(name)s") % {"name": application.applicant_name},
            _("How: %(mode)s") % {"mode": Interview.Mode(interview.mode).label},
        ]
        if interview.location:
            lines.append(_("Place: %(place)s") % {"place": interview.location})
        if interview.link:
            lines.append(_("Link: %(link)s") % {"link": interview.link})
        if page_path:
            lines.append(absolute(page_path))
    return ical.CalendarEvent(
        uid=interview.calendar_uid(),
        sequence=interview.sequence,
        stamp=interview.updated_at,
        starts_at=interview.starts_at,
        ends_at=interview.ends_at,
        summary=strip_tags(summary),
        description="\n".join(lines),
        location=interview.place(),
        url=interview.link,
        status="CONFIRMED",
        organizer=_organizer(interview),
        attendees=tuple(attendees),
    )


def _is_invited(interview: Interview, user) -> bool:
    candidate_id = (
        interview.application.profile.user_id if interview.application.profile_id else None
    )
    return user.pk == candidate_id or any(u.pk == user.pk for u in interview.interviewers.all())


def invitation_attachments(notification) -> list[Attachment]:
    interview = (
        Interview.objects.select_related(
            "organizer", "application__profile__user", "application__role__enterprise"
        )
        .prefetch_related("interviewers")
        .filter(pk=notification.context.get("interview_id"))
        .first()
    )
    if interview is None or notification.recipient is None:
        return []
    if interview.status == Interview.Status.DONE:
        return []
    cancel = interview.status == Interview.Status.CANCELLED or not _is_invited(
        interview, notification.recipient
    )
    language = recipient_language(notification)
    event = calendar_event(interview, language=language, page_path=notification.url_in(language))
    body = ical.invitation(event, cancel=cancel)
    return [
        Attachment(
            filename="cancel.ics" if cancel else "invite.ics",
            content=body,
            mimetype="application/ics",
            alternative=ical.invitation_mimetype(cancel=cancel),
        )
    ]


def register_invitations() -> None:
    # The invitation itself, its changes and its cancellation carry the calendar; a
    # reminder does not (the event is in the calendar already).
    register(Kind.INTERVIEW_INVITATION)(invitation_attachments)
