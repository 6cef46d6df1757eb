from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from westbund.accounts.permissions import Area
from westbund.core.forms import submit
from westbund.core.kept import kept_page
from westbund.privacy import actions as privacy_actions
from westbund.privacy.files import private_file_response
from westbund.privacy.models import AuditEvent, Consent, ConsentKind

from . import actions
from .counts import own_page_versions
from .forms import (
    ApplicationForm,
    CVUploadForm,
    DeleteAccountForm,
    InvitationAcceptForm,
    JobAlertForm,
    MessageForm,
    OfferDeclineForm,
    TalentProfileForm,
)
from .matching import recommended_roles
from .models import (
    Application,
    ApplicationStageChange,
    CVDocument,
    JobAlert,
    Offer,
    PoolInvitation,
    TalentProfile,
)
from .offer_pdf import offer_pdf_response
from .threads import post_message


def _own_profile(user) -> TalentProfile | None:
    return (
        TalentProfile.objects.select_related("current_cv", "assigned_officer")
        .filter(user=user)
        .first()
    )


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@kept_page(versions=own_page_versions)
def me(request):
    profile = _own_profile(request.user)
    # The name the person gave in their profile (the Chinese one on Chinese pages); the
    # account's e-mail only until there is a profile.
    greeting_name = request.user.get_short_name()
    if profile is not None and profile.full_name:
        greeting_name = profile.reader_name
    context = {"profile": profile, "greeting_name": greeting_name}
    if profile is not None:
        context.update(
            completeness=profile.completeness(),
            latest_events=profile.history.order_by("-created_at", "-id")[:5],
            recent_applications=profile.applications.select_related("role", "enterprise").order_by(
                "-created_at", "-pk"
            )[:5],
            recommendations=recommended_roles(profile),
        )
    return render(request, "talent/me.html", context)


@login_required
def profile_edit(request):
    profile = _own_profile(request.user) or TalentProfile(user=request.user)
    # A new profile still shows consents given earlier (from the privacy page).
    consents = profile.active_consent_kinds
    form = TalentProfileForm(request.POST or None, instance=profile, consents=consents)
    if request.method == "POST" and submit(
        form,
        lambda data: actions.save_profile(
            profile=form.save(commit=False),
            by=request.user,
            changed_fields=form.changed_profile_fields,
            consents=form.consent_choices,
        ),
    ):
        messages.success(request, _("Your profile is saved."))
        return redirect("talent:me")
    return render(request, "talent/talentprofile_form.html", {"form": form, "profile": profile})


@login_required
@require_POST
def submit_for_review(request):
    profile = _own_profile(request.user)
    if profile is None:
        return redirect("talent:profile_edit")
    try:
        actions.submit_profile_for_review(profile=profile, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Your profile is submitted. A talent officer will review it."))
    return redirect("talent:me")


@login_required
def cv(request):
    profile = _own_profile(request.user)
    if profile is None:
        messages.info(request, _("Start your profile first; then add your CV."))
        return redirect("talent:profile_edit")
    form = CVUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.upload_cv(profile=profile, upload=form.cleaned_data["file"], by=request.user)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("Your CV is uploaded."))
            return redirect("talent:cv")
    documents = profile.cv_documents.all()
    return render(
        request,
        "talent/cvdocument_list.html",
        {"form": form, "profile": profile, "documents": documents},
    )


def _cv_role(document: CVDocument, reader, request):
    """The role of ``?application=`` when the CV was sent with that application and
    the reader may see it (its enterprise's member, an officer, the applicant)."""
    try:
        application_pk = int(request.GET.get("application", ""))
    except ValueError:
        return None
    applications = Application.objects.filter(cv=document, pk=application_pk)
    if document.profile.user_id != reader.pk and not reader.is_staff:
        applications = applications & Application.objects.for_enterprise_member(reader)
    application = applications.select_related("role").first()
    return application.role if application else None


@never_cache
@login_required
def cv_download(request, pk):
    # Scoped first: a CV the reader may not see is a 404, never a 403 that confirms it
    # exists. ``readable_by`` admits the owner, officers granted the CV area and the
    # enterprises it was sent to; the download path adds two-factor and the audit.
    document = get_object_or_404(
        CVDocument.objects.readable_by(request.user).select_related("profile"), pk=pk
    )
    return private_file_response(
        request,
        file=document.file,
        owner_id=document.profile.user_id,
        area=Area.CVS,
        shared=True,
        audit_action=AuditEvent.Action.CV_VIEWED,
        target=document,
        details={"profile_id": document.profile_id},
        filename=document.file_name_for(role=_cv_role(document, request.user, request)),
        content_type="application/pdf",
    )


