"""Form helpers of the whole project: the one way a view runs an action from a valid
form and shows the action's refusal on that form (``submit``), and the one field for an
amount of yuan (``YuanField``)."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What ``submit`` did: truthy when the action ran, ``value`` being what it returned."""

    ran: bool
    value: T | None = None

    def __bool__(self) -> bool:
        return self.ran


def submit(form: forms.BaseForm, act: Callable[[dict[str, Any]], T]) -> Outcome[T]:
    """Run ``act(form.cleaned_data)`` when ``form`` is valid.

    A ``ValidationError`` the action raises (a rule it checks under its row lock, after
    the form's own checks) goes on the form through ``form.add_error(None, error)``: a
    message is a non-field error, a dict of fields lands on those fields, so the page
    shows it where the form's own errors are. An invalid form or a refusal is a falsy
    ``Outcome``; the view renders the form again."""
    if not form.is_valid():
        return Outcome(ran=False)
    try:
        value = act(form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return Outcome(ran=False)
    return Outcome(ran=True, value=value)


# Thousands separators people type: commas (half- and full-width), spaces, apostrophes.
_SEPARATORS = re.compile(r"[,，\s'’_]")
_WAN = re.compile(r"^(\d+(?:\.\d{1,4})?)万$")


class YuanField(forms.IntegerField):
    """A whole amount of yuan as people write it: ``600000``, ``600,000``, ``600 000``,
    ``600000元`` or ``60万`` (ten thousand yuan: ``60.5万`` is 605000)."""

    default_error_messages = {
        "invalid": _("Enter an amount in yuan, e.g. 600000, 600,000 or 60万."),
    }

    def __init__(self, **kwargs):
        # Text, not a number input: what was typed comes back with the message above
        # instead of being silently dropped by the browser.
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            text = _SEPARATORS.sub("", value).removesuffix("元")
            wan = _WAN.match(text)
            if wan:
                amount = Decimal(wan.group(1)) * 10_000
                if amount != amount.to_integral_value():
                    raise ValidationError(self.error_messages["invalid"], code="invalid")
                value = str(int(amount))
            else:
                value = text
        return super().to_python(value)
