from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from westbund.core.forms import YuanField
from westbund.core.links import WebLinkField
from westbund.core.text import NoControlCharactersMixin
from westbund.privacy.files import LOGO, TOO_LARGE
from westbund.taxonomy import Specialty

from .models import Enterprise, Membership, Role


class LogoField(forms.ImageField):
    """An image field that refuses an oversized file before decoding it."""

    def to_python(self, data):
        if data and getattr(data, "size", 0) > LOGO.max_bytes:
            raise LOGO.refusal(TOO_LARGE, size=data.size)
        return super().to_python(data)


class DateInput(forms.DateInput):
    input_type = "date"


class RoleForm(NoControlCharactersMixin, forms.ModelForm):
    class Meta:
        model = Role
        fields = (*Role.CONTENT_FIELDS, "deadline")
        field_classes = {"salary_min": YuanField, "salary_max": YuanField}
        widgets = {
            "deadline": DateInput(format="%Y-%m-%d"),
            "description_en": forms.Textarea(attrs={"rows": 6}),
            "description_zh": forms.Textarea(attrs={"rows": 6}),
            "responsibilities": forms.Textarea(attrs={"rows": 5}),
            "requirements": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {
            "title_en": _("Title in English"),
            "title_zh": _("Title in Chinese (optional)"),
            "description_en": _("Description in English"),
            "description_zh": _("Description in Chinese (optional)"),
        }
        help_texts = {
            "title_zh": _(
                "Readers of the Chinese pages see it first; others see it beside the "
                "English title. Without it everyone reads the English title."
            ),
            "description_zh": _(
                "Readers of the Chinese pages see it instead of the English description."
            ),
        }

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        unchanged = self.instance.pk and deadline == self.instance.deadline
        if deadline and deadline < timezone.localdate() and not unchanged:
            raise forms.ValidationError(
                _("The application deadline cannot be in the past."), code="deadline_in_past"
            )
        return deadline

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("salary_min"), cleaned.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "salary_min", _("The minimum salary cannot be above the maximum salary.")
            )
        return cleaned

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class EnterpriseForm(NoControlCharactersMixin, forms.ModelForm):
    website = WebLinkField(label=_("Website"), required=False)
    logo = LogoField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG, GIF or WebP, at most 2 MB."),
    )

    class Meta:
        model = Enterprise
        fields = (
            "name_en",
            "name_zh",
            "logo",
            "description_en",
            "description_zh",
            "website",
            "focus_areas",
            "unit",
            "headcount",
        )
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 6}),
            "description_zh": forms.Textarea(attrs={"rows": 6}),
        }

    def changes(self) -> dict:
        changes = {name: self.cleaned_data[name] for name in self.Meta.fields}
        logo = changes.pop("logo")
        if logo is False:  # "clear" ticked
            changes["logo"] = ""
        elif logo and logo != self.initial.get("logo"):
            changes["logo"] = logo
        return changes


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.RECRUITER
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation e-mail"), choices=settings.LANGUAGES
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The enterprise's admins read it in the notification."),
    )


# ------------------------------------------------------------------------------
# Public filters (GET forms: invalid values are dropped, never an error page)
# ------------------------------------------------------------------------------
def _with_any(choices, label=None):
    return [("", label or _("Any")), *choices]


class JobSearchForm(forms.Form):
    class Sort:
        RELEVANCE = "relevance"
        DATE = "date"

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    specialty = forms.ChoiceField(
        label=_("Specialty"), required=False, choices=_with_any(Specialty.choices)
    )
    enterprise = forms.SlugField(label=_("Enterprise"), required=False)
    employment_type = forms.ChoiceField(
        label=_("Employment type"),
        required=False,
        choices=_with_any(Role.EmploymentType.choices),
    )
    seniority = forms.ChoiceField(
        label=_("Seniority"), required=False, choices=_with_any(Role.Seniority.choices)
    )
    remote = forms.ChoiceField(
        label=_("Remote policy"), required=False, choices=_with_any(Role.RemotePolicy.choices)
    )
    sponsorship = forms.BooleanField(label=_("Sponsors a work permit"), required=False)
    min_salary = forms.IntegerField(
        label=_("Minimum yearly salary (CNY)"), required=False, min_value=0
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(Sort.RELEVANCE, _("Relevance")), (Sort.DATE, _("Newest"))],
    )

    def __init__(self, *args, enterprises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].widget = forms.Select(
            choices=_with_any([(e.slug, e.name) for e in enterprises])
        )

    def filter(self, roles):
        """Apply the valid filters to ``roles``; return (roles, search query)."""
        self.is_valid()  # keeps the valid filters when another one is not
        data = self.cleaned_data
        query = data.get("q", "")
        roles = roles.search(query)
        if data.get("specialty"):
            roles = roles.with_specialty(data["specialty"])
        if data.get("enterprise"):
            roles = roles.filter(enterprise__slug=data["enterprise"])
        for field in ("employment_type", "seniority"):
            if data.get(field):
                roles = roles.filter(**{field: data[field]})
        if data.get("remote"):
            roles = roles.filter(remote_policy=data["remote"])
        if data.get("sponsorship"):
            roles = roles.filter(sponsors_visa=True)
        if data.get("min_salary"):
            roles = roles.filter(salary_max__gte=data["min_salary"])
        sort = data.get("sort") or (self.Sort.RELEVANCE if query else self.Sort.DATE)
        if sort == self.Sort.RELEVANCE and query:
            roles = roles.order_by("-rank", "-published_at", "-pk")
        else:
            roles = roles.order_by("-published_at", "-pk")
        return roles, query


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=200)
    phase = forms.TypedChoiceField(
        label=_("Phase"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=_with_any(Enterprise.Phase.choices),
    )
    focus = forms.ChoiceField(
        label=_("Focus area"), required=False, choices=_with_any(Specialty.choices)
    )

    def filter(self, enterprises):
        self.is_valid()
        data = self.cleaned_data
        enterprises = enterprises.search(data.get("q", ""))
        if data.get("phase"):
            enterprises = enterprises.filter(phase=data["phase"])
        if data.get("focus"):
            enterprises = enterprises.with_focus(data["focus"])
        return enterprises
