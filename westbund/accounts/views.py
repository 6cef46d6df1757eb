from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from .forms import LanguageForm


def admin_login(request):
    """The admin signs in through allauth, so its rate limits and 2FA apply."""
    if request.user.is_authenticated and not request.user.is_staff:
        # A recruiter or professional has no business in the officers' admin.
        raise PermissionDenied
    next_url = request.GET.get("next", "/admin/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/admin/"
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


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
