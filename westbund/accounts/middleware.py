from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .mfa import session_passed_mfa, uses_totp

ADMIN_PREFIX = "/admin/"
# The admin's own login and logout hand over to allauth (see accounts.views).
EXEMPT = ("/admin/login/", "/admin/logout/")


class StaffTwoFactorMiddleware:
    """Officers reach ``/admin/`` only from a session that passed two-factor
    authentication: a staff user without an authenticator is sent to set one up; one
    whose session signed in without the second factor signs in again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            request.path.startswith(ADMIN_PREFIX)
            and not request.path.startswith(EXEMPT)
            and user.is_authenticated
            and user.is_staff
        ):
            if not uses_totp(user):
                messages.warning(
                    request,
                    _(
                        "Officers need two-factor authentication. Set up an authenticator "
                        "app, then open the admin again."
                    ),
                )
                return redirect("mfa_activate_totp")
            if not session_passed_mfa(request):
                logout(request)
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('account_login')}?{query}")
        return self.get_response(request)
