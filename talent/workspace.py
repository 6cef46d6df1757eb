"""The enterprise side of applications, in the workspace
(``/workspace/<enterprise_slug>/applicants/…``).

Every view goes through ``enterprises.workspace.workspace_view`` (the membership is
found first: another enterprise's slug is a 404) and reads applications only through
``Application.objects.for_enterprise_member(user)`` narrowed to that enterprise, so an
application, profile or CV of another enterprise is a 404 too.
"""

import csv
import hashlib
import secrets

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import conditional_escape
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from enterprises.models import Role
from enterprises.workspace import workspace_view
from westbund.core.admin_export import csv_cell
from westbund.core.forms import submit
from westbund.core.kept import kept_page
from westbund.core.text import safe_filename
from westbund.privacy.models import AuditEvent

from . import actions
from .counts import applications_version, stage_counts, workspace_page_versions
from .forms import (
    ApplicantFilterForm,
    BulkMoveForm,
    MessageForm,
    NoteForm,
    OfferWithdrawForm,
    StageMoveForm,
    TagAttachForm,
    TagForm,
    UndoMoveForm,
)
from .models import Application, Offer, OfferTransition, Tag

APPLICANTS_PER_PAGE = 25
# The board shows the newest cards of each column; the list shows the rest.
BOARD_CARDS_PER_COLUMN = 20
BOARD_STAGES = tuple(Application.Stage)
KEPT_SECONDS = 300


def _applications(request, enterprise):
    return Application.objects.for_enterprise_member(request.user).filter(enterprise=enterprise)


def _role(request, enterprise, role_pk) -> Role:
    return get_object_or_404(
        Role.objects.for_member(request.user).filter(enterprise=enterprise), pk=role_pk
    )


def _render(request, template, context):
    return render(request, template, {"membership": request.membership, **context})


