"""Links people type (a profile's GitHub page, a work sample, an enterprise's website).

Only http and https: the portal shows these as links to other people, and a
``javascript:`` or ``data:`` address there would run in the reader's session.
"""

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

validate_web_link = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address that starts with https:// or http://."),
    code="web_link",
)


class WebLinkField(forms.URLField):
    """A web address: http(s) only; typed without a scheme it is taken as https."""

    default_validators = [validate_web_link]
    default_error_messages = {"invalid": validate_web_link.message}

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)
