"""The conversation of an application and the enterprise's message templates.

Who is told about a message:
- a member's message: the candidate;
- the candidate's message: the *team* of the application (``application_team``), the
  current members of the enterprise who have worked on it — moved it, written a note,
  drafted or approved an offer, written in its thread — or, while nobody has, every
  member of the enterprise (the people who were told it arrived).
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from westbund.accounts import permissions
from westbund.core.bilingual import both, text_in
from westbund.core.text import clean_text
from westbund.notifications.actions import notify, notify_many
from westbund.notifications.models import Kind

from ..models import (
    MESSAGE_BODY_MAX_LENGTH,
    MESSAGE_SUBJECT_MAX_LENGTH,
    TEMPLATE_PLACEHOLDERS,
    Application,
    ApplicationMessage,
    ApplicationNote,
    ApplicationStageChange,
    MessageTemplate,
    Offer,
)
from ..models.conversations import PLACEHOLDER
from .applications import move_application

# How much of a message the e-mail quotes; the rest is read in the portal.
EMAIL_EXCERPT = 1000


def application_team(application: Application) -> list:
    """The members told about the candidate's messages and the offer's news (see the
    module's docstring)."""
    members = application.enterprise.recruiter_users()
    worked = members.filter(
        Q(pk__in=ApplicationStageChange.objects.filter(application=application).values("actor"))
        | Q(pk__in=ApplicationNote.objects.filter(application=application).values("author"))
        | Q(pk__in=Offer.objects.filter(application=application).values("drafted_by"))
        | Q(pk__in=Offer.objects.filter(application=application).values("approved_by"))
        | Q(
            pk__in=ApplicationMessage.objects.filter(
                application=application, from_candidate=False
            ).values("sender")
        )
    )
    return list(worked.distinct()) or list(members.distinct())


def _english_url(make) -> str:
    with translation.override("en"):
        return make()


@transaction.atomic
def send_message(
    *, application: Application, by, body: str, subject: str = "", template=None
) -> ApplicationMessage:
    """Write in the application's thread, as its candidate or as a member of the
    enterprise (anyone else: ``PermissionDenied``), and tell the other side
    (``application_message``, e-mail and inbox). Refused (nothing saved): an empty or
    over-long message, control characters, an anonymised application."""
    profile = application.profile
    from_candidate = profile is not None and profile.user_id == getattr(by, "pk", None)
    if not from_candidate and not permissions.is_member(by, application.enterprise_id):
        raise PermissionDenied("Only the candidate and the enterprise write in this thread.")
    if application.is_anonymised:
        raise ValidationError(
            _("The applicant deleted their account: nobody can read a message."),
            code="anonymised",
        )
    body = clean_text(
        body,
        field="body",
        limit=MESSAGE_BODY_MAX_LENGTH,
        required_message=_("Write the message first."),
    )
    subject = clean_text(subject, field="subject", limit=MESSAGE_SUBJECT_MAX_LENGTH)
    message = ApplicationMessage.objects.create(
        application=application,
        sender=by,
        from_candidate=from_candidate,
        subject=subject,
        body=body,
        template=template,
    )
    role = application.role
    context = {
        "role_title": both(role, "title"),
        "enterprise_name": both(application.enterprise, "name"),
        "applicant_name": application.applicant_name,
        "subject": subject,
        "body": body[:EMAIL_EXCERPT],
        "truncated": len(body) > EMAIL_EXCERPT,
        "from_candidate": from_candidate,
    }
    if from_candidate:
        notify_many(
            recipients=application_team(application),
            kind=Kind.APPLICATION_MESSAGE,
            context=context,
            actor=by,
            link=_english_url(application.workspace_url) + "#thread",
        )
    else:
        notify(
            recipient=profile.user,
            kind=Kind.APPLICATION_MESSAGE,
            context=context,
            actor=by,
            link=_english_url(application.get_absolute_url) + "#thread",
        )
    return message


# -- Templates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    body: str
    language: str


def render_message_template(
    *, template: MessageTemplate, application: Application, interview_time: datetime | None = None
) -> RenderedMessage:
    """``template`` written for ``application``, in its candidate's language (the other
    language when the template has none in theirs): ``{name}`` the applicant's name,
    ``{role}`` the role's title, ``{enterprise}`` the enterprise's name,
    ``{interview_time}`` ``interview_time`` in Shanghai time ("to be confirmed" without
    one). Nothing is saved; ``send_template_message`` sends it."""
    language = application.candidate_language()
    with translation.override(language):
        if interview_time is not None:
            moment = date_format(timezone.localtime(interview_time), "DATETIME_FORMAT")
        else:
            moment = str(_("(time to be confirmed)"))
        values = {
            "name": application.applicant_name,
            "role": text_in(application.role, "title", language),
            "enterprise": text_in(application.enterprise, "name", language),
            "interview_time": moment,
        }

        def fill(text: str) -> str:
            return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text or "")

        return RenderedMessage(
            subject=fill(text_in(template, "subject", language)),
            body=fill(text_in(template, "body", language)),
            language=language,
        )


