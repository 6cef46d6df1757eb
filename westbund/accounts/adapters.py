from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    """The one place where allauth is customised for the portal."""

    def save_user(self, request, user, form, commit=True):
        # A new account takes the language the visitor was reading the site in, so the
        # portal's e-mails reach them in that language from the first one on.
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        return super().save_user(request, user, form, commit=commit)
