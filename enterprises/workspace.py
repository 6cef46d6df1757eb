"""The enterprise workspace (``/workspace/<enterprise_slug>/…``): members only.

Every view goes through ``workspace_view``, which finds the enterprise among the
signed-in user's own memberships, so another enterprise's slug or role is a 404 (an
anonymous visitor is sent to sign in). Other apps' workspace pages (the talent app's
applicants) use the same decorator.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from westbund.core.forms import submit

from . import actions
from .forms import EnterpriseForm, InvitationForm, RoleForm
from .models import Enterprise, Invitation, Membership, Role

ROLES_PER_PAGE = 25


def workspace_view(view=None, *, admin: bool = False, post_only: bool = False):
    """Decorate ``view(request, enterprise, ...)`` reached as ``(request, enterprise_slug, ...)``.

    The membership is looked up first: an intruder gets a 404 whatever the method.
    ``admin``: only the enterprise's admins. ``post_only``: a state change.
    ``request.membership`` is the user's membership of the enterprise.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, enterprise_slug, *args, **kwargs):
            membership = get_object_or_404(
                Membership.objects.for_user(request.user, admin=admin).select_related("enterprise"),
                enterprise__slug=enterprise_slug,
            )
            if post_only and request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            request.membership = membership
            return view(request, membership.enterprise, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator


def _role(request, enterprise: Enterprise, pk: int) -> Role:
    return get_object_or_404(
        Role.objects.for_member(request.user)
        .filter(enterprise=enterprise)
        .select_related("enterprise"),
        pk=pk,
    )


def _render(request, template, context):
    return render(request, template, {"membership": request.membership, **context})


def _error_message(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
def index(request):
    """Choose an enterprise; straight to it when the user has only one."""
    memberships = list(
        Membership.objects.for_user(request.user)
        .select_related("enterprise")
        .order_by("enterprise__name_en")
    )
    if not memberships:
        raise Http404
    if len(memberships) == 1:
        return redirect("enterprises:workspace_dashboard", memberships[0].enterprise.slug)
    return render(request, "enterprises/workspace/index.html", {"memberships": memberships})


@workspace_view
def dashboard(request, enterprise):
    counts = dict(
        Role.objects.filter(enterprise=enterprise)
        .order_by()
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    states = [(state, label, counts.get(state, 0)) for state, label in Role.State.choices]
    recent = Role.objects.filter(enterprise=enterprise).order_by("-updated_at")[:8]
    return _render(
        request,
        "enterprises/workspace/dashboard.html",
        {"enterprise": enterprise, "states": states, "recent_roles": recent},
    )


@workspace_view
def role_list(request, enterprise):
    roles = Role.objects.for_member(request.user).filter(enterprise=enterprise)
    state = request.GET.get("state", "")
    if state in Role.State.values:
        roles = roles.filter(state=state)
    else:
        state = ""
    page = Paginator(roles.order_by("-updated_at", "-pk"), ROLES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return _render(
        request,
        "enterprises/workspace/role_list.html",
        {
            "enterprise": enterprise,
            "page": page,
            "roles": page.object_list,
            "state": state,
            "states": Role.State.choices,
        },
    )


@workspace_view
def role_create(request, enterprise):
    form = RoleForm(request.POST or None)
    if request.method == "POST" and (
        created := submit(
            form,
            lambda data: actions.create_role(
                enterprise=enterprise, by=request.user, **form.changes()
            ),
        )
    ):
        messages.success(request, _("Draft saved. Submit it for review when it is ready."))
        return redirect(created.value.workspace_url())
    return _render(
        request,
        "enterprises/workspace/role_form.html",
        {"enterprise": enterprise, "form": form, "role": None},
    )


@workspace_view
def role_detail(request, enterprise, pk):
    role = _role(request, enterprise, pk)
    transitions = role.history.select_related("actor")
    return _render(
        request,
        "enterprises/workspace/role_detail.html",
        {"enterprise": enterprise, "role": role, "transitions": transitions},
    )


@workspace_view
def role_edit(request, enterprise, pk):
    role = _role(request, enterprise, pk)
    if not role.is_editable:
        messages.error(request, _("A closed role cannot be edited. Duplicate it instead."))
        return redirect(role.workspace_url())
    was_published = role.state == Role.State.PUBLISHED
    form = RoleForm(request.POST or None, instance=role)
    if request.method == "POST" and (
        saved := submit(
            form,
            lambda data: actions.update_role(role=role, by=request.user, changes=form.changes()),
        )
    ):
        role = saved.value
        if was_published and role.state == Role.State.PENDING_REVIEW:
            messages.warning(
                request,
                _(
                    "Saved. The role changed in substance, so it is off the board until "
                    "a talent officer reviews it again."
                ),
            )
        else:
            messages.success(request, _("Role saved."))
        return redirect(role.workspace_url())
    return _render(
        request,
        "enterprises/workspace/role_form.html",
        {"enterprise": enterprise, "form": form, "role": role, "was_published": was_published},
    )


def _post_only(request):
    """405 for a non-POST request, answered only once the objects were found (an
    intruder gets its 404 first)."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _role_action(request, enterprise, pk, action, success):
    role = _role(request, enterprise, pk)
    if refused := _post_only(request):
        return refused
    try:
        action(role=role, by=request.user)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, success)
    return redirect(role.workspace_url())


@workspace_view
def role_submit(request, enterprise, pk):
    return _role_action(
        request,
        enterprise,
        pk,
        actions.submit_role_for_review,
        _("Submitted. A talent officer will review the role, usually within two working days."),
    )


@workspace_view
def role_close(request, enterprise, pk):
    return _role_action(
        request, enterprise, pk, actions.close_role, _("The role is closed and off the board.")
    )


@workspace_view
def role_duplicate(request, enterprise, pk):
    role = _role(request, enterprise, pk)
    if refused := _post_only(request):
        return refused
    copy = actions.duplicate_role(role=role, by=request.user)
    messages.success(request, _("A draft copy of the role was created: set its deadline."))
    return redirect("enterprises:workspace_role_edit", enterprise.slug, copy.pk)


@workspace_view
def enterprise_edit(request, enterprise):
    # The form edits its own copy: a refused form must not rename the page's frame.
    form = EnterpriseForm(
        request.POST or None,
        request.FILES or None,
        instance=Enterprise.objects.get(pk=enterprise.pk),
    )
    if request.method == "POST" and submit(
        form,
        lambda data: actions.update_enterprise(
            enterprise=enterprise, by=request.user, changes=form.changes()
        ),
    ):
        messages.success(request, _("The enterprise page is updated."))
        return redirect("enterprises:workspace_enterprise", enterprise.slug)
    return _render(
        request,
        "enterprises/workspace/enterprise_form.html",
        {"enterprise": enterprise, "form": form},
    )


def _members_page(request, enterprise, invite_form):
    members = enterprise.memberships.select_related("user").order_by("role", "user__email")
    invitations = enterprise.invitations.pending().select_related("invited_by")
    return _render(
        request,
        "enterprises/workspace/members.html",
        {
            "enterprise": enterprise,
            "members": members,
            "invitations": invitations,
            "invite_form": invite_form,
        },
    )


def _invite_form(data=None):
    return InvitationForm(data, initial={"language": translation.get_language()})


@workspace_view
def members(request, enterprise):
    return _members_page(request, enterprise, _invite_form())


@workspace_view(admin=True, post_only=True)
def member_invite(request, enterprise):
    form = _invite_form(request.POST)
    if invited := submit(
        form, lambda data: actions.invite_member(enterprise=enterprise, by=request.user, **data)
    ):
        messages.success(
            request, _("Invitation sent to %(email)s.") % {"email": invited.value.email}
        )
        return redirect("enterprises:workspace_members", enterprise.slug)
    return _members_page(request, enterprise, form)


@workspace_view(admin=True)
def member_remove(request, enterprise, pk):
    membership = get_object_or_404(enterprise.memberships.select_related("user"), pk=pk)
    if refused := _post_only(request):
        return refused
    try:
        actions.remove_member(membership=membership, by=request.user)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("%(name)s was removed.") % {"name": membership.user})
        if membership.user_id == request.user.id:
            return redirect("enterprises:workspace")
    return redirect("enterprises:workspace_members", enterprise.slug)


@workspace_view(admin=True)
def invitation_revoke(request, enterprise, pk):
    invitation = get_object_or_404(Invitation.objects.filter(enterprise=enterprise), pk=pk)
    if refused := _post_only(request):
        return refused
    actions.revoke_invitation(invitation=invitation, by=request.user)
    messages.success(request, _("The invitation is revoked: its link no longer works."))
    return redirect("enterprises:workspace_members", enterprise.slug)
