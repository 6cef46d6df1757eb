from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .mfa import session_passed_mfa, uses_totp

ADMIN_PREFIX = "/admin/"
# The admin's own login and logout hand over to allauth (see accounts.views).
EXEMPT = ("/admin/login/", "/admin/logout/")


def admin_language(request) -> str:
    """The language of the admin for this request: a signed-in officer's
    ``preferred_language``; before sign-in, the visitor's choice (the language cookie
    the site's switch sets, else the browser's languages)."""
    user = request.user
    if user.is_authenticated and user.is_staff:
        chosen = user.preferred_language
        if chosen in dict(settings.LANGUAGES):
            return chosen
    return translation.get_language_from_request(request, check_path=False)


class AdminLanguageMiddleware:
    """The admin in the officer's language.

    ``/admin/`` stays outside ``i18n_patterns`` (the URL contract), and for unprefixed
    paths ``LocaleMiddleware`` activates ``LANGUAGE_CODE`` whatever the user chose
    (``prefix_default_language=False``). After it and after authentication, this
    activates the language the officer chose for every admin page, its redirects and
    Django's own admin strings (Django's catalogue follows the active language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(ADMIN_PREFIX):
            translation.activate(admin_language(request))
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


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
