from urllib.parse import urlencode, urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from westbund.core.badges import BadgeColour
from westbund.core.forms import YuanField
from westbund.core.links import WebLinkField
from westbund.core.text import NoControlCharactersMixin
from westbund.education import C9University
from westbund.privacy import files
from westbund.privacy.models import ConsentKind
from westbund.taxonomy import Specialty

from .models import (
    ANSWER_MAX_LENGTH,
    APPLICATION_QUESTIONS,
    COVER_LETTER_MAX_LENGTH,
    LINK_QUESTIONS,
    MESSAGE_BODY_MAX_LENGTH,
    MESSAGE_SUBJECT_MAX_LENGTH,
    OFFER_LETTER_MAX_LENGTH,
    OFFER_POSITION_MAX_LENGTH,
    OFFER_SALARY_MAX,
    TAG_NAME_MAX_LENGTH,
    Application,
    JobAlert,
    MessageTemplate,
    TalentProfile,
)

OTHER_UNIVERSITY = "other"

# The words someone writes with a move (a rejection, an undo, a cancelled interview,
# a declined offer): the other side reads them, the history keeps them.
REASON_MAX_LENGTH = 2000


def reason_field(label, *, rows: int = 3, **kwargs) -> forms.CharField:
    """The free-text reason of a move, as every pipeline form asks for it."""
    return forms.CharField(
        label=label,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


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
        # The university is chosen in its own field (``university``, below).
        fields = [name for name in TalentProfile.OWN_FIELDS if name != "university_code"]
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
        # files.CV holds the limit; its error message says the size.
        help_text=_("A PDF of at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        files.check_upload(upload, files.CV)
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
    reason = reason_field(
        _("Reason or message"),
        required=False,
        help_text=_("Required for a rejection, and shown to the professional."),
    )
    internal = forms.BooleanField(
        label=_("Keep this message internal (not shown to the professional)"),
        required=False,
        help_text=_("A rejection's reason is always shown to the professional."),
    )

    template = forms.ModelChoiceField(
        label=_("And send a message template"),
        queryset=MessageTemplate.objects.none(),
        required=False,
        # As the bulk move's: Django's "---------" reads as a broken field.
        empty_label="—",
        help_text=_("Optional: the message lands in the thread and the professional is told."),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = application.next_stages()
        templates = MessageTemplate.objects.filter(enterprise_id=application.enterprise_id)
        if application.is_anonymised or not templates.exists():
            del self.fields["template"]
        else:
            self.fields["template"].queryset = templates


class UndoMoveForm(NoControlCharactersMixin, forms.Form):
    reason = reason_field(
        _("Why undo this move?"),
        rows=2,
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
        self.fields["stage"].choices = _any(Application.Stage.choices)
        self.fields["specialty"].choices = _any(Specialty.choices)
        self.fields["c9"].choices = _any([(self.C9_YES, _("C9 League only"))])
        # Some 250 countries: given as a callable, they are listed only when a value is
        # checked (the template keeps the field's rendering), not on every page.
        self.fields["nationality"].choices = lambda: _any(list(countries))

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

    @property
    def narrows(self) -> bool:
        """Whether the list shows fewer than all applications (a stage counts)."""
        return any(getattr(self, "cleaned_data", {}).values())

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
            (stage, stage.label)
            for stage in Application.Stage
            # Where an enterprise moves applications to: not back to new, and withdrawing
            # is the applicant's.
            if stage not in (Application.Stage.NEW, Application.Stage.WITHDRAWN)
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


# -- The talent pool -------------------------------------------------------------------------


class PoolSearchForm(forms.Form):
    """The workspace's talent pool search. A value that is not valid (too long, NUL
    bytes, an unknown choice) is said on the page and left out of the search."""

    MAX_QUERY = 200
    WORK_PERMIT_NEEDED = "needs"
    WORK_PERMIT_NOT_NEEDED = "no"

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY,
        help_text=_("Words in the profile or the CV, in English or Chinese."),
    )
    specialty = forms.ChoiceField(label=_("Specialty"), required=False)
    c9 = forms.BooleanField(label=_("C9 League only"), required=False)
    degree = forms.ChoiceField(label=_("Degree at least"), required=False)
    min_years = forms.IntegerField(
        label=_("Years of experience at least"), required=False, min_value=0, max_value=60
    )
    skills = forms.CharField(label=_("Skills"), required=False, max_length=100)
    work_permit = forms.ChoiceField(label=_("Work permit"), required=False)
    city = forms.CharField(label=_("Current city"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        from westbund.education import Degree

        super().__init__(*args, **kwargs)
        self.fields["specialty"].choices = _any(Specialty.choices)
        self.fields["degree"].choices = _any(
            [(value, label) for value, label in Degree.choices if value != Degree.OTHER]
        )
        self.fields["work_permit"].choices = _any(
            [
                (self.WORK_PERMIT_NEEDED, _("Needs a work permit")),
                (self.WORK_PERMIT_NOT_NEEDED, _("Needs no work permit")),
            ]
        )

    def valid_data(self) -> dict:
        """The values that are valid (the others are shown as errors)."""
        self.is_valid()
        data = dict(getattr(self, "cleaned_data", {}))
        return {key: value for key, value in data.items() if value not in ("", None, False)}

    def filter(self, profiles):
        from westbund.education import DEGREE_RANK, Degree
        from westbund.taxonomy import specialty_filter

        data = self.valid_data()
        if data.get("specialty"):
            profiles = profiles.filter(specialty_filter("specialties", data["specialty"]))
        if data.get("c9"):
            profiles = profiles.exclude(university_code="")
        if data.get("degree"):
            rank = DEGREE_RANK[Degree(data["degree"])]
            profiles = profiles.filter(
                highest_degree__in=[degree for degree, r in DEGREE_RANK.items() if r >= rank]
            )
        if data.get("min_years") is not None:
            profiles = profiles.filter(years_of_experience__gte=data["min_years"])
        for skill in data.get("skills", "").split(","):
            if skill.strip():
                profiles = profiles.filter(skills__icontains=skill.strip())
        if data.get("work_permit") == self.WORK_PERMIT_NEEDED:
            profiles = profiles.filter(needs_work_permit=True)
        elif data.get("work_permit") == self.WORK_PERMIT_NOT_NEEDED:
            profiles = profiles.filter(needs_work_permit=False)
        if data.get("city"):
            profiles = profiles.filter(current_city__icontains=data["city"].strip())
        return profiles

    def querystring(self) -> str:
        data = {key: value for key, value in self.valid_data().items()}
        if data.get("c9"):
            data["c9"] = "on"
        return urlencode(data)


class PoolInviteForm(NoControlCharactersMixin, forms.Form):
    """Invite a pool member to apply to one of the enterprise's published roles."""

    role = forms.ModelChoiceField(label=_("Role to apply to"), queryset=None, empty_label=None)
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = roles


class InvitationAcceptForm(NoControlCharactersMixin, forms.Form):
    """Accepting an invitation starts an application: the same consent as applying."""

    cover_letter = forms.CharField(
        label=_("A few words to the enterprise (optional)"),
        required=False,
        max_length=COVER_LETTER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent_sharing = forms.BooleanField(
        label=_("I agree to share my profile and CV with this enterprise."),
        required=True,
    )

    def __init__(self, *args, needs_consent: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_consent:
            del self.fields["consent_sharing"]

    @property
    def consents_now(self) -> bool:
        return bool(self.cleaned_data.get("consent_sharing"))


# -- Interviews and scorecards ---------------------------------------------------------------


class InterviewForm(NoControlCharactersMixin, forms.Form):
    """Schedule or reschedule an interview: a date and time in Shanghai, how long, how,
    where, with whom. ``confirm_clash`` is asked for once a clash was shown."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(
        label=_("Time (Shanghai)"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration = forms.TypedChoiceField(
        label=_("Duration"),
        coerce=int,
        initial=60,
        choices=[],
    )
    mode = forms.ChoiceField(label=_("How"), widget=forms.RadioSelect, initial="video", choices=[])
    location = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=300,
        help_text=_("For an interview on site: the address, building and room."),
    )
    link = WebLinkField(
        label=_("Video link"),
        required=False,
        max_length=500,
        help_text=_("For a video call: the meeting's address (https://…)."),
    )
    interviewers = forms.ModelMultipleChoiceField(
        label=_("Interviewers"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one interviewer.")},
    )
    reason = reason_field(
        _("Why the change? (optional, shown to the candidate)"), rows=2, required=False
    )
    confirm_clash = forms.BooleanField(
        label=_("Schedule anyway, despite the clash"), required=False
    )

    def __init__(self, *args, enterprise, reschedule: bool = False, **kwargs):
        from django.contrib.auth import get_user_model

        from .models import DURATIONS, Interview

        super().__init__(*args, **kwargs)
        self.fields["interviewers"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, enterprise_memberships__enterprise=enterprise)
            .order_by("display_name", "email")
        )
        self.fields["interviewers"].label_from_instance = lambda user: str(user)
        self.fields["duration"].choices = [
            (minutes, _("%(minutes)d minutes") % {"minutes": minutes}) for minutes in DURATIONS
        ]
        self.fields["mode"].choices = Interview.Mode.choices
        if not reschedule:
            del self.fields["reason"]
            from .models import MessageTemplate

            templates = MessageTemplate.objects.filter(enterprise=enterprise).order_by("name")
            if templates.exists():
                self.fields["message_template"] = forms.ModelChoiceField(
                    label=_("And send the message"),
                    queryset=templates,
                    required=False,
                    empty_label="—",
                    help_text=_("One of your message templates, with the interview's time."),
                )

    def clean(self):
        from datetime import datetime
        from zoneinfo import ZoneInfo

        cleaned = super().clean()
        date, time = cleaned.get("date"), cleaned.get("time")
        if date and time:
            cleaned["starts_at"] = datetime.combine(date, time, tzinfo=ZoneInfo("Asia/Shanghai"))
        return cleaned

    def slot(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "duration_minutes": data["duration"],
            "mode": data["mode"],
            "location": data.get("location", ""),
            "link": data.get("link", ""),
            "interviewers": list(data["interviewers"]),
        }


class InterviewCancelForm(NoControlCharactersMixin, forms.Form):
    reason = reason_field(_("Reason (optional, shown to the candidate)"), rows=2, required=False)


class InterviewChangeRequestForm(NoControlCharactersMixin, forms.Form):
    reason = reason_field(
        _("Why, and which times would suit you?"),
        error_messages={"required": _("Say why, and which times would suit you.")},
    )


class CriterionForm(NoControlCharactersMixin, forms.Form):
    name_en = forms.CharField(label=_("Criterion (English)"), max_length=120, required=False)
    name_zh = forms.CharField(label=_("Criterion (Chinese)"), max_length=120, required=False)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("name_en") or cleaned.get("name_zh")):
            raise forms.ValidationError(_("Name the criterion."), code="empty")
        return cleaned


RATING_CHOICES = [(value, str(value)) for value in range(1, 6)]


class ScorecardForm(NoControlCharactersMixin, forms.Form):
    """One rating 1–5 per criterion of the role, a recommendation, notes."""

    recommendation = forms.TypedChoiceField(
        label=_("Overall recommendation"), coerce=int, widget=forms.RadioSelect, choices=[]
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Seen by your enterprise, never by the candidate."),
    )

    def __init__(self, *args, criteria, **kwargs):
        from .models import Scorecard

        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.fields["recommendation"].choices = Scorecard.Recommendation.choices
        rating_fields = {}
        for criterion in self.criteria:
            rating_fields[f"rating_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                coerce=int,
                choices=RATING_CHOICES,
                widget=forms.RadioSelect(attrs={"class": "form-check-inline"}),
                error_messages={"required": _("Rate every criterion from 1 to 5.")},
            )
        # The ratings first, then the recommendation and the notes.
        self.fields = {**rating_fields, **self.fields}

    def ratings(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"rating_{c.pk}"] for c in self.criteria}


# -- Offers and the conversation -----------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"


class OfferForm(NoControlCharactersMixin, forms.Form):
    position = forms.CharField(label=_("Position"), max_length=OFFER_POSITION_MAX_LENGTH)
    annual_salary = YuanField(
        label=_("Annual salary (CNY)"),
        min_value=1,
        max_value=OFFER_SALARY_MAX,
        help_text=_("In yuan a year, e.g. 600000, 600,000 or 60万."),
    )
    start_date = forms.DateField(label=_("Start date"), widget=DateInput)
    expires_on = forms.DateField(
        label=_("Offer valid until"),
        widget=DateInput,
        help_text=_("After this day the candidate can no longer accept it."),
    )
    letter = forms.CharField(
        label=_("Letter"),
        max_length=OFFER_LETTER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("In the candidate's language; they download it as a PDF."),
    )


class OfferDeclineForm(NoControlCharactersMixin, forms.Form):
    reason = reason_field(
        _("Why do you decline?"),
        help_text=_("The enterprise reads it."),
        error_messages={"required": _("Tell the enterprise why you decline.")},
    )


class OfferWithdrawForm(NoControlCharactersMixin, forms.Form):
    reason = reason_field(
        _("Reason"),
        rows=2,
        required=False,
        help_text=_("Shown to the candidate if they had received the offer."),
    )


class MessageForm(NoControlCharactersMixin, forms.Form):
    subject = forms.CharField(
        label=_("Subject"), max_length=MESSAGE_SUBJECT_MAX_LENGTH, required=False
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the message first.")},
    )


class MessageTemplateForm(NoControlCharactersMixin, forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ("name", "subject_en", "subject_zh", "body_en", "body_zh")
        widgets = {
            "body_en": forms.Textarea(attrs={"rows": 6}),
            "body_zh": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "body_en": _(
                "Placeholders: {name}, {role}, {enterprise}, {interview_time} — filled in "
                "for each candidate."
            ),
        }

    def validate_unique(self):
        # The action checks the name among the enterprise's templates.
        pass
