"""``westbund.core.forms.submit``: the action runs only from a valid form, and its
refusal lands on the form where the form's own errors are."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from westbund.core.forms import submit


class ReasonForm(forms.Form):
    reason = forms.CharField()


def test_valid_form_runs_the_action_with_cleaned_data_and_returns_its_value():
    form = ReasonForm({"reason": "  moved on  "})

    outcome = submit(form, lambda data: f"done: {data['reason']}")

    assert outcome
    assert outcome.value == "done: moved on"
    assert form.errors == {}


def test_invalid_form_does_not_call_the_action():
    form = ReasonForm({"reason": ""})
    calls = []

    outcome = submit(form, calls.append)

    assert not outcome
    assert outcome.value is None
    assert calls == []
    assert "reason" in form.errors


def test_refusal_with_a_message_is_a_non_field_error():
    form = ReasonForm({"reason": "late"})

    def refuse(data):
        raise ValidationError("The application is closed.", code="closed")

    outcome = submit(form, refuse)

    assert not outcome
    assert form.non_field_errors() == ["The application is closed."]
    assert form.errors.as_data()["__all__"][0].code == "closed"


def test_refusal_with_a_field_dict_lands_on_that_field():
    form = ReasonForm({"reason": "late"})

    def refuse(data):
        raise ValidationError({"reason": "Say more than that."})

    outcome = submit(form, refuse)

    assert not outcome
    assert form.errors == {"reason": ["Say more than that."]}
    assert form.non_field_errors() == []
    # As for the form's own field errors: the refused value is no longer clean.
    assert "reason" not in form.cleaned_data


def test_an_error_other_than_a_refusal_is_not_swallowed():
    form = ReasonForm({"reason": "late"})

    def crash(data):
        raise RuntimeError("bug")

    with pytest.raises(RuntimeError):
        submit(form, crash)
    assert form.errors == {}
