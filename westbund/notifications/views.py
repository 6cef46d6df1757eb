from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import actions
from .forms import EmailChoicesForm
from .models import OPTIONAL_EMAIL_KINDS, EmailOptOut, Kind, Notification
from .rendering import read_unsubscribe_token, render_notification

PAGE_SIZE = 25


@login_required
def inbox(request):
    notifications = Notification.objects.for_user(request.user).select_related("recipient")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    language = get_language()
    rows = [(n, render_notification(n, language=language).subject) for n in page]
    return render(request, "notifications/inbox.html", {"page": page, "rows": rows})


@login_required
def detail(request, pk):
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    # Opening a notification is reading it, as in any mail client.
    actions.mark_read(notification=notification)
    rendered = render_notification(notification, language=get_language(), in_portal=True)
    return render(
        request,
        "notifications/detail.html",
        {
            "notification": notification,
            "rendered": rendered,
            "target_url": notification.url_in(get_language()),
        },
    )


@login_required
@require_POST
def mark_read(request, pk):
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    actions.mark_read(notification=notification)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = actions.mark_all_read(user=request.user)
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    disabled = set(EmailOptOut.objects.filter(user=request.user).values_list("kind", flat=True))
    form = EmailChoicesForm(
        request.POST if request.method == "POST" else None, disabled_kinds=disabled
    )
    if request.method == "POST" and form.is_valid():
        actions.set_email_choices(user=request.user, disabled_kinds=form.disabled_kinds())
        messages.success(request, _("Your e-mail choices are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


# No login and no CSRF token: mail clients post here for RFC 8058 one-click
# unsubscribe. The signed token is the authorisation; it can only switch e-mail off.
@csrf_exempt
def unsubscribe(request, token):
    try:
        user_id, kind = read_unsubscribe_token(token)
    except signing.BadSignature:
        raise Http404 from None
    if kind not in OPTIONAL_EMAIL_KINDS:
        raise Http404
    user = get_object_or_404(get_user_model(), pk=user_id, is_active=True)
    done = False
    if request.method == "POST":
        actions.unsubscribe(user=user, kind=kind)
        done = True
    return render(
        request,
        "notifications/unsubscribe.html",
        {"kind_label": Kind(kind).label, "done": done, "email": user.email},
    )


def go(request, pk):
    """Open the thing a notification is about (and count it as read)."""
    if not request.user.is_authenticated:
        return redirect("account_login")
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    actions.mark_read(notification=notification)
    target = notification.url_in(get_language())
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return HttpResponseRedirect(target or "/")
