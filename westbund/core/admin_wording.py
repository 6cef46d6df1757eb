"""Django's admin strings that our Chinese catalogue words better than Django's own
(``LOCALE_PATHS`` comes before the apps' catalogues): its "选择 人才档案 来修改" spaces
a Chinese name as if it were a Latin word. Marked here so that ``makemessages`` keeps
them in our catalogue."""

from django.utils.translation import gettext_noop

OVERRIDDEN = (
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Change %s"),
    gettext_noop("Add %s"),
    gettext_noop("View %s"),
)