@transaction.atomic
def send_template_message(
    *, application: Application, template: MessageTemplate, by, interview_time=None
) -> ApplicationMessage:
    """Render ``template`` for ``application`` and send it in the thread (to the
    candidate). The template must be the enterprise's own."""
    if template.enterprise_id != application.enterprise_id:
        raise PermissionDenied("A template of another enterprise.")
    rendered = render_message_template(
        template=template, application=application, interview_time=interview_time
    )
    return send_message(
        application=application,
        by=by,
        subject=rendered.subject[:MESSAGE_SUBJECT_MAX_LENGTH],
        body=rendered.body,
        template=template,
    )


@transaction.atomic
def move_application_and_send(
    *,
    application: Application,
    to_stage: str,
    by,
    reason: str = "",
    internal: bool = False,
    template: MessageTemplate | None = None,
) -> Application:
    """``move_application``, then, given a template, send it in the thread — one
    transaction: a refused move sends nothing."""
    move_application(
        application=application, to_stage=to_stage, by=by, reason=reason, internal=internal
    )
    if template is not None and not application.is_anonymised:
        send_template_message(application=application, template=template, by=by)
    return application


def _check_placeholders(field: str, text: str) -> None:
    unknown = sorted(
        {m.group(1) for m in PLACEHOLDER.finditer(text or "")} - set(TEMPLATE_PLACEHOLDERS)
    )
    if unknown:
        raise ValidationError(
            {
                field: ValidationError(
                    _("Unknown placeholder %(unknown)s. Use %(known)s.")
                    % {
                        "unknown": ", ".join(f"{{{name}}}" for name in unknown),
                        "known": ", ".join(f"{{{name}}}" for name in TEMPLATE_PLACEHOLDERS),
                    },
                    code="unknown_placeholder",
                )
            }
        )


TEMPLATE_FIELDS = ("name", "subject_en", "subject_zh", "body_en", "body_zh")


@transaction.atomic
def save_message_template(
    *, enterprise, by, fields: dict, template: MessageTemplate | None = None
) -> MessageTemplate:
    """Create (or, given ``template``, change) one of the enterprise's message
    templates; a member of the enterprise only. The name and the message in one
    language at least are required (a candidate reading the other gets it as written);
    placeholders other than {name}, {role}, {enterprise}, {interview_time} are refused."""
    permissions.require_member(by, enterprise)
    if template is not None and template.enterprise_id != enterprise.pk:
        raise PermissionDenied("A template of another enterprise.")
    template = template or MessageTemplate(enterprise=enterprise)
    limits = {
        "name": 100,
        "subject_en": MESSAGE_SUBJECT_MAX_LENGTH,
        "subject_zh": MESSAGE_SUBJECT_MAX_LENGTH,
        "body_en": MESSAGE_BODY_MAX_LENGTH,
        "body_zh": MESSAGE_BODY_MAX_LENGTH,
    }
    for name in TEMPLATE_FIELDS:
        value = clean_text(
            fields.get(name, ""),
            field=name,
            limit=limits[name],
            required_message=_("This field is required.") if name == "name" else None,
        )
        if name != "name":
            _check_placeholders(name, value)
        setattr(template, name, value)
    if not (template.body_en or template.body_zh):
        raise ValidationError(
            {
                "body_en": ValidationError(
                    _("Write the message in English or in Chinese (or both)."),
                    code="required",
                )
            }
        )
    if (
        MessageTemplate.objects.filter(enterprise=enterprise, name=template.name)
        .exclude(pk=template.pk)
        .exists()
    ):
        raise ValidationError(
            {
                "name": ValidationError(
                    _("Your enterprise has a template of that name."), code="duplicate"
                )
            }
        )
    template.save()
    return template


@transaction.atomic
def delete_message_template(*, template: MessageTemplate, by) -> None:
    """Delete a template; messages sent with it stay (they keep their text)."""
    permissions.require_member(by, template.enterprise_id)
    template.delete()
