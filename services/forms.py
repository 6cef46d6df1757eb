from django import forms
from django.utils.translation import gettext_lazy as _

from westbund.core.links import WebLinkField
from westbund.privacy import files as private_files

from .models import MembershipApplication, Policy, ServiceRequest


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