@login_required
def privacy(request):
    consents = list(Consent.objects.filter(user=request.user))
    active = {consent.kind for consent in consents if consent.is_active}
    return render(
        request,
        "talent/privacy.html",
        {
            "consents": consents,
            "consent_kinds": [(kind, label, kind in active) for kind, label in ConsentKind.choices],
            "delete_form": DeleteAccountForm(user=request.user),
        },
    )


# What withdrawing each consent does, said on the page that asks first.
WITHDRAWING = {
    ConsentKind.PROFILE_PROCESSING: [
        gettext_lazy("your profile leaves the hub's review and loses its verification;"),
        gettext_lazy("the hub stops working with your profile until you consent again;"),
        gettext_lazy("your account, your CV and your applications stay."),
    ],
    ConsentKind.SHARE_WITH_ENTERPRISES: [
        gettext_lazy("you can no longer apply to roles until you consent again;"),
        gettext_lazy("what you already sent stays with the enterprise you sent it to."),
    ],
    ConsentKind.TALENT_POOL: [
        gettext_lazy("enterprises can no longer find you in the talent pool or invite you;"),
        gettext_lazy("invitations you have not answered are cancelled;"),
        gettext_lazy("invitations you accepted stay applications like any other."),
    ],
}


@login_required
def consent_change(request, kind, change):
    """A consent is given with one click; withdrawing one is asked first (GET says what
    it does), as it takes effect at once and may end the hub's work on the profile."""
    if kind not in ConsentKind.values or change not in {"grant", "withdraw"}:
        raise Http404
    if request.method != "POST":
        if change == "grant":
            return HttpResponseNotAllowed(["POST"])
        if not Consent.objects.filter(user=request.user, kind=kind).active().exists():
            messages.info(request, _("This consent is not given: there is nothing to withdraw."))
            return redirect("talent:privacy")
        return render(
            request,
            "talent/consent_withdraw.html",
            {"label": ConsentKind(kind).label, "kind": kind, "effects": WITHDRAWING[kind]},
        )
    if change == "grant":
        privacy_actions.grant_consent(user=request.user, kind=kind)
        messages.success(request, _("Your consent is recorded."))
    else:
        privacy_actions.withdraw_consent(user=request.user, kind=kind)
        messages.success(request, _("Your consent is withdrawn."))
    return redirect("talent:privacy")


@never_cache
@login_required
@require_POST
def privacy_export(request):
    archive = privacy_actions.export_personal_data(user=request.user)
    response = HttpResponse(archive, content_type="application/zip")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="westbund-my-data-{stamp}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def account_delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        privacy_actions.delete_account(user=request.user)
        logout(request)
        messages.success(request, _("Your account and your personal data are erased."))
        return redirect("home")
    return render(request, "talent/account_confirm_delete.html", {"form": form})


# -- Applying --------------------------------------------------------------------------------


def _role_for_application(slug):
    from enterprises.models import Role

    # A role that was on the board (published, or closed since) is named in the refusal;
    # one that never was (a draft, one under review or rejected) does not exist here.
    return get_object_or_404(
        Role.objects.filter(
            state__in=[Role.State.PUBLISHED, Role.State.CLOSED], enterprise__is_active=True
        ).select_related("enterprise"),
        slug=slug,
    )


@login_required
def apply(request, slug):
    role = _role_for_application(slug)
    profile = _own_profile(request.user)
    refusal = actions.application_refusal(profile=profile, role=role)
    if refusal is not None:
        if refusal.code == "role_closed":
            messages.error(request, _error_text(refusal))
            return redirect("enterprises:jobs")
        return render(
            request,
            "talent/application_form.html",
            {"role": role, "profile": profile, "refusal": refusal},
        )
    needs_consent = not profile.has_consent(ConsentKind.SHARE_WITH_ENTERPRISES)
    form = ApplicationForm(request.POST or None, needs_consent=needs_consent)

    def send(data):
        # The consent and the application stand or fall together.
        with transaction.atomic():
            if form.consents_now:
                privacy_actions.grant_consent(
                    user=request.user, kind=ConsentKind.SHARE_WITH_ENTERPRISES
                )
                profile.forget_consents()
            return actions.submit_application(
                profile=profile,
                role=role,
                cover_letter=data["cover_letter"],
                answers=form.answers,
                source=Application.Source.from_link(request.GET.get("src")),
            )

    if request.method == "POST" and (sent := submit(form, send)):
        messages.success(
            request,
            _("Your application to %(role)s is sent. Follow it here.") % {"role": role.title},
        )
        return redirect(sent.value)
    return render(
        request,
        "talent/application_form.html",
        {"role": role, "profile": profile, "form": form, "needs_consent": needs_consent},
    )


