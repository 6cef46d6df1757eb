from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode


def admin_login(request):
    """The admin signs in through allauth, so its rate limits and 2FA apply."""
    if request.user.is_authenticated and not request.user.is_staff:
        # A recruiter or professional has no business in the officers' admin.
        raise PermissionDenied
    next_url = request.GET.get("next", "/admin/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/admin/"
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
