"""The one way a view runs an action from a valid form and shows the action's refusal
on that form."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.core.exceptions import ValidationError

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