@workspace_view
@kept_page(versions=workspace_page_versions)
def applicant_list(request, enterprise, role_pk=None):
    role = _role(request, enterprise, role_pk) if role_pk is not None else None
    applications = _applications(request, enterprise)
    if role is not None:
        applications = applications.filter(role=role)
    tags = _tags(enterprise)
    form = ApplicantFilterForm(request.GET, tags=tags)
    counts = stage_counts(applications, enterprise=enterprise, role=role)
    filtered = (
        form.filter(applications).select_related("role", "profile", "cv").prefetch_related("tags")
    )
    page = Paginator(filtered.order_by("-created_at", "-pk"), APPLICANTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    # The rows are the same for every member of the enterprise: kept like the board's
    # columns, until one of its applications, tags, roles or applicants' profiles
    # changes (talent/counts.py) or five minutes pass.
    key = _kept_key("applicant-rows", request, enterprise, role)
    rows_html = cache.get(key)
    if rows_html is None:
        application_url, role_url = _per_application_urls(
            enterprise, "talent:workspace_application", "talent:workspace_role_applicants"
        )
        for application in page.object_list:
            application.row_url = application_url(application.pk)
            application.role_row_url = role_url(application.role_id)
        rows_html = get_template("talent/workspace/_applicant_rows.html").render(
            {"applications": page.object_list, "role": role}
        )
        cache.set(key, rows_html, KEPT_SECONDS)
    return _render(
        request,
        "talent/workspace/application_list.html",
        {
            "enterprise": enterprise,
            "role": role,
            "form": form,
            "page": page,
            "applications": page.object_list,
            "rows_html": mark_safe(rows_html),  # noqa: S308 -- rendered by our template
            "stages": [
                (stage, label, counts.get(stage, 0)) for stage, label in Application.Stage.choices
            ],
            "total": sum(counts.values()),
            "querystring": form.querystring(),
            "bulk_form": BulkMoveForm(
                applications=applications, message_templates=_template_choices(enterprise)
            ),
            "board_url": _board_url(enterprise, role, form),
        },
    )


def _kept_key(kind: str, request, enterprise, role) -> str:
    """The cache key of a piece of an applicant page kept per enterprise state: it
    changes with the enterprise's applications version, the role, the language and the
    query (filters, page)."""
    query = hashlib.sha256(repr(sorted(request.GET.lists())).encode()).hexdigest()
    return (
        f"talent:{kind}:{enterprise.pk}:{applications_version(enterprise.pk)}:"
        f"{role.pk if role else '-'}:{translation.get_language()}:{query}"
    )


def _per_application_urls(enterprise, *names):
    """For each URL name taking (enterprise slug, a primary key), a function of the key:
    one ``reverse`` per name and page, not per row (the board's 140 cards made 280)."""
    PLACEHOLDER = 0

    def url_of(name):
        head, _sep, tail = reverse(name, args=[enterprise.slug, PLACEHOLDER]).rpartition(
            f"/{PLACEHOLDER}/"
        )
        return lambda pk: f"{head}/{pk}/{tail}"

    return [url_of(name) for name in names]


def _board_columns(request, enterprise, role, applications, form, list_url, query) -> dict:
    """The board's columns rendered (``html``, its CSRF token a mark to replace) and
    the number of applications they count (``total``)."""
    filtered = form.filter(applications, stage=False)
    if form.is_filtered:
        counts = dict(
            filtered.order_by()
            .values_list("stage")
            .annotate(n=Count("pk"))
            .values_list("stage", "n")
        )
    else:
        counts = stage_counts(applications, enterprise=enterprise, role=role)
    # One query for the ids of every column's newest cards, one for the cards.
    per_stage = [
        filtered.filter(stage=stage)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)[:BOARD_CARDS_PER_COLUMN]
        for stage in BOARD_STAGES
    ]
    if connections[filtered.db].features.supports_slicing_ordering_in_compound:
        ids = list(per_stage[0].union(*per_stage[1:], all=True))
    else:
        # SQLite (``make run``) cannot slice inside a UNION: a query per column.
        ids = [pk for column in per_stage for pk in column]
    cards = (
        Application.objects.filter(pk__in=ids)
        .select_related("role", "profile")
        .prefetch_related("tags")
        .order_by("-created_at", "-pk")
        if ids
        else []
    )
    by_stage: dict[str, list[Application]] = {stage: [] for stage in BOARD_STAGES}
    card_url, move_url = _per_application_urls(
        enterprise, "talent:workspace_application", "talent:workspace_application_move"
    )
    for card in cards:
        card.card_url = card_url(card.pk)
        by_stage[card.stage].append(card)
    csrf_mark = f"__{secrets.token_hex(8)}__"
    _board_move_forms(request, cards, move_url, csrf_token=csrf_mark)
    columns = [
        {
            "stage": stage,
            "label": stage.label,
            "count": counts.get(stage, 0),
            "cards": by_stage[stage],
            "more": max(counts.get(stage, 0) - len(by_stage[stage]), 0),
            "list_url": f"{list_url}?stage={stage}" + (f"&{query}" if query else ""),
        }
        for stage in BOARD_STAGES
    ]
    html = get_template("talent/workspace/_board_columns.html").render(
        {"columns": columns, "role": role}
    )
    return {"html": html, "csrf_mark": csrf_mark, "total": sum(counts.values())}


def _board_move_forms(request, cards, move_url, *, csrf_token) -> None:
    """Set each card's move form (``card.move_form``, empty for a closed application).

    The forms differ only in the application (its id, URL and name) and in the stages
    it may move to, so each set of stages is rendered once with placeholders and
    stamped per card: 140 cards each rendered through the template were three
    quarters of the board's time."""
    template = get_template("talent/workspace/_board_move_form.html")
    pk_mark, name_mark = (f"__{secrets.token_hex(8)}__" for _ in range(2))
    context = {
        "pk": pk_mark,
        "name": name_mark,
        "move_url": move_url(pk_mark),
        "next_path": request.get_full_path(),
        "csrf_token": csrf_token,
    }
    rendered: dict[tuple, str] = {}
    for card in cards:
        choices = tuple(card.next_stages())
        if not choices:
            card.move_form = ""
            continue
        if choices not in rendered:
            rendered[choices] = template.render({**context, "choices": choices})
        # The name goes in last, escaped, so that nothing in it is read as a mark.
        card.move_form = mark_safe(  # noqa: S308 -- rendered by the template, name escaped
            rendered[choices]
            .replace(pk_mark, str(card.pk))
            .replace(name_mark, conditional_escape(card.applicant_name))
        )


def _tags(enterprise) -> list[Tag]:
    return list(Tag.objects.filter(enterprise=enterprise))


def _board_url(enterprise, role, form) -> str:
    url = reverse("talent:workspace_board", args=[enterprise.slug])
    query = form.querystring(without=("stage",))
    if role is not None:
        query = f"role={role.pk}&{query}" if query else f"role={role.pk}"
    return f"{url}?{query}" if query else url


