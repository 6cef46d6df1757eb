"""Pages of the service package. Views parse input, scope the data and call actions."""

import hashlib
from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from enterprises.models import Enterprise
from talent.counts import own_page_versions
from westbund.accounts.permissions import Area, is_member
from westbund.core.cache import public_page
from westbund.core.forms import submit
from westbund.core.kept import kept_page
from westbund.privacy.files import private_file_response
from westbund.privacy.models import AuditEvent

from . import actions, ics
from .eligibility import match_policies, profile_facts_for
from .forms import (
    ApartmentApplicationForm,
    ManualSearchForm,
    MembershipApplicationForm,
    PermitCheckForm,
    PolicyFilterForm,
    ReplyForm,
    ServiceRequestForm,
)
from .manual_pdf import ManualPdfUnavailable, manual_pdf
from .models import (
    RSVP,
    ApartmentApplication,
    ApartmentBuilding,
    ApartmentUnit,
    Event,
    HousingGuide,
    HousingOption,
    ManualChapter,
    ManualSection,
    MembershipApplication,
    Policy,
    RequestCategory,
    ServiceRequest,
    ServiceRequestAttachment,
    TalentOfficer,
    member_enterprises,
)
from .permit import assess, current_table, profile_answers, rules_version


@public_page
def index(request):
    context = {
        "policy_count": Policy.objects.in_force().count(),
        "officers": TalentOfficer.objects.active()[:4],
        "housing_count": HousingOption.objects.published().count(),
        "chapters": ManualChapter.objects.published()[:6],
        "events": Event.objects.upcoming().with_counts()[:3],
    }
    return render(request, "services/index.html", context)


# ------------------------------------------------------------------------------
# Policies
# ------------------------------------------------------------------------------
@public_page
def policy_list(request):
    form = PolicyFilterForm(request.GET or None)
    policies = Policy.objects.in_force()
    if form.is_valid():
        if form.cleaned_data["category"]:
            policies = policies.filter(category=form.cleaned_data["category"])
        policies = policies.search(form.cleaned_data["q"])
    page = Paginator(policies, 20).get_page(request.GET.get("page"))
    facts = profile_facts_for(request.user)
    matches = {}
    if facts is not None:
        matches = {match.policy.pk: match.reasons for match in match_policies(page, facts)}
    rows = [(policy, matches.get(policy.pk)) for policy in page]
    return render(
        request,
        "services/policy_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "has_facts": facts is not None,
        },
    )


@public_page
def policy_detail(request, slug):
    policy = get_object_or_404(
        Policy.objects.published().prefetch_related("attachments"), slug=slug
    )
    facts = profile_facts_for(request.user)
    reasons = None
    if facts is not None:
        found = match_policies([policy], facts)
        reasons = found[0].reasons if found else None
    return render(
        request,
        "services/policy_detail.html",
        {"policy": policy, "reasons": reasons, "has_facts": facts is not None},
    )


@login_required
def policies_for_me(request):
    facts = profile_facts_for(request.user)
    matches = match_policies(Policy.objects.in_force(), facts) if facts is not None else []
    return render(request, "services/policy_fits_me.html", {"facts": facts, "matches": matches})


# ------------------------------------------------------------------------------
# Officers and housing
# ------------------------------------------------------------------------------
@public_page
def officer_list(request):
    return render(
        request,
        "services/officer_list.html",
        {"officers": TalentOfficer.objects.active()},
    )


@public_page
def housing(request):
    options = list(HousingOption.objects.published())
    groups = [
        (kind, label, [option for option in options if option.kind == kind])
        for kind, label in HousingOption.Kind.choices
    ]
    return render(
        request,
        "services/housing.html",
        {
            "groups": [group for group in groups if group[2]],
            "guides": HousingGuide.objects.published(),
            "apply_url": f"{reverse('services:request_create')}?category="
            f"{RequestCategory.HOUSING}&topic=talent_apartment",
        },
    )


@public_page
def housing_guide(request, slug):
    guide = get_object_or_404(HousingGuide.objects.published(), slug=slug)
    return render(request, "services/housingguide_detail.html", {"guide": guide})