def _public_timeline():
    return Prefetch(
        "history",
        queryset=ApplicationStageChange.objects.order_by("created_at", "pk"),
    )


@login_required
@kept_page(versions=own_page_versions)
def application_list(request):
    applications = (
        Application.objects.for_user(request.user)
        .select_related("role", "enterprise", "cv")
        .prefetch_related(_public_timeline())
        .order_by("-created_at", "-pk")
    )
    return render(request, "talent/application_list.html", {"applications": applications})


def _own_application(request, pk) -> Application:
    return get_object_or_404(
        Application.objects.for_user(request.user)
        .select_related("role", "enterprise", "cv", "profile")
        .prefetch_related(_public_timeline()),
        pk=pk,
    )


def _candidate_interviews(application):
    # What the candidate sees of their interviews: when, how, where; never who rated
    # what (scorecards are the enterprise's).
    from .models import Interview

    return (
        Interview.objects.filter(application=application)
        .exclude(status=Interview.Status.CANCELLED, starts_at__lt=timezone.now())
        .order_by("starts_at", "pk")
    )


def _application_page(
    request,
    application,
    *,
    change_form=None,
    change_for=None,
    message_form=None,
    decline_form=None,
):
    from .forms import InterviewChangeRequestForm

    offers = list(
        Offer.objects.for_candidate(request.user)
        .filter(application=application)
        .select_related("enterprise")
    )

    return render(
        request,
        "talent/application_detail.html",
        {
            "application": application,
            "interviews": _candidate_interviews(application),
            "change_form": change_form or InterviewChangeRequestForm(),
            "change_for": change_for,
            "offers": offers,
            "decline_form": decline_form or OfferDeclineForm(),
            "thread": application.messages.select_related("sender"),
            "message_form": message_form or MessageForm(),
        },
    )


@never_cache
@login_required
def application_detail(request, pk):
    application = _own_application(request, pk)
    return _application_page(request, application)


def _own_interview(request, application, interview_pk):
    from .models import Interview

    return get_object_or_404(
        Interview.objects.for_candidate(request.user).filter(application=application),
        pk=interview_pk,
    )


