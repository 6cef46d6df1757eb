from django import forms

from .models import User


class LanguageForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["preferred_language"]
        widgets = {"preferred_language": forms.RadioSelect}
