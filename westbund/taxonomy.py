"""The AI specialty taxonomy shared by talent profiles, roles, enterprises and alerts.

Specialties are stored as a JSON list of codes (``SpecialtiesField``): it works alike on
SQLite and PostgreSQL, needs no join to show a list of roles with their specialties, and
filters with ``specialty_filter`` on both databases. Codes are stable identifiers: add
new ones, never rename or remove one (stored rows and URLs hold them).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class Specialty(models.TextChoices):
    LLM_PRETRAINING = "llm_pretraining", _("LLM pre-training")
    ALIGNMENT = "alignment", _("Alignment and fine-tuning")
    MULTIMODAL = "multimodal", _("Multimodal")
    COMPUTER_VISION = "computer_vision", _("Computer vision")
    SPEECH = "speech", _("Speech")
    NLP = "nlp", _("Natural language processing")
    RECSYS = "recsys", _("Search and recommendation")
    AI_INFRA = "ai_infra", _("AI infrastructure and inference")
    AI_SAFETY = "ai_safety", _("AI safety")
    DATA_ENGINEERING = "data_engineering", _("Data engineering")
    EMBODIED_AI = "embodied_ai", _("Embodied AI and robotics")
    AI_PRODUCT = "ai_product", _("AI product")


def validate_specialties(value) -> None:
    """A list of known specialty codes, each once."""
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Choose specialties from the list."), code="invalid")
    unknown = sorted(set(value) - set(Specialty.values))
    if unknown:
        raise ValidationError(
            _("Unknown specialty: %(codes)s."),
            code="unknown_specialty",
            params={"codes": ", ".join(unknown)},
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("A specialty is listed twice."), code="duplicate")


def specialty_labels(codes) -> list[str]:
    """The translated labels of ``codes``, in the taxonomy's order."""
    chosen = set(codes or ())
    return [label for code, label in Specialty.choices if code in chosen]


def specialty_names() -> list[tuple[str, str, str]]:
    """(code, English name, Chinese name) of every specialty, in the taxonomy's order:
    what a search matches in either language."""
    from django.utils import translation

    names = []
    for code, label in Specialty.choices:
        with translation.override("en"):
            english = str(label)
        with translation.override("zh-hans"):
            chinese = str(label)
        names.append((code, english, chinese))
    return names


def specialty_filter(field: str, code: str) -> Q:
    """``Q`` for rows whose ``field`` (a ``SpecialtiesField``) holds ``code``.

    PostgreSQL answers JSON containment (indexable); SQLite has no ``contains`` on JSON,
    so there the quoted code is matched in the stored text. Codes are plain identifiers
    (validated), so the quoted form cannot match anything but that code.
    """
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [code]})
    return Q(**{f"{field}__icontains": f'"{code}"'})


class SpecialtiesFormField(forms.TypedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", Specialty.choices)
        super().__init__(**kwargs)


class SpecialtiesField(models.JSONField):
    """A list of ``Specialty`` codes, validated, edited as checkboxes."""

    default_validators = [validate_specialties]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        # Not JSONField's text box: a checkbox per specialty.
        options = {
            "required": not self.blank,
            "label": capfirst(self.verbose_name),
            "help_text": self.help_text,
        }
        options.update({k: v for k, v in kwargs.items() if k in {"widget", "label", "required"}})
        return SpecialtiesFormField(**options)