def _next_url(request) -> str | None:
    """Where a form posted from the board or the list returns (a path of this site)."""
    url = request.POST.get("next", "")
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def _board_role(request, enterprise) -> Role | None:
    """``?role=`` by id or slug; a role of another enterprise or none at all is a 404."""
    value = request.GET.get("role", "").strip()
    if not value:
        return None
    roles = Role.objects.for_member(request.user).filter(enterprise=enterprise)
    if value.isdigit():
        return get_object_or_404(roles, pk=int(value))
    return get_object_or_404(roles, slug=value)


@never_cache
@workspace_view
@require_safe
@kept_page(versions=workspace_page_versions)
def applicant_board(request, enterprise):
    """The pipeline as columns, one per stage, with their counts: the newest
    ``BOARD_CARDS_PER_COLUMN`` cards of each, a move form on each card."""
    role = _board_role(request, enterprise)
    applications = _applications(request, enterprise)
    if role is not None:
        applications = applications.filter(role=role)
    tags = _tags(enterprise)
    form = ApplicantFilterForm(request.GET, tags=tags)
    list_url = reverse("talent:workspace_applicants", args=[enterprise.slug])
    if role is not None:
        list_url = reverse("talent:workspace_role_applicants", args=[enterprise.slug, role.pk])
    query = form.querystring(without=("stage",))
    # The columns are the same for every member of the enterprise: rendered once and
    # kept until one of its applications, tags, roles or applicants' profiles changes
    # (talent/counts.py), or five minutes pass ("N days in this stage"). The CSRF
    # token, the only personal piece, is stamped in after the cache.
    key = _kept_key("board", request, enterprise, role)
    board = cache.get(key)
    if board is None:
        board = _board_columns(request, enterprise, role, applications, form, list_url, query)
        cache.set(key, board, KEPT_SECONDS)
    columns_html = mark_safe(  # noqa: S308 -- rendered by our template; the token is ours
        board["html"].replace(board["csrf_mark"], get_token(request))
    )
    return _render(
        request,
        "talent/workspace/application_board.html",
        {
            "enterprise": enterprise,
            "role": role,
            "roles": Role.objects.for_member(request.user)
            .filter(enterprise=enterprise)
            .order_by("title_en")
            # Two roles of one title are told apart by seniority and state.
            .only("pk", "title_en", "title_zh", "seniority", "state"),
            "form": form,
            "columns_html": columns_html,
            "per_column": BOARD_CARDS_PER_COLUMN,
            "total": board["total"],
            "list_url": list_url + (f"?{query}" if query else ""),
        },
    )


def _template_choices(enterprise) -> list[tuple[str, str]]:
    # The enterprise's message templates, offered with a bulk move.
    from .models import MessageTemplate

    return [
        (str(template.pk), template.name)
        for template in MessageTemplate.objects.filter(enterprise=enterprise).order_by("name")
    ]


@workspace_view
@require_POST
def application_bulk_move(request, enterprise):
    """Move the ticked applications, each through ``move_application``: the moved ones
    in one message, each refusal in its own with the applicant's name."""
    applications = _applications(request, enterprise).select_related("role", "profile")
    form = BulkMoveForm(
        request.POST, applications=applications, message_templates=_template_choices(enterprise)
    )
    back = _next_url(request) or reverse("talent:workspace_applicants", args=[enterprise.slug])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    data = form.cleaned_data
    result = actions.move_applications(
        applications=data["applications"].order_by("-created_at", "-pk"),
        to_stage=data["to_stage"],
        by=request.user,
        reason=data["reason"],
        internal=data["internal"],
        message_template=data.get("message_template") or None,
    )
    if result.done:
        messages.success(
            request,
            ngettext(
                "%(count)d application moved to “%(stage)s”.",
                "%(count)d applications moved to “%(stage)s”.",
                len(result.done),
            )
            % {"count": len(result.done), "stage": Application.Stage(data["to_stage"]).label},
        )
    for line in result.error_lines(lambda application: application.applicant_name):
        messages.error(request, line)
    return redirect(back)


def _application(request, enterprise, pk) -> Application:
    return get_object_or_404(
        _applications(request, enterprise).select_related(
            "role", "enterprise", "profile", "profile__user", "cv"
        ),
        pk=pk,
    )


