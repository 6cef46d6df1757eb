from urllib.parse import urlencode, urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from westbund.core.badges import BadgeColour
from westbund.core.links import WebLinkField
from westbund.core.text import NoControlCharactersMixin
from westbund.education import C9University
from westbund.taxonomy import Specialty

from .models import (
    ANSWER_MAX_LENGTH,
    APPLICATION_QUESTIONS,
    COVER_LETTER_MAX_LENGTH,
    LINK_QUESTIONS,
    PIPELINE,
    TAG_NAME_MAX_LENGTH,
    Application,
    ApplicationStage,
    ConsentKind,
    JobAlert,
    TalentProfile,
)
from .validators import validate_pdf

OTHER_UNIVERSITY = "other"


def _host_is(url: str, *domains: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == domain or host.endswith(f".{domain}") for domain in domains)


class TalentProfileForm(NoControlCharactersMixin, forms.ModelForm):
    """The whole profile on one page, in fieldsets (``fieldsets()``), with the two
    consents as separate, explicit checkboxes."""

    university = forms.ChoiceField(
        label=_("University"),
        required=False,
        choices=[
            ("", "---------"),
            (_("C9 League"), C9University.choices),
            (_("Elsewhere"), [(OTHER_UNIVERSITY, _("Another university (type its name below)"))]),
        ],
        help_text=_("The nine C9 League universities are listed by name."),
    )
    consent_processing = forms.BooleanField(
        label=_(
            "I agree that the West Bund Talent Hub stores and processes this profile and my "
            "CV to review it and to match me with roles."
        ),
        required=False,
        help_text=_("Needed to submit your profile for review. You can withdraw it at any time."),
    )
    consent_sharing = forms.BooleanField(
        label=_(
            "I agree that my profile and CV are shared with the enterprises I apply to, and "
            "only with them."
        ),
        required=False,
        help_text=_("Needed to apply to roles. You can withdraw it at any time."),
    )

    class Meta:
        model = TalentProfile
        fields = [
            "full_name",
            "name_zh",
            "nationality",
            "current_city",
            "phone",
            "languages",
            "highest_degree",
            "university_other",
            "field_of_study",
            "graduation_year",
            "years_of_experience",
            "current_employer",
            "current_title",
            "specialties",
            "skills",
            "github_url",
            "scholar_url",
            "website_url",
            "needs_work_permit",
            "needs_visa_sponsorship",
            "availability",
        ]
        widgets = {
            "skills": forms.Textarea(attrs={"rows": 3}),
            "graduation_year": forms.NumberInput(attrs={"min": 1950, "max": 2100}),
            "years_of_experience": forms.NumberInput(attrs={"min": 0, "max": 60}),
        }
        field_classes = {
            "github_url": WebLinkField,
            "scholar_url": WebLinkField,
            "website_url": WebLinkField,
        }
        help_texts = {"university_other": _("Only if you chose another university above.")}

    FIELDSETS = (
        (
            _("About you"),
            ("full_name", "name_zh", "nationality", "current_city", "phone", "languages"),
        ),
        (
            _("Education"),
            (
                "highest_degree",
                "university",
                "university_other",
                "field_of_study",
                "graduation_year",
            ),
        ),
        (
            _("Experience"),
            ("years_of_experience", "current_employer", "current_title", "specialties", "skills"),
        ),
        (_("Links"), ("github_url", "scholar_url", "website_url")),
        (
            _("Work authorisation and availability"),
            ("needs_work_permit", "needs_visa_sponsorship", "availability"),
        ),
        (_("Your consent"), ("consent_processing", "consent_sharing")),
    )

    def __init__(self, *args, consents: frozenset[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        profile = self.instance
        if profile.university_code:
            self.initial["university"] = profile.university_code
        elif profile.university_other:
            self.initial["university"] = OTHER_UNIVERSITY
        self.initial["consent_processing"] = ConsentKind.PROFILE_PROCESSING in consents
        self.initial["consent_sharing"] = ConsentKind.SHARE_WITH_ENTERPRISES in consents
        for name in ("graduation_year", "years_of_experience"):
            self.fields[name].widget.attrs.pop("maxlength", None)
        if profile.pk and profile.certified_fields_locked:
            # The officer is looking at these: they wait for the decision.
            for name in (*TalentProfile.CERTIFIED_FIELDS, "university"):
                if name in self.fields:
                    self.fields[name].disabled = True

    def fieldsets(self):
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.FIELDSETS
        ]

    def clean_github_url(self):
        url = self.cleaned_data["github_url"]
        if url and not _host_is(url, "github.com"):
            raise forms.ValidationError(
                _("Enter the address of your GitHub page (github.com/…)."), code="github"
            )
        return url

    def clean_scholar_url(self):
        url = self.cleaned_data["scholar_url"]
        host = (urlsplit(url).hostname or "").lower()
        if url and not host.startswith("scholar.google."):
            raise forms.ValidationError(
                _("Enter the address of your Google Scholar profile (scholar.google.com/…)."),
                code="scholar",
            )
        return url

    def clean(self):
        cleaned = super().clean()
        if self.fields["university"].disabled:
            return cleaned
        choice = cleaned.get("university", "")
        other = (cleaned.get("university_other") or "").strip()
        if choice == OTHER_UNIVERSITY or (not choice and other):
            if not other:
                self.add_error("university_other", _("Type the name of your university."))
            self.instance.university_code = ""
            cleaned["university_other"] = other
        else:
            self.instance.university_code = choice
            # A C9 university chosen from the list replaces anything typed.
            cleaned["university_other"] = ""
        return cleaned

    @property
    def changed_profile_fields(self) -> list[str]:
        changed = [name for name in self.changed_data if name in self._meta.fields]
        if "university" in self.changed_data:
            changed.append("university_code")
        return changed

    @property
    def consent_choices(self) -> dict[str, bool]:
        return {
            ConsentKind.PROFILE_PROCESSING: self.cleaned_data["consent_processing"],
            ConsentKind.SHARE_WITH_ENTERPRISES: self.cleaned_data["consent_sharing"],
        }


class CVUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Your CV"),
        # validate_pdf holds the limit (CV_MAX_BYTES); its error message says the size.
        help_text=_("A PDF of at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_pdf(upload)
        return upload


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that my account, profile, CVs and notifications are erased and "
            "cannot be restored."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="password_incorrect")
        return password


class ReviewDecisionForm(forms.Form):
    """The officer's words on an admin decision (intermediate page of an action)."""

    message = forms.CharField(
        label=_("Message to the professional"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("Required when you request changes: say what to change."),
    )


# -- Applications ----------------------------------------------------------------------------


class ApplicationForm(NoControlCharactersMixin, forms.Form):
    """The cover letter, the optional questions and, when it is missing, the explicit
    consent to share the profile and CV with the enterprise."""

    cover_letter = forms.CharField(
        label=_("Cover letter"),
        max_length=COVER_LETTER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Why this role, and why you. At most 5,000 characters."),
    )
    consent_sharing = forms.BooleanField(
        label=_(
            "I agree that my profile and CV are shared with the enterprises I apply to, and "
            "only with them."
        ),
        help_text=_("Needed to apply to roles. You can withdraw it at any time."),
        error_messages={
            "required": _("Agree to share your profile and CV with this enterprise to apply.")
        },
    )

    def __init__(self, *args, needs_consent: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in APPLICATION_QUESTIONS:
            field_class = WebLinkField if key in LINK_QUESTIONS else forms.CharField
            self.fields[key] = field_class(
                label=label,
                required=False,
                max_length=ANSWER_MAX_LENGTH,
                help_text=_("Optional."),
            )
        if not needs_consent:
            del self.fields["consent_sharing"]

    @property
    def answers(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key, _label in APPLICATION_QUESTIONS}

    @property
    def consents_now(self) -> bool:
        return bool(self.cleaned_data.get("consent_sharing"))


class StageMoveForm(NoControlCharactersMixin, forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"))
    reason = forms.CharField(
        label=_("Reason or message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a rejection, and shown to the professional."),
    )
    internal = forms.BooleanField(
        label=_("Keep this message internal (not shown to the professional)"),
        required=False,
        help_text=_("A rejection's reason is always shown to the professional."),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = application.next_stages()


class UndoMoveForm(NoControlCharactersMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why undo this move?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown to the professional, who is told of the correction."),
        error_messages={"required": _("Say why the move is undone: the professional reads it.")},
    )


class NoteForm(NoControlCharactersMixin, forms.Form):
    body = forms.CharField(
        label=_("Internal note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen only by your enterprise and the hub's talent officers."),
    )


def _any(choices):
    return [("", _("Any")), *choices]


class ApplicantFilterForm(NoControlCharactersMixin, forms.Form):
    """The workspace's applicant filters (the list and the board); invalid values are
    ignored, not errors. ``tags``: the enterprise's tags, the only ones offered."""

    C9_YES = "yes"
    # The filters that depend only on the language and the query (the template caches
    # their rendering); the search and the enterprise's tags are rendered each time.
    CACHED_FIELDS = ("stage", "specialty", "c9", "nationality")

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("A name, a skill or a university."),
    )
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    specialty = forms.ChoiceField(label=_("Specialty"), required=False)
    c9 = forms.ChoiceField(label=_("University"), required=False)
    nationality = forms.ChoiceField(label=_("Nationality"), required=False)

    def __init__(self, *args, tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = _any([(str(tag.pk), tag.name) for tag in tags])
        self.fields["stage"].choices = _any(ApplicationStage.choices)
        self.fields["specialty"].choices = _any(Specialty.choices)
        self.fields["c9"].choices = _any([(self.C9_YES, _("C9 League only"))])
        self.fields["nationality"].choices = _any(list(countries))

    def cached_fields(self):
        return [self[name] for name in self.CACHED_FIELDS]

    def filter(self, applications, *, stage: bool = True):
        """``applications`` narrowed by the valid filters (``stage=False``: all stages,
        as the board shows them in columns)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if stage and data.get("stage"):
            applications = applications.filter(stage=data["stage"])
        if data.get("specialty"):
            applications = applications.with_specialty(data["specialty"])
        if data.get("c9") == self.C9_YES:
            applications = applications.c9()
        if data.get("nationality"):
            applications = applications.filter(profile__nationality=data["nationality"])
        if data.get("tag"):
            applications = applications.filter(tags__pk=int(data["tag"]))
        if data.get("q"):
            applications = applications.search(data["q"])
        return applications

    @property
    def is_filtered(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(value for name, value in data.items() if name != "stage")

    def querystring(self, *, without=()) -> str:
        data = getattr(self, "cleaned_data", {})
        return urlencode(
            {key: value for key, value in data.items() if value and key not in without}
        )


class BulkMoveForm(NoControlCharactersMixin, forms.Form):
    """Move the applications ticked in the workspace's list to one stage.

    ``message_template``: the hook for the enterprise's message templates; the field
    exists only when the view offers some (``message_templates``: (value, label) pairs).
    """

    applications = forms.ModelMultipleChoiceField(
        queryset=Application.objects.none(),
        error_messages={"required": _("Tick the applications to move first.")},
    )
    to_stage = forms.ChoiceField(label=_("Move to"))
    reason = StageMoveForm.base_fields["reason"]
    internal = StageMoveForm.base_fields["internal"]
    message_template = forms.ChoiceField(label=_("And send the message"), required=False)

    def __init__(self, *args, applications, message_templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications
        self.fields["to_stage"].choices = [
            (stage, ApplicationStage(stage).label)
            for stage in (*PIPELINE[1:], ApplicationStage.REJECTED)
        ]
        if message_templates:
            self.fields["message_template"].choices = [("", "—"), *message_templates]
        else:
            del self.fields["message_template"]


class TagForm(NoControlCharactersMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=TAG_NAME_MAX_LENGTH)
    colour = forms.ChoiceField(
        label=_("Colour"),
        choices=BadgeColour.choices,
        initial=BadgeColour.BLUE,
        widget=forms.RadioSelect,
    )


class TagAttachForm(forms.Form):
    tag = forms.ChoiceField(
        label=_("Tag"), widget=forms.Select(attrs={"class": "form-select form-select-sm"})
    )

    def __init__(self, *args, tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [(str(tag.pk), tag.name) for tag in tags]


class JobAlertForm(forms.ModelForm):
    class Meta:
        model = JobAlert
        fields = [
            "name",
            "keywords",
            "specialties",
            "employment_type",
            "seniority",
            "remote_policy",
            "sponsors_visa",
            "min_salary",
        ]
        help_texts = {
            "name": _("Optional: how the digest e-mail calls this alert."),
            "keywords": _("Words in the title, description or enterprise name."),
        }

    def __init__(self, *args, **kwargs):
        from enterprises.models import Role

        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["employment_type"] = forms.ChoiceField(
            label=_("Employment type"), required=False, choices=_any(Role.EmploymentType.choices)
        )
        self.fields["seniority"] = forms.ChoiceField(
            label=_("Seniority"), required=False, choices=_any(Role.Seniority.choices)
        )
        self.fields["remote_policy"] = forms.ChoiceField(
            label=_("Remote policy"), required=False, choices=_any(Role.RemotePolicy.choices)
        )
