"""Interviews and scorecards in the enterprise workspace
(``/workspace/<enterprise_slug>/interviews/…`` and from an applicant's page).

As the applicant pages: every view goes through ``workspace_view`` and reads interviews
only through ``Interview.objects.for_enterprise_member(user)`` narrowed to the
enterprise, so another enterprise's interview, application or role is a 404.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from enterprises.models import Role
from enterprises.workspace import workspace_view
from westbund.core.forms import submit
from westbund.core.kept import kept_page

from . import actions
from .counts import workspace_page_versions
from .forms import CriterionForm, InterviewCancelForm, InterviewForm, ScorecardForm
from .models import Application, Interview, Scorecard, ScorecardCriterion

INTERVIEWS_PER_PAGE = 25


def _render(request, template, context):
    return render(request, template, {"membership": request.membership, **context})


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def interviews_with_feedback(queryset):
    """``queryset`` with what the pages show of each interview, in a fixed number of
    queries: the application, its role, the interviewers, the scorecards and their
    authors."""
    # The interviewers are shown by name: their rows without the rest of the account
    # (the password hash has no business on a list page).
    interviewers = get_user_model().objects.only("id", "email", "display_name")
    return queryset.select_related(
        "application__profile", "application__role", "enterprise"
    ).prefetch_related(
        Prefetch("interviewers", queryset=interviewers),
        Prefetch("scorecards", queryset=Scorecard.objects.select_related("interviewer")),
    )


def feedback_for(interview: Interview, user) -> dict:
    """What ``user``, a member of the interview's enterprise (the workspace checked it),
    may see of its scorecards: the summary and each card when they may read them;
    otherwise only how many were submitted."""
    cards = list(interview.scorecards.all())
    submitted_ids = {card.interviewer_id for card in cards}
    readable = actions.may_read_scorecards(
        interview, user, submitted_ids=submitted_ids, is_member=True
    )
    interviewer = actions.is_interviewer(interview, user)
    summary = None
    if readable and cards:
        recommendations = [card.recommendation for card in cards]
        averages = [avg for card in cards if (avg := card.average()) is not None]
        summary = {
            "count": len(cards),
            "recommendation": Scorecard.Recommendation(
                round(sum(recommendations) / len(recommendations))
            ).label,
            "average": round(sum(averages) / len(averages), 1) if averages else None,
        }
    return {
        "interview": interview,
        "cards": cards if readable else [],
        "readable": readable,
        "summary": summary,
        "count": len(cards),
        "expected": len(interview.interviewers.all()),
        "is_interviewer": interviewer,
        "submitted": user.pk in submitted_ids,
    }


def _interviews(request, enterprise):
    return Interview.objects.for_enterprise_member(request.user).filter(enterprise=enterprise)


def _interview(request, enterprise, pk) -> Interview:
    return get_object_or_404(
        interviews_with_feedback(_interviews(request, enterprise)).select_related("organizer"),
        pk=pk,
    )


def _application(request, enterprise, pk) -> Application:
    return get_object_or_404(
        Application.objects.for_enterprise_member(request.user)
        .filter(enterprise=enterprise)
        .select_related("role", "enterprise", "profile"),
        pk=pk,
    )


@never_cache
@workspace_view
@kept_page(versions=partial(workspace_page_versions, interviews=True))
def interview_list(request, enterprise):
    """The enterprise's upcoming interviews, soonest first; ``?mine=1``: the signed-in
    member's own (as an interviewer); ``?past=1``: those over, done or cancelled, the
    latest first (their scorecards and history stay one click away)."""
    mine = request.GET.get("mine") == "1"
    past = not mine and request.GET.get("past") == "1"
    interviews = _interviews(request, enterprise)
    if past:
        interviews = interviews.past().order_by("-starts_at", "-pk")
    else:
        interviews = interviews.upcoming().order_by("starts_at", "pk")
    if mine:
        interviews = interviews.with_interviewer(request.user)
    page = Paginator(interviews_with_feedback(interviews), INTERVIEWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return _render(
        request,
        "talent/workspace/interview_list.html",
        {
            "enterprise": enterprise,
            "page": page,
            "rows": [feedback_for(interview, request.user) for interview in page.object_list],
            "mine": mine,
            "past": past,
            "querystring": "mine=1" if mine else "past=1" if past else "",
        },
    )


def _clash_warning(form, *, enterprise, exclude=None) -> list:
    from datetime import timedelta

    slot = form.slot()
    found = actions.clashes(
        enterprise=enterprise,
        interviewers=slot["interviewers"],
        starts_at=slot["starts_at"],
        ends_at=slot["starts_at"] + timedelta(minutes=slot["duration_minutes"]),
        exclude=exclude,
    )
    return found


def _schedule_page(request, enterprise, application, form, *, clash=None, interview=None):
    return _render(
        request,
        "talent/workspace/interview_form.html",
        {
            "enterprise": enterprise,
            "application": application,
            "interview": interview,
            "form": form,
            "clashes": clash or [],
        },
    )


@never_cache
@workspace_view
def interview_new(request, enterprise, application_pk):
    application = _application(request, enterprise, application_pk)
    if request.method != "POST":
        form = InterviewForm(enterprise=enterprise, initial={"interviewers": [request.user.pk]})
        return _schedule_page(request, enterprise, application, form)
    form = InterviewForm(request.POST, enterprise=enterprise)
    if form.is_valid():
        clash = _clash_warning(form, enterprise=enterprise)
        if clash and not form.cleaned_data["confirm_clash"]:
            messages.warning(
                request,
                _("An interviewer has another interview at that time. Schedule anyway?"),
            )
            return _schedule_page(request, enterprise, application, form, clash=clash)

        def schedule(data):
            template = data.get("message_template")
            with transaction.atomic():
                interview = actions.schedule_interview(
                    application=application, by=request.user, **form.slot()
                )
                if template is not None:
                    # Sent with the invitation, or not at all.
                    actions.send_template_message(
                        application=application,
                        template=template,
                        by=request.user,
                        interview_time=interview.starts_at,
                    )
            return interview

        if scheduled := submit(form, schedule):
            messages.success(
                request,
                _("Interview scheduled. The candidate and the interviewers get the invitation."),
            )
            return redirect(scheduled.value.workspace_url())
    return _schedule_page(request, enterprise, application, form)


def _interview_page(request, enterprise, interview, *, scorecard_form=None, cancel_form=None):
    feedback = feedback_for(interview, request.user)
    criteria = []
    if feedback["is_interviewer"] and not feedback["submitted"]:
        criteria = actions.ensure_criteria(role=interview.application.role)
    return _render(
        request,
        "talent/workspace/interview_detail.html",
        {
            "enterprise": enterprise,
            "interview": interview,
            "application": interview.application,
            "feedback": feedback,
            "history": interview.events.select_related("actor"),
            "scorecard_form": (
                scorecard_form or (ScorecardForm(criteria=criteria) if criteria else None)
            ),
            "may_submit": (
                feedback["is_interviewer"]
                and not feedback["submitted"]
                and interview.status != Interview.Status.CANCELLED
                and interview.starts_at <= timezone.now()
            ),
            "cancel_form": cancel_form or InterviewCancelForm(),
            "may_mark_done": interview.can_move_to(Interview.Status.DONE)
            and interview.starts_at <= timezone.now(),
        },
    )


@never_cache
@workspace_view
def interview_detail(request, enterprise, pk):
    return _interview_page(request, enterprise, _interview(request, enterprise, pk))


@never_cache
@workspace_view
def interview_reschedule(request, enterprise, pk):
    interview = _interview(request, enterprise, pk)
    application = interview.application
    if request.method != "POST":
        local = timezone.localtime(interview.starts_at)
        form = InterviewForm(
            enterprise=enterprise,
            reschedule=True,
            initial={
                "date": local.date(),
                "time": local.time(),
                "duration": interview.duration_minutes,
                "mode": interview.mode,
                "location": interview.location,
                "link": interview.link,
                "interviewers": [user.pk for user in interview.interviewers.all()],
            },
        )
        return _schedule_page(request, enterprise, application, form, interview=interview)
    form = InterviewForm(request.POST, enterprise=enterprise, reschedule=True)
    if form.is_valid():
        clash = _clash_warning(form, enterprise=enterprise, exclude=interview)
        if clash and not form.cleaned_data["confirm_clash"]:
            messages.warning(
                request,
                _("An interviewer has another interview at that time. Schedule anyway?"),
            )
            return _schedule_page(
                request, enterprise, application, form, clash=clash, interview=interview
            )
        if submit(
            form,
            lambda data: actions.reschedule_interview(
                interview=interview, by=request.user, reason=data.get("reason", ""), **form.slot()
            ),
        ):
            messages.success(request, _("Interview changed. Everyone invited gets the update."))
            return redirect(interview.workspace_url())
    return _schedule_page(request, enterprise, application, form, interview=interview)


@workspace_view
@require_POST
def interview_cancel(request, enterprise, pk):
    interview = _interview(request, enterprise, pk)
    form = InterviewCancelForm(request.POST)
    if form.is_valid():
        try:
            actions.cancel_interview(
                interview=interview, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Interview cancelled. Everyone invited is told."))
            return redirect(interview.workspace_url())
    return _interview_page(request, enterprise, interview, cancel_form=form)


@workspace_view
@require_POST
def interview_done(request, enterprise, pk):
    interview = _interview(request, enterprise, pk)
    try:
        actions.mark_interview_done(interview=interview, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Interview marked as done."))
    return redirect(interview.workspace_url())


@workspace_view
@require_POST
def scorecard_submit(request, enterprise, pk):
    interview = _interview(request, enterprise, pk)
    if not actions.is_interviewer(interview, request.user):
        raise PermissionDenied("Only the interview's interviewers submit a scorecard.")
    criteria = actions.ensure_criteria(role=interview.application.role)
    form = ScorecardForm(request.POST, criteria=criteria)
    if form.is_valid():
        try:
            actions.submit_scorecard(
                interview=interview,
                by=request.user,
                ratings=form.ratings(),
                recommendation=form.cleaned_data["recommendation"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            # Not the form's fault (not started, cancelled, already submitted): said
            # above the page, whose form may no longer be shown.
            messages.error(request, _error_text(error))
            return redirect(interview.workspace_url())
        else:
            messages.success(request, _("Scorecard submitted. You can now read the others'."))
            return redirect(interview.workspace_url())
    return _interview_page(request, enterprise, interview, scorecard_form=form)


# -- Scorecard criteria of a role ------------------------------------------------------------


def _role(request, enterprise, role_pk) -> Role:
    return get_object_or_404(
        Role.objects.for_member(request.user).filter(enterprise=enterprise), pk=role_pk
    )


@never_cache
@workspace_view
def criteria(request, enterprise, role_pk):
    role = _role(request, enterprise, role_pk)
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and submit(
        form,
        lambda data: actions.add_criterion(
            role=role, by=request.user, name_en=data["name_en"], name_zh=data["name_zh"]
        ),
    ):
        messages.success(request, _("Criterion added."))
        return redirect("talent:workspace_role_criteria", enterprise.slug, role.pk)
    return _render(
        request,
        "talent/workspace/criteria.html",
        {
            "enterprise": enterprise,
            "role": role,
            "criteria": actions.ensure_criteria(role=role),
            "form": form,
        },
    )


@workspace_view
@require_POST
def criterion_delete(request, enterprise, role_pk, pk):
    role = _role(request, enterprise, role_pk)
    criterion = get_object_or_404(ScorecardCriterion.objects.filter(role=role), pk=pk)
    actions.remove_criterion(criterion=criterion, by=request.user)
    messages.success(request, _("Criterion removed."))
    return redirect("talent:workspace_role_criteria", enterprise.slug, role.pk)
