"""Strings of Django's admin that its zh_Hans catalogue (Django 5.2) lacks.

Marked here so that ``makemessages`` keeps them in ours, which Django reads first
(``LOCALE_PATHS``): the officers' admin is then Chinese down to the headers screen
readers announce ("Model name" in every app list)."""

from django.utils.translation import gettext_noop

DJANGO_ADMIN_STRINGS_MISSING_IN_ZH_HANS = (
    gettext_noop("Add link"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Change or view list link"),
    gettext_noop("Error:"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop("Model name"),
)
