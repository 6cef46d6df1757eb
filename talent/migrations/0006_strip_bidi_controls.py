"""Text stored before bidirectional controls were stripped on input loses them too: a
cover letter with a right-to-left override no longer shows reversed to the recruiter."""

import re

from django.db import migrations
from django.db.models import Q

# As westbund.core.text.BIDI_CONTROLS (a migration keeps its own copy).
BIDI = "[\u202a-\u202e\u2066-\u2069]"

TEXT_FIELDS = {
    "TalentProfile": (
        "full_name",
        "name_zh",
        "current_city",
        "languages",
        "university_other",
        "field_of_study",
        "current_employer",
        "current_title",
        "skills",
    ),
    "Application": ("cover_letter",),
    "ApplicationStageChange": ("reason",),
    "ApplicationNote": ("body",),
}


def strip(apps, schema_editor):
    pattern = re.compile(BIDI)
    for model_name, fields in TEXT_FIELDS.items():
        model = apps.get_model("talent", model_name)
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__regex": BIDI})
        for row in model.objects.filter(match).iterator():
            for field in fields:
                setattr(row, field, pattern.sub("", getattr(row, field) or ""))
            row.save(update_fields=list(fields))


class Migration(migrations.Migration):
    dependencies = [("talent", "0005_application_stage_change_kind")]

    operations = [migrations.RunPython(strip, migrations.RunPython.noop)]
