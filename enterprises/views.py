"""Public pages: the job board, role pages, the enterprise directory, invitations."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from westbund.accounts.adapters import PENDING_INVITATION_KEY
from westbund.core.cache import public_page

from . import actions
from .forms import DirectoryFilterForm, JobSearchForm
from .models import Enterprise, Invitation, Role

ROLES_PER_PAGE = 20
ENTERPRISES_PER_PAGE = 24


@public_page
def job_board(request):
    enterprises = Enterprise.objects.active().only("slug", "name_en", "name_zh")
    form = JobSearchForm(request.GET, enterprises=enterprises)
    roles, query = form.filter(Role.objects.published().select_related("enterprise"))
    page = Paginator(roles, ROLES_PER_PAGE).get_page(request.GET.get("page"))
    _mark_applied(page.object_list, request.user)
    return render(
        request,
        "enterprises/role_list.html",
        {
            "form": form,
            "page": page,
            "roles": page.object_list,
            "query": query,
            # A role reached from search results (words or filters), or from the board.
            "role_source": "search" if _searched(request) else "board",
        },
    )


def _searched(request) -> bool:
    return any(value for key, value in request.GET.items() if key not in ("page", "sort"))


def _mark_applied(roles, user) -> None:
    """Give each role the signed-in professional applied to its ``sent_application``:
    one query for the page; none for visitors (their pages are cached, the same for
    everyone)."""
    if not user.is_authenticated:
        return
    roles = list(roles)
    sent = Role.objects.filter(pk__in=[role.pk for role in roles]).applications_of(user)
    for role in roles:
        role.sent_application = sent.get(role.pk)


@public_page
def role_detail(request, slug):
    role = get_object_or_404(Role.objects.published().select_related("enterprise"), slug=slug)
    _mark_applied([role], request.user)
    base_url = request.build_absolute_uri("/").rstrip("/")
    return render(
        request,
        "enterprises/role_detail.html",
        {
            "role": role,
            "enterprise": role.enterprise,
            "job_posting": role.job_posting(base_url=base_url),
            # The application form belongs to the talent app (``talent:apply``).
            # Where the visitor came from (``?src=`` of the board, the feed, an alert …)
            # goes on to the apply form, which records it on the application.
            "apply_url": f"{role.get_absolute_url()}apply/{_source_query(request)}",
        },
    )


# The ``src`` values a link to a role page may carry (talent's ``Application.Source``,
# which this app does not import); anything else is dropped, and the application is
# then recorded as coming from a direct link.
LINK_SOURCES = frozenset({"board", "search", "alert", "recommended", "feed"})


def _source_query(request) -> str:
    source = request.GET.get("src")
    return f"?src={source}" if source in LINK_SOURCES else ""


def _open_role_counts():
    counts = (
        Role.objects.published()
        .filter(enterprise=OuterRef("pk"))
        .order_by()
        .values("enterprise")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts), 0)


@public_page
def directory(request):
    form = DirectoryFilterForm(request.GET)
    enterprises = form.filter(Enterprise.objects.active()).annotate(open_roles=_open_role_counts())
    page = Paginator(enterprises, ENTERPRISES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "enterprises/enterprise_list.html",
        {"form": form, "page": page, "enterprises": page.object_list},
    )


@public_page
def enterprise_detail(request, slug):
    enterprise = get_object_or_404(Enterprise.objects.active(), slug=slug)
    roles = list(
        Role.objects.published().filter(enterprise=enterprise).select_related("enterprise")
    )
    _mark_applied(roles, request.user)
    return render(
        request,
        "enterprises/enterprise_detail.html",
        {"enterprise": enterprise, "roles": roles, "role_source": "board"},
    )


def accept_invitation(request, token):
    invitation = get_object_or_404(
        Invitation.objects.select_related("enterprise", "invited_by"), token=token
    )
    if not request.user.is_authenticated:
        # Signing up means a verification e-mail in between, and allauth's ``next`` does
        # not survive it: the session keeps the token, and the first sign-in after it
        # comes back here (see accounts.adapters.AccountAdapter.get_login_redirect_url).
        request.session[PENDING_INVITATION_KEY] = token
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "enterprises/invitation_accept.html", {"invitation": invitation})
    request.session.pop(PENDING_INVITATION_KEY, None)
    error = None
    if request.method == "POST":
        try:
            membership = actions.accept_invitation(token=token, user=request.user)
        except ValidationError as invalid:
            error = " ".join(invalid.messages)
        else:
            messages.success(
                request,
                _("Welcome to %(enterprise)s's workspace.")
                % {"enterprise": membership.enterprise.name},
            )
            return redirect("enterprises:workspace_dashboard", membership.enterprise.slug)
    return render(
        request,
        "enterprises/invitation_accept.html",
        {"invitation": invitation, "error": error},
    )