# ------------------------------------------------------------------------------
# Service manual
# ------------------------------------------------------------------------------
def _chapters_with_sections():
    return ManualChapter.objects.published().prefetch_related(
        Prefetch("sections", queryset=ManualSection.objects.order_by("order", "pk"))
    )


@public_page
def manual_index(request):
    return render(
        request,
        "services/manual_index.html",
        {"chapters": _chapters_with_sections(), "form": ManualSearchForm()},
    )


@public_page
def manual_chapter(request, slug):
    chapters = list(ManualChapter.objects.published())
    chapter = next((c for c in chapters if c.slug == slug), None)
    if chapter is None:
        raise Http404
    position = chapters.index(chapter)
    return render(
        request,
        "services/manual_chapter.html",
        {
            "chapter": chapter,
            "sections": chapter.sections.order_by("order", "pk"),
            "previous": chapters[position - 1] if position > 0 else None,
            "next": chapters[position + 1] if position + 1 < len(chapters) else None,
        },
    )


@public_page
def manual_search(request):
    form = ManualSearchForm(request.GET or None)
    results = []
    query = ""
    if form.is_valid() and form.cleaned_data["q"].strip():
        query = form.cleaned_data["q"].strip()
        condition = Q()
        for field in ("title_en", "title_zh", "body_en", "body_zh"):
            condition |= Q(**{f"{field}__icontains": query})
        chapter_match = Q(chapter__title_en__icontains=query) | Q(
            chapter__title_zh__icontains=query
        )
        results = (
            ManualSection.objects.filter(chapter__is_published=True)
            .filter(condition | chapter_match)
            .select_related("chapter")[:50]
        )
    return render(
        request,
        "services/manual_search.html",
        {"form": form, "results": results, "query": query},
    )


@public_page
def manual_print(request):
    return render(request, "services/manual_print.html", {"chapters": _chapters_with_sections()})


@require_GET
def manual_pdf_download(request):
    language = translation.get_language() or settings.LANGUAGE_CODE
    try:
        data = manual_pdf(language)
    except ManualPdfUnavailable:
        return render(
            request,
            "services/manual_pdf_unavailable.html",
            status=HTTPStatus.SERVICE_UNAVAILABLE,
        )
    response = HttpResponse(data, content_type="application/pdf")
    suffix = "zh" if language.startswith("zh") else "en"
    filename = f"west-bund-service-manual-{suffix}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ------------------------------------------------------------------------------
# Startup community
# ------------------------------------------------------------------------------
@public_page
def community(request):
    events = Event.objects.upcoming().with_counts()
    my_rsvps = {}
    if request.user.is_authenticated:
        my_rsvps = {
            rsvp.event_id: rsvp
            for rsvp in RSVP.objects.filter(user=request.user, event__in=events)
            .exclude(status=RSVP.Status.CANCELLED)
            .only("event_id", "status")
        }
    rows = [(event, my_rsvps.get(event.pk)) for event in events]
    return render(request, "services/event_list.html", {"rows": rows})


def _event_or_404(slug):
    return get_object_or_404(Event.objects.published().with_counts(), slug=slug)


@public_page
def event_detail(request, slug):
    event = _event_or_404(slug)
    rsvp = None
    waitlist_position = None
    if request.user.is_authenticated:
        rsvp = (
            RSVP.objects.filter(event=event, user=request.user)
            .exclude(status=RSVP.Status.CANCELLED)
            .first()
        )
        if rsvp and rsvp.status == RSVP.Status.WAITLISTED:
            ahead = Q(queued_at__lt=rsvp.queued_at) | Q(queued_at=rsvp.queued_at, pk__lt=rsvp.pk)
            waitlist_position = (
                RSVP.objects.filter(event=event, status=RSVP.Status.WAITLISTED)
                .filter(ahead)
                .count()
                + 1
            )
    return render(
        request,
        "services/event_detail.html",
        {
            "event": event,
            "rsvp": rsvp,
            "waitlist_position": waitlist_position,
            "seats_left": max(event.capacity - event.confirmed_count, 0),
            "is_past": event.has_started(),
        },
    )


