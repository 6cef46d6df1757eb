from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from westbund.core.links import WebLinkField
from westbund.privacy import files as private_files

from .models import ApartmentApplication, MembershipApplication, Policy, ServiceRequest


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Zero or more files, each checked by content (PDF, JPEG, PNG; at most 5 MB)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        # FileField refuses a zero-byte file silently as "empty"; we want our own message.
        return data

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        private_files.check_uploads(files, private_files.ATTACHMENT)
        return files


ATTACHMENT_HELP = _("PDF, JPEG or PNG, at most 5 MB each, up to five files.")


class ServiceRequestForm(forms.ModelForm):
    attachments = AttachmentsField(label=_("Attachments"), help_text=ATTACHMENT_HELP)

    class Meta:
        model = ServiceRequest
        fields = ["enterprise", "category", "subject", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "description": _("What do you need, and by when? Officers answer in this thread."),
        }
        error_messages = {
            "subject": {"required": _("Give your request a subject.")},
            "description": {"required": _("Describe what you need.")},
        }

    def __init__(self, *args, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a member of an enterprise can open a request for it; others don't see the field.
        if enterprises is not None and enterprises.exists():
            field = self.fields["enterprise"]
            field.queryset = enterprises
            field.empty_label = _("Myself (a personal request)")
            field.help_text = _("Members of the enterprise you choose also see the request.")
        else:
            del self.fields["enterprise"]


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a message before sending.")},
    )
    attachments = AttachmentsField(label=_("Attachments"), help_text=ATTACHMENT_HELP)


class MembershipApplicationForm(forms.ModelForm):
    website = WebLinkField(label=_("website"), required=False)

    class Meta:
        model = MembershipApplication
        fields = ["full_name", "company", "position", "website", "motivation"]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 5})}


class PolicyFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *Policy.Category.choices],
    )


class ManualSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the manual"), required=False, max_length=100)


# ------------------------------------------------------------------------------
# Work-permit self-check
# ------------------------------------------------------------------------------
class PermitCheckForm(forms.Form):
    """The questions of a points table, built from its factors (a GET form)."""

    NUMBER_LIMITS = {
        # code: (lowest, highest) a person can honestly answer.
        "salary": (0, 100_000_000),
        "work_years": (0, 60),
        "months_in_china": (0, 12),
        "age": (16, 100),
    }

    direct = forms.BooleanField(
        label=_(
            "I was selected by a national talent programme, or my achievements are "
            "internationally recognised (awards, leading posts)"
        ),
        required=False,
    )
    degree_in_china = forms.BooleanField(
        label=_("My master's degree or doctorate is from a university in China"),
        required=False,
    )

    def __init__(self, *args, table, **kwargs):
        super().__init__(*args, **kwargs)
        self.table = table
        for factor in table.factors.all():
            label = factor.question or factor.name
            bands = [band for band in factor.bands.all() if band.code]
            if factor.kind == factor.Kind.NUMBER:
                low, high = self.NUMBER_LIMITS.get(factor.code, (0, 10**9))
                self.fields[factor.code] = forms.DecimalField(
                    label=label,
                    required=False,
                    min_value=low,
                    max_value=high,
                    max_digits=12,
                    decimal_places=1,
                    help_text=factor.unit,
                    error_messages={
                        "invalid": _("Enter a number (digits only), e.g. 380000."),
                        "min_value": _("Enter a number of at least %(limit_value)s."),
                        "max_value": _("Enter a number of at most %(limit_value)s."),
                    },
                )
            elif factor.kind == factor.Kind.CHOICE:
                self.fields[factor.code] = forms.ChoiceField(
                    label=label,
                    required=False,
                    choices=[("", _("None of these"))] + [(b.code, b.label) for b in bands],
                )
            else:
                self.fields[factor.code] = forms.MultipleChoiceField(
                    label=label,
                    required=False,
                    choices=[(b.code, b.label) for b in bands],
                    widget=forms.CheckboxSelectMultiple,
                )
        # The route questions after the points.
        self.order_fields([*[f.code for f in table.factors.all()], "direct", "degree_in_china"])

    def answers(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value not in (None, "", [], False)
        }


# ------------------------------------------------------------------------------
# Talent apartments
# ------------------------------------------------------------------------------
class EnterpriseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name  # in the reader's language


class ApartmentApplicationForm(forms.ModelForm):
    class Meta:
        model = ApartmentApplication
        fields = ["household_size", "move_in_date", "budget", "employer", "current_housing"]
        field_classes = {"employer": EnterpriseChoiceField}
        widgets = {
            "move_in_date": forms.DateInput(attrs={"type": "date"}),
            "current_housing": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "household_size": {"required": _("Say how many people will live in the apartment.")},
            "move_in_date": {
                "required": _("Give the date you would like to move in."),
                "invalid": _("Enter the date as YYYY-MM-DD."),
            },
            "budget": {
                "required": _("Give the most you would pay a month."),
                "invalid": _("Enter the budget as a whole number of yuan."),
            },
            "employer": {"required": _("Choose your employer.")},
            "current_housing": {"required": _("Tell us where you live now.")},
        }

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = enterprises
        self.fields["household_size"].min_value = 1
        self.fields["household_size"].widget.attrs.update({"min": 1, "max": 10})
        self.fields["budget"].widget.attrs.update({"min": 0})

    def clean_move_in_date(self):
        value = self.cleaned_data["move_in_date"]
        if value < timezone.localdate():
            raise ValidationError(_("The move-in date cannot be in the past."), code="past")
        return value