def _offers_and_thread(request, application, *, message_form=None) -> dict:
    """The applicant page's offers (with their history), the thread, and whether to ask
    about closing the role: a fixed number of queries whatever the counts."""
    offers = list(
        application.offers.select_related("drafted_by", "approved_by").prefetch_related(
            Prefetch("transitions", queryset=OfferTransition.objects.select_related("actor"))
        )
    )
    open_offer = next((offer for offer in offers if offer.is_open), None)
    return {
        "offers": offers,
        "open_offer": open_offer,
        "may_approve": open_offer is not None
        and open_offer.status == Offer.Status.AWAITING_APPROVAL
        and request.membership.is_admin
        and open_offer.drafted_by_id != request.user.pk,
        "may_draft_offer": open_offer is None
        and not application.is_final
        and not application.is_anonymised,
        "withdraw_form": OfferWithdrawForm(),
        "thread": application.messages.select_related("sender"),
        "message_form": message_form or MessageForm(),
        "ask_to_close_role": application.stage == Application.Stage.HIRED
        and actions.role_openings_filled(application.role),
    }


def _detail(
    request,
    enterprise,
    application,
    *,
    move_form=None,
    note_form=None,
    undo_form=None,
    message_form=None,
):
    move_to_undo = application.move_to_undo()
    return _render(
        request,
        "talent/workspace/application_detail.html",
        {
            "enterprise": enterprise,
            "application": application,
            "profile": application.profile,
            "answers": application.answer_items_for_enterprise(),
            "history": application.history.select_related("actor"),
            "notes": application.notes.select_related("author"),
            "move_form": move_form or StageMoveForm(application=application),
            "note_form": note_form or NoteForm(),
            "move_to_undo": move_to_undo,
            "undo_form": undo_form or (UndoMoveForm() if move_to_undo else None),
            "interview_rows": _interview_rows(request, application),
            **_offers_and_thread(request, application, message_form=message_form),
            "tags": application.tags.all(),
            "tag_form": TagAttachForm(
                tags=Tag.objects.filter(enterprise=enterprise).exclude(applications=application)
            ),
        },
    )


def _interview_rows(request, application):
    from .models import Interview
    from .workspace_interviews import feedback_for, interviews_with_feedback

    interviews = interviews_with_feedback(
        Interview.objects.filter(application=application).order_by("starts_at", "pk")
    )
    return [feedback_for(interview, request.user) for interview in interviews]


@never_cache
@workspace_view
def application_detail(request, enterprise, pk):
    application = _application(request, enterprise, pk)
    return _detail(request, enterprise, application)


@workspace_view
@require_POST
def application_move(request, enterprise, pk):
    application = _application(request, enterprise, pk)
    form = StageMoveForm(request.POST, application=application)
    back = _next_url(request)
    if submit(
        form,
        lambda data: actions.move_application_and_send(
            application=application,
            to_stage=data["to_stage"],
            by=request.user,
            reason=data["reason"],
            internal=data["internal"],
            template=data.get("template"),
        ),
    ):
        stage = Application.Stage(application.stage).label
        if application.is_anonymised:
            # Nobody to tell: the person deleted their account.
            text = _("The application is now at “%(stage)s”.")
        else:
            text = _("The application is now at “%(stage)s”. The professional is told.")
        messages.success(request, text % {"stage": stage})
        return redirect(back or application.workspace_url())
    if back:
        # From the board: the refusal is told there, with the applicant it concerns.
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{application.applicant_name}: {error}")
        return redirect(back)
    application.refresh_from_db()
    return _detail(request, enterprise, application, move_form=form)


@workspace_view
@require_POST
def application_undo(request, enterprise, pk):
    application = _application(request, enterprise, pk)
    form = UndoMoveForm(request.POST)
    if submit(
        form,
        lambda data: actions.undo_stage_move(
            application=application, by=request.user, reason=data["reason"]
        ),
    ):
        messages.success(
            request,
            _("Move undone: the application is back at “%(stage)s”. The professional is told.")
            % {"stage": Application.Stage(application.stage).label},
        )
        return redirect(application.workspace_url())
    application.refresh_from_db()
    return _detail(request, enterprise, application, undo_form=form)


@workspace_view
@require_POST
def application_note(request, enterprise, pk):
    application = _application(request, enterprise, pk)
    form = NoteForm(request.POST)
    if submit(
        form,
        lambda data: actions.add_note(application=application, by=request.user, body=data["body"]),
    ):
        messages.success(request, _("Note added."))
        return redirect(application.workspace_url())
    return _detail(request, enterprise, application, note_form=form)


