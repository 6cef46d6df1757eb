from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from westbund.accounts import permissions
from westbund.core.bilingual import site_language

# An invitation link opened before signing in (see enterprises.views.accept_invitation):
# the token waits in the session until the invited person has signed up, verified the
# address and signed in, which may take several pages and an e-mail round trip.
PENDING_INVITATION_KEY = "pending_invitation"


def _has_talent_profile(user) -> bool:
    try:
        user.talent_profile  # noqa: B018 (the reverse one-to-one raises when absent)
    except ObjectDoesNotExist:
        return False
    return True


def _mail_language(context: dict) -> str:
    """An account holder reads our e-mails in their preferred language; someone without
    an account (yet) in the language of the page they came from."""
    user = context.get("user")
    language = getattr(user, "preferred_language", "") or translation.get_language()
    return site_language(language)


class AccountAdapter(DefaultAccountAdapter):
    """The one place where allauth is customised for the portal."""

    def save_user(self, request, user, form, commit=True):
        # A new account takes the language the visitor was reading the site in, so the
        # portal's e-mails reach them in that language from the first one on.
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request):
        """Where a sign-in without an explicit ``next`` leads (allauth gives ``next``
        precedence): a pending invitation first; then My hub for a professional, the
        admin for an officer, the workspace for a recruiter. Names reverse in the
        language of the page signed in from."""
        invitation_url = self._pending_invitation_url(request)
        if invitation_url:
            return invitation_url
        user = request.user
        if _has_talent_profile(user):
            return super().get_login_redirect_url(request)
        if permissions.is_officer(user):
            # The officers' work is in the admin (which asks for the second factor).
            return "/admin/"
        # Reverse relations, not imports: the project library imports no domain app.
        if user.enterprise_memberships.filter(enterprise__is_active=True).exists():
            return reverse("enterprises:workspace")
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        # Read at sign-up and kept by allauth until the address is verified.
        return self._pending_invitation_url(request) or super().get_signup_redirect_url(request)

    def _pending_invitation_url(self, request) -> str | None:
        # The invitation page itself forgets the token once a signed-in person sees it.
        token = request.session.get(PENDING_INVITATION_KEY)
        return reverse("enterprises:accept_invitation", args=[token]) if token else None

    def get_logout_redirect_url(self, request):
        # The home page in the language the person was reading, not always English.
        return reverse("home")

    def format_email_subject(self, subject):
        return f"[{_('West Bund Talent Hub')}] {subject}"

    def send_mail(self, template_prefix, email, context):
        # Subject, body and the hub's name in one language: the reader's.
        with translation.override(_mail_language(context)):
            home = f"{settings.SITE_URL.rstrip('/')}{reverse('home')}"
            super().send_mail(template_prefix, email, {"site_url": home, **context})
