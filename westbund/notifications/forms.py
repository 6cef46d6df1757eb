from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OPTIONAL_EMAIL_KINDS, Kind


class EmailChoicesForm(forms.Form):
    """One checkbox per optional kind: checked means "e-mail me"."""

    def __init__(self, *args, disabled_kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        for kind in sorted(OPTIONAL_EMAIL_KINDS):
            self.fields[kind] = forms.BooleanField(
                label=Kind(kind).label,
                required=False,
                initial=kind not in disabled_kinds,
                help_text=_("Also shown in your inbox whatever you choose here."),
            )

    def disabled_kinds(self) -> set[str]:
        return {kind for kind in OPTIONAL_EMAIL_KINDS if not self.cleaned_data.get(kind)}