def _tag(enterprise, tag_pk) -> Tag:
    return get_object_or_404(Tag.objects.filter(enterprise=enterprise), pk=tag_pk)


@workspace_view
@require_POST
def application_tag(request, enterprise, pk):
    application = _application(request, enterprise, pk)
    form = TagAttachForm(request.POST, tags=_tags(enterprise))
    if form.is_valid():
        tag = _tag(enterprise, form.cleaned_data["tag"])
        actions.attach_tag(application=application, tag=tag, by=request.user)
        messages.success(request, _("Tag “%(name)s” added.") % {"name": tag.name})
    else:
        messages.error(request, _("Choose one of your enterprise's tags."))
    return redirect(_next_url(request) or application.workspace_url())


@workspace_view
@require_POST
def application_untag(request, enterprise, pk, tag_pk):
    application = _application(request, enterprise, pk)
    tag = _tag(enterprise, tag_pk)
    actions.detach_tag(application=application, tag=tag, by=request.user)
    messages.success(request, _("Tag “%(name)s” removed.") % {"name": tag.name})
    return redirect(_next_url(request) or application.workspace_url())


@never_cache
@workspace_view
def tag_list(request, enterprise):
    """The enterprise's tags, how many applications carry each, and a form for a new one."""
    form = TagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tag = actions.create_tag(
                enterprise=enterprise,
                name=form.cleaned_data["name"],
                colour=form.cleaned_data["colour"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, _("Tag “%(name)s” created.") % {"name": tag.name})
            return redirect("talent:workspace_tags", enterprise.slug)
    tags = Tag.objects.filter(enterprise=enterprise).annotate(uses=Count("applications"))
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "talent/workspace/tag_list.html",
        {"membership": request.membership, "enterprise": enterprise, "form": form, "tags": tags},
        status=status,
    )


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


# (header, value of the profile): headers and values in the reader's language.
CSV_PROFILE_COLUMNS = (
    (gettext_lazy("E-mail address"), lambda profile: profile.user.email),
    (gettext_lazy("Phone"), lambda profile: str(profile.phone or "")),
    (gettext_lazy("Nationality"), lambda profile: profile.nationality.name or ""),
    (gettext_lazy("University"), lambda profile: profile.university_name),
    (gettext_lazy("C9 League"), lambda profile: _yes_no(profile.is_c9)),
    (gettext_lazy("Highest degree"), lambda profile: profile.get_highest_degree_display()),
    (gettext_lazy("Years of experience"), lambda profile: profile.years_of_experience),
    (
        gettext_lazy("AI specialties"),
        lambda profile: ", ".join(map(str, profile.get_specialties_display())),
    ),
    (gettext_lazy("Skills"), lambda profile: profile.skills),
    (gettext_lazy("Verified by the hub"), lambda profile: _yes_no(profile.is_verified)),
)
CSV_HEADERS = (gettext_lazy("Applied"), gettext_lazy("Stage"), gettext_lazy("Applicant"))


@never_cache
@workspace_view
def applicant_export(request, enterprise, role_pk):
    role = _role(request, enterprise, role_pk)
    AuditEvent.record(actor=request.user, action=AuditEvent.Action.CSV_EXPORTED, target=role)
    applications = (
        _applications(request, enterprise)
        .filter(role=role)
        .select_related("profile", "profile__user")
        .order_by("created_at", "pk")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = "{} {} {}".format(_("Applicants"), role.title, timezone.localdate().isoformat())
    response["Content-Disposition"] = content_disposition_header(True, f"{safe_filename(name)}.csv")
    response["Cache-Control"] = "private, no-store"
    # A byte-order mark: spreadsheet programs then read the Chinese names right.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [str(header) for header in CSV_HEADERS] + [str(h) for h, _v in CSV_PROFILE_COLUMNS]
    )
    for application in applications:
        profile = application.profile
        row = [
            application.created_at,
            application.get_stage_display(),
            application.applicant_name,
        ]
        if profile is None:
            row += [""] * len(CSV_PROFILE_COLUMNS)
        else:
            row += [value(profile) for _header, value in CSV_PROFILE_COLUMNS]
        writer.writerow([csv_cell(value) for value in row])
    return response