@login_required
@require_POST
def interview_confirm(request, pk, interview_pk):
    application = _own_application(request, pk)
    interview = _own_interview(request, application, interview_pk)
    try:
        actions.confirm_interview(interview=interview, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Interview confirmed. The enterprise is told."))
    return redirect(application)


@login_required
def interview_change(request, pk, interview_pk):
    """GET: the form asking for another time; POST: the request, with its reason."""
    from .forms import InterviewChangeRequestForm

    application = _own_application(request, pk)
    interview = _own_interview(request, application, interview_pk)
    if request.method != "POST":
        return _application_page(request, application, change_for=interview.pk)
    form = InterviewChangeRequestForm(request.POST)
    if submit(
        form,
        lambda data: actions.request_interview_change(
            interview=interview, by=request.user, reason=data["reason"]
        ),
    ):
        messages.success(
            request, _("Your request is sent. The enterprise will propose another time.")
        )
        return redirect(application)
    return _application_page(request, application, change_form=form, change_for=interview.pk)


@login_required
def application_withdraw(request, pk):
    """GET says what withdrawing means and asks; only the POST of that page withdraws
    (withdrawing cannot be undone, so one stray click must not do it)."""
    application = _own_application(request, pk)
    if request.method != "POST":
        if not application.can_be_withdrawn:
            messages.error(request, _("This application is closed: it can no longer be withdrawn."))
            return redirect(application)
        return render(request, "talent/application_withdraw.html", {"application": application})
    try:
        actions.withdraw_application(application=application, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Your application is withdrawn. The enterprise is told."))
    return redirect(application)


# -- Job alerts ------------------------------------------------------------------------------


# The job board's search parameters, as a job alert's fields: a link from the board
# (``/me/alerts/?<the board's query string>``) opens the form filled in.
BOARD_TO_ALERT = {
    "q": "keywords",
    "employment_type": "employment_type",
    "seniority": "seniority",
    "remote": "remote_policy",
    "min_salary": "min_salary",
}


def _alert_initial(query) -> dict:
    initial = {field: query[param] for param, field in BOARD_TO_ALERT.items() if query.get(param)}
    if query.get("specialty"):
        initial["specialties"] = query.getlist("specialty")
    if query.get("sponsorship"):
        initial["sponsors_visa"] = True
    return initial


@login_required
def alerts(request):
    form = JobAlertForm(request.POST or None, initial=_alert_initial(request.GET))
    if request.method == "POST" and submit(
        form,
        lambda data: actions.save_job_alert(
            user=request.user, **{name: data[name] for name in form._meta.fields}
        ),
    ):
        messages.success(
            request, _("Your job alert is saved. New matching roles come in a daily e-mail.")
        )
        return redirect("talent:alerts")
    return render(
        request,
        "talent/jobalert_list.html",
        {"form": form, "alerts": JobAlert.objects.filter(user=request.user)},
    )


@login_required
@require_POST
def alert_delete(request, pk):
    alert = get_object_or_404(JobAlert.objects.filter(user=request.user), pk=pk)
    actions.delete_job_alert(alert=alert, by=request.user)
    messages.success(request, _("The job alert is deleted."))
    return redirect("talent:alerts")


# -- Invitations from the talent pool --------------------------------------------------------


def _own_invitation(request, pk) -> PoolInvitation:
    # Only the person invited finds it: anyone else's is a 404.
    return get_object_or_404(
        PoolInvitation.objects.filter(profile__user=request.user).select_related(
            "role__enterprise", "enterprise", "profile"
        ),
        pk=pk,
    )


@login_required
def invitation_list(request):
    invitations = list(
        PoolInvitation.objects.filter(profile__user=request.user)
        .select_related("role__enterprise", "enterprise", "application")
        .order_by("-created_at", "-pk")[:100]
    )
    profile = _own_profile(request.user)
    needs_consent = profile is None or not profile.has_consent(ConsentKind.SHARE_WITH_ENTERPRISES)
    return render(
        request,
        "talent/invitation_list.html",
        {
            "invitations": invitations,
            "accept_form": InvitationAcceptForm(needs_consent=needs_consent),
            "in_pool": profile is not None and profile.has_consent(ConsentKind.TALENT_POOL),
        },
    )


@login_required
@require_POST
def invitation_accept(request, pk):
    invitation = _own_invitation(request, pk)
    profile = invitation.profile
    needs_consent = not profile.has_consent(ConsentKind.SHARE_WITH_ENTERPRISES)
    form = InvitationAcceptForm(request.POST, needs_consent=needs_consent)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("talent:invitations")
    try:
        with transaction.atomic():
            application = actions.accept_invitation(
                invitation=invitation,
                by=request.user,
                cover_letter=form.cleaned_data["cover_letter"],
                share_consent=form.consents_now,
            )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("talent:invitations")
    messages.success(
        request,
        _("Your application to %(role)s is sent. Follow it here.")
        % {"role": invitation.role.title},
    )
    return redirect(application)


@login_required
@require_POST
def invitation_decline(request, pk):
    invitation = _own_invitation(request, pk)
    try:
        actions.decline_invitation(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("You declined the invitation. The enterprise is not told why."))
    return redirect("talent:invitations")


def _own_offer(request, application, offer_pk) -> Offer:
    return get_object_or_404(
        Offer.objects.for_candidate(request.user)
        .filter(application=application)
        .select_related("enterprise", "application__profile"),
        pk=offer_pk,
    )


@login_required
@require_POST
def offer_accept(request, pk, offer_pk):
    application = _own_application(request, pk)
    offer = _own_offer(request, application, offer_pk)
    try:
        actions.accept_offer(offer=offer, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, _("You accepted the offer. Congratulations! The enterprise is told.")
        )
    return redirect(application)


@login_required
@require_POST
def offer_decline(request, pk, offer_pk):
    application = _own_application(request, pk)
    offer = _own_offer(request, application, offer_pk)
    form = OfferDeclineForm(request.POST)
    if submit(
        form,
        lambda data: actions.decline_offer(offer=offer, by=request.user, reason=data["reason"]),
    ):
        messages.success(request, _("You declined the offer. The enterprise is told."))
        return redirect(application)
    return _application_page(request, application, decline_form=form)


@never_cache
@login_required
def offer_pdf(request, pk, offer_pk):
    application = _own_application(request, pk)
    return offer_pdf_response(_own_offer(request, application, offer_pk))


@login_required
@require_POST
def application_message(request, pk):
    application = _own_application(request, pk)
    return post_message(
        request,
        application,
        sent=_("Message sent. The enterprise is told."),
        thread_url=application.get_absolute_url() + "#thread",
        page=lambda form: _application_page(request, application, message_form=form),
    )
