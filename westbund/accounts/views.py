from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import LanguageForm


def admin_login(request):
    """The admin signs in through allauth, so its rate limits and 2FA apply."""
    if request.user.is_authenticated and not request.user.is_staff:
        # A recruiter or professional has no business in the officers' admin.
        raise PermissionDenied
    next_url = request.GET.get("next", "/admin/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/admin/"
    # reverse() follows the active language (AdminLanguageMiddleware): the sign-in page
    # is in the language the visitor chose on the site, or their browser's.
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


def _admin_page(request, url: str) -> str:
    """``url`` if it is an admin page of this site, else the admin's home."""
    if url.startswith("/admin/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("admin:index")


@require_POST
def admin_language(request):
    """The language switch in the admin's header: saves the officer's
    ``preferred_language`` (the admin and the portal's e-mails follow it) and shows the
    same admin page again, now in that language. Wrapped in ``admin_view``: staff only."""
    form = LanguageForm(request.POST, instance=request.user)
    if form.is_valid():
        form.save()
        translation.activate(form.instance.preferred_language)
        messages.success(request, _("The admin and your e-mails are now in this language."))
    else:
        messages.error(request, _("Choose one of the languages offered."))
    return redirect(_admin_page(request, request.POST.get("next", "")))


@login_required
def language(request):
    """The language of the portal's e-mails to this user (pages follow the URL)."""
    form = LanguageForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your e-mails will be written in the language you chose."))
        # The page stays in the language the person reads it in: the choice is about
        # e-mails, and the pages follow the URL.
        return redirect("accounts_language")
    return render(request, "accounts/language.html", {"form": form})