@login_required
@require_POST
def event_rsvp(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    try:
        rsvp = actions.rsvp_to_event(event=event, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if rsvp.status == RSVP.Status.CONFIRMED:
            messages.success(request, _("Your seat is confirmed. See you there!"))
        else:
            messages.warning(
                request,
                _(
                    "This event is full: you are on the waitlist. We will tell you as "
                    "soon as a seat frees up."
                ),
            )
    return redirect(event)


@login_required
@require_POST
def event_cancel(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    try:
        actions.cancel_rsvp(event=event, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your RSVP is cancelled."))
    return redirect(event)


def _ics_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def event_ics(request, slug):
    event = _event_or_404(slug)
    body = ics.calendar(
        [event],
        url_for=lambda e: request.build_absolute_uri(e.get_absolute_url()),
        host=request.get_host(),
        name=event.title,
    )
    return _ics_response(body, f"{event.slug}.ics")


@require_GET
def events_feed(request):
    # Recent past events stay in the feed so calendar clients keep them.
    since = timezone.now() - timezone.timedelta(days=30)
    events = Event.objects.published().filter(starts_at__gte=since)
    body = ics.calendar(
        events,
        url_for=lambda e: request.build_absolute_uri(e.get_absolute_url()),
        host=request.get_host(),
        name=_("West Bund Talent Hub · Community events"),
    )
    return _ics_response(body, "west-bund-events.ics")


@require_http_methods(["GET", "POST"])
def association(request):
    application = None
    if request.user.is_authenticated:
        application = (
            MembershipApplication.objects.filter(applicant=request.user)
            .order_by("-created_at")
            .first()
        )
    can_apply = request.user.is_authenticated and (
        application is None or application.status == MembershipApplication.Status.DECLINED
    )
    form = None
    if can_apply:
        initial = {"full_name": request.user.get_full_name()}
        form = MembershipApplicationForm(request.POST or None, initial=initial)
        if request.method == "POST" and submit(
            form, lambda data: actions.apply_for_membership(applicant=request.user, **data)
        ):
            messages.success(
                request,
                _("Thank you: your application is with the hub's officers."),
            )
            return redirect("services:association")
    elif request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
        messages.error(request, _("You already have a pending or approved application."))
        return redirect("services:association")
    meetups = Event.objects.upcoming().filter(kind=Event.Kind.ASSOCIATION_MEETUP)[:3]
    return render(
        request,
        "services/association.html",
        {"form": form, "application": application, "meetups": meetups},
    )


# ------------------------------------------------------------------------------
# Service requests
# ------------------------------------------------------------------------------
@login_required
def request_list(request):
    requests = (
        ServiceRequest.objects.for_user(request.user)
        .select_related("assigned_officer", "enterprise")
        .order_by("-updated_at")
    )
    page = Paginator(requests, 20).get_page(request.GET.get("page"))
    return render(request, "services/request_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    initial = {}
    category = request.GET.get("category")
    if category in RequestCategory.values:
        initial["category"] = category
    policy = Policy.objects.published().filter(slug=request.GET.get("policy") or "").first()
    if policy is not None:
        initial["category"] = policy.request_category
        initial["subject"] = _("About “%(policy)s”") % {"policy": policy.title}
    if request.GET.get("topic") == "talent_apartment":
        initial["subject"] = _("Application for a talent apartment")
    if request.GET.get("topic") == "work_permit" and request.method == "GET":
        # "Ask the hub to help" from the self-check: its answers, scored, prefill it.
        text = work_permit_request_text(request.GET)
        if text is not None:
            initial.update(
                category=RequestCategory.WORK_PERMIT, subject=text[0], description=text[1]
            )
    form = ServiceRequestForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        enterprises=member_enterprises(request.user),
    )
    if request.method == "POST" and (
        opened := submit(
            form,
            lambda data: actions.open_request(
                requester=request.user,
                enterprise=data.get("enterprise"),
                category=data["category"],
                subject=data["subject"],
                description=data["description"],
                files=data["attachments"],
            ),
        )
    ):
        service_request = opened.value
        messages.success(
            request,
            _("Request %(reference)s is open. A talent officer will answer here.")
            % {"reference": service_request.reference},
        )
        return redirect(service_request)
    return render(request, "services/request_form.html", {"form": form})


def _visible_request_or_404(user, reference):
    return get_object_or_404(
        ServiceRequest.objects.for_user(user).select_related(
            "requester", "assigned_officer", "enterprise"
        ),
        reference=reference,
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request, reference):
    service_request = _visible_request_or_404(request.user, reference)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and submit(
        form,
        lambda data: actions.reply_to_request(
            request=service_request,
            by=request.user,
            body=data["body"],
            files=data["attachments"],
        ),
    ):
        messages.success(request, _("Your message is sent."))
        return redirect(service_request)
    thread = service_request.messages.select_related("author").prefetch_related("attachments")
    return render(
        request,
        "services/request_detail.html",
        {
            "service_request": service_request,
            "thread": thread,
            "opening_attachments": service_request.attachments.filter(message__isnull=True),
            "history": service_request.history.select_related("actor"),
            "form": form,
        },
    )


@login_required
@require_GET
def request_attachment(request, reference, pk):
    """One attachment of a request the reader may see, by the rules CV downloads keep:
    an officer reads it with the files permission and from a two-factor session; every
    reading by someone other than the requester is on record."""
    service_request = _visible_request_or_404(request.user, reference)
    attachment = get_object_or_404(ServiceRequestAttachment, request=service_request, pk=pk)
    # An enterprise's members read the files of its requests; the requester is the owner.
    shared = service_request.enterprise_id is not None and is_member(
        request.user, service_request.enterprise_id
    )
    return private_file_response(
        request,
        file=attachment.file,
        owner_id=service_request.requester_id,
        area=Area.SERVICE_REQUEST_FILES,
        shared=shared,
        audit_action=AuditEvent.Action.ATTACHMENT_VIEWED,
        target=attachment,
        details={"request": service_request.reference},
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


# ------------------------------------------------------------------------------
# Work-permit self-check
# ------------------------------------------------------------------------------
def _permit_table_or_404():
    table = current_table()
    if table is None:
        raise Http404
    return table


def _permit_policies(user):
    policies = Policy.objects.in_force().filter(category=Policy.Category.WORK_PERMIT)
    facts = profile_facts_for(user)
    if facts is None:
        return [(policy, None) for policy in policies]
    return [(match.policy, match.reasons) for match in match_policies(policies, facts)]


@require_GET
@kept_page(versions=own_page_versions)
def work_permit(request):
    """The self-check: open to anyone, prefilled from the profile when signed in."""
    table = _permit_table_or_404()
    submitted = "check" in request.GET
    form = PermitCheckForm(
        request.GET if submitted else None,
        initial=profile_answers(request.user),
        table=table,
    )
    assessment = None
    ask_url = ""
    valid = submitted and form.is_valid()
    if valid:
        assessment = assess(table, form.answers())
        query = request.GET.copy()
        query["category"] = RequestCategory.WORK_PERMIT
        query["topic"] = "work_permit"
        ask_url = f"{reverse('services:request_create')}?{query.urlencode()}"
    return render(
        request,
        "services/work_permit.html",
        {
            "table": table,
            "form": form,
            "assessment": assessment,
            "ask_url": ask_url,
            "policies": _permit_policies(request.user),
            "prefilled": not submitted and bool(form.initial),
            # The rendered form is a function of these alone (its HTML is kept: the
            # crispy rendering of its dozen fields was most of the page's time).
            "form_key": hashlib.sha256(
                repr(
                    (
                        rules_version(),
                        table.pk,
                        translation.get_language(),
                        sorted(request.GET.lists()) if submitted else None,
                        valid,
                        sorted(form.initial.items()),
                    )
                ).encode()
            ).hexdigest(),
        },
    )


def work_permit_request_text(params) -> tuple[str, str] | None:
    """(subject, description) of a work-permit request from the self-check's answers
    (a query string), in the requester's language; None when they do not parse."""
    table = current_table()
    if table is None:
        return None
    form = PermitCheckForm(params, table=table)
    if not form.is_valid():
        return None
    assessment = assess(table, form.answers())
    subject = _(
        "Help with my work permit (self-check: %(points)d points, category %(category)s)"
    ) % {
        "points": assessment.total,
        "category": assessment.category,
    }
    lines = [
        _("My answers to the work-permit self-check (%(version)s):") % {"version": table.name},
        *(f"- {score.factor.name}: {score.answer} → {score.points}" for score in assessment.scores),
        _("Total: %(points)d points. Likely: %(category)s.")
        % {"points": assessment.total, "category": assessment.category_name},
        "",
        _("Please help me prepare the application."),
    ]
    return subject, "\n".join(lines)


# ------------------------------------------------------------------------------
# Talent apartments
# ------------------------------------------------------------------------------
def _live_apartment_application(user):
    if not user.is_authenticated:
        return None
    return ApartmentApplication.objects.live().filter(applicant=user).first()


def apartments(request):
    """What is offered, how many units are free, the waiting-list rule, applying."""
    buildings = list(
        ApartmentBuilding.objects.published().prefetch_related(
            Prefetch("units", queryset=ApartmentUnit.objects.offered().order_by("number"))
        )
    )
    free = ApartmentUnit.Status.AVAILABLE
    rows = [
        (building, list(building.units.all()), sum(u.status == free for u in building.units.all()))
        for building in buildings
    ]
    return render(
        request,
        "services/apartments.html",
        {
            "rows": [row for row in rows if row[1]],
            "free_count": sum(row[2] for row in rows),
            "waiting_count": ApartmentApplication.objects.waiting_list().count(),
            "offer_days": actions.OFFER_DAYS,
            "application": _live_apartment_application(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def apartment_apply(request):
    live = _live_apartment_application(request.user)
    if live is not None:
        messages.info(request, _("You already have a talent apartment application."))
        return redirect(live)
    form = ApartmentApplicationForm(
        request.POST or None, enterprises=Enterprise.objects.active().order_by("name_en")
    )
    if request.method == "POST" and (
        applied := submit(
            form,
            lambda data: actions.apply_for_apartment(
                applicant=request.user, **{name: data[name] for name in form.Meta.fields}
            ),
        )
    ):
        messages.success(
            request,
            _("Your application is received. A talent officer checks your employment next."),
        )
        return redirect(applied.value)
    profile = getattr(request.user, "talent_profile", None)
    return render(
        request,
        "services/apartment_apply.html",
        {"form": form, "verified": profile is not None and profile.is_verified},
    )


def _own_apartment_application_or_404(user, pk):
    # Only the applicant's own, even for staff: officers work in the admin.
    return get_object_or_404(
        ApartmentApplication.objects.filter(applicant=user).select_related(
            "employer", "unit__building"
        ),
        pk=pk,
    )


@login_required
@require_GET
def apartment_application(request, pk):
    application = _own_apartment_application_or_404(request.user, pk)
    return render(
        request,
        "services/apartment_application.html",
        {
            "application": application,
            "position": application.waiting_list_position(),
            "history": application.history.select_related("unit__building"),
        },
    )


@login_required
@require_POST
def apartment_respond(request, pk):
    application = _own_apartment_application_or_404(request.user, pk)
    accept = request.POST.get("answer") == "accept"
    try:
        actions.respond_to_offer(application=application, by=request.user, accept=accept)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You have accepted the apartment.")
            if accept
            else _("You declined the offer; you are back on the waiting list."),
        )
    return redirect(application)


@login_required
@require_POST
def apartment_withdraw(request, pk):
    application = _own_apartment_application_or_404(request.user, pk)
    try:
        actions.withdraw_apartment_application(application=application, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect(application)
