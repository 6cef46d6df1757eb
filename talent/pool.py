"""The talent pool in the enterprise workspace (``/workspace/<slug>/talent-pool/…``).

Every view goes through ``workspace_view`` (another enterprise's member, or a
professional, gets a 404). The pool lists ``TalentProfile.objects.in_talent_pool()``
only, and shows no contact detail and no CV: those reach the enterprise with the
application that an accepted invitation starts. Invitations and recommendations are
read narrowed to the page's enterprise.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from enterprises.models import Role
from enterprises.workspace import workspace_view
from westbund.core.admin_mixins import CappedCountPaginator
from westbund.core.kept import kept_page

from . import actions
from .counts import workspace_page_versions
from .forms import PoolInviteForm, PoolSearchForm
from .models import (
    POOL_INVITATIONS_PER_DAY,
    PoolInvitation,
    PoolRecommendation,
    TalentProfile,
)

PROFILES_PER_PAGE = 20


class PoolPaginator(CappedCountPaginator):
    # Counting every consented, verified profile (20,000 in `make bench`) cost 200 ms a
    # page; a recruiter narrows a longer pool with the search and filters.
    CAP = 1000
    ESTIMATE_FROM = float("inf")


INVITATIONS_PER_PAGE = 25


def _published_roles(enterprise):
    return Role.objects.published().filter(enterprise=enterprise).order_by("title_en")


# Fields a pool card shows: nothing that reaches the person (no e-mail, phone, links, CV).
CARD_FIELDS = (
    "pk",
    "full_name",
    "name_zh",
    "nationality",
    "current_city",
    "highest_degree",
    "university_code",
    "university_other",
    "field_of_study",
    "years_of_experience",
    "current_title",
    "specialties",
    "skills",
    "needs_work_permit",
    "needs_visa_sponsorship",
    "availability",
    "decided_at",
)
# Recommended profiles shown above the list, on its first page.
RECOMMENDED_SHOWN = 10


def _pool(enterprise, form: PoolSearchForm):
    """The pool as ``enterprise`` sees it, searched and filtered: (the profiles the hub
    recommended to it, the others). The others are ordered by rank (a search) or by the
    newest verification, which the partial index ``talent_profile_pool_idx`` serves
    with a LIMIT; the recommendations are a separate, short list, so that they never
    make the main list's order a computed one."""
    recommendations = PoolRecommendation.objects.filter(
        enterprise=enterprise, profile=OuterRef("pk")
    )
    profiles = TalentProfile.objects.in_talent_pool()
    query = form.valid_data().get("q", "")
    profiles = profiles.search_text(query) if query else profiles
    profiles = form.filter(profiles).only(*CARD_FIELDS)
    order = ["-rank"] if query else []
    recommended = (
        profiles.filter(Exists(recommendations))
        .annotate(recommendation_note=Subquery(recommendations.values("note")[:1]))
        .order_by(*order, "-decided_at", "-pk")
    )
    others = profiles.exclude(Exists(recommendations)).order_by(*order, "-decided_at", "-pk")
    return recommended, others


def _render(request, template, context):
    return render(request, template, {"membership": request.membership, **context})


@never_cache
@workspace_view
@kept_page(versions=partial(workspace_page_versions, pool=True))
def pool(request, enterprise):
    form = PoolSearchForm(request.GET or None)
    recommended, others = _pool(enterprise, form)
    page = PoolPaginator(others, PROFILES_PER_PAGE).get_page(request.GET.get("page"))
    recommended = list(recommended[:RECOMMENDED_SHOWN])
    for profile in recommended:
        profile.recommended = True
    profiles = (recommended if page.number == 1 else []) + list(page.object_list)
    # This enterprise's invitations of the people on this page (one query).
    invited = {}
    for invitation in (
        PoolInvitation.objects.filter(
            enterprise=enterprise, profile_id__in=[profile.pk for profile in profiles]
        )
        .select_related("role")
        .order_by("created_at")
    ):
        invited.setdefault(invitation.profile_id, []).append(invitation)
    for profile in profiles:
        profile.invitations_here = invited.get(profile.pk, [])
    roles = list(_published_roles(enterprise))
    sent = actions.invitations_sent_today(enterprise)
    return _render(
        request,
        "talent/workspace/pool.html",
        {
            "enterprise": enterprise,
            "form": form,
            "page": page,
            "profiles": profiles,
            "found": page.paginator.count
            + (0 if page.paginator.count_is_capped else len(recommended)),
            "found_more": page.paginator.count_is_capped,
            "roles": roles,
            "invite_form": PoolInviteForm(roles=Role.objects.filter(pk__in=[r.pk for r in roles])),
            "daily_limit": POOL_INVITATIONS_PER_DAY,
            "invitations_left": max(POOL_INVITATIONS_PER_DAY - sent, 0),
            "query_string": form.querystring(),
        },
    )


@workspace_view(post_only=True)
def invite(request, enterprise, profile_pk):
    profile = get_object_or_404(TalentProfile.objects.in_talent_pool(), pk=profile_pk)
    form = PoolInviteForm(request.POST, roles=_published_roles(enterprise))
    back = request.POST.get("back", "")
    target = redirect("talent:workspace_pool", enterprise.slug)
    if back.startswith("?") and len(back) < 1000:
        target["Location"] += back
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return target
    try:
        actions.invite_to_apply(
            enterprise=enterprise,
            profile=profile,
            role=form.cleaned_data["role"],
            by=request.user,
            message=form.cleaned_data["message"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is invited to apply to %(role)s.")
            % {"name": profile.full_name, "role": form.cleaned_data["role"].title},
        )
    return target


@workspace_view
def invitation_list(request, enterprise):
    invitations = (
        PoolInvitation.objects.filter(enterprise=enterprise)
        .select_related("role", "profile", "invited_by")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(invitations, INVITATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return _render(
        request,
        "talent/workspace/pool_invitations.html",
        {
            "enterprise": enterprise,
            "page": page,
            "invitations": page.object_list,
            "daily_limit": POOL_INVITATIONS_PER_DAY,
        },
    )
