"""The 2017 points table's note on its source, written for the people who read the
self-check (the seeded note read as a checker's memo, with half-width punctuation in
Chinese). Only a note still as seeded is rewritten: an officer's own wording stays."""

from django.db import migrations


# As seeded by 0005, and as written for readers.
SEEDED = {
    "source_note_en": (
        "Every figure was checked against the two republished texts, which agree; the "
        "official attachment of 外专发〔2017〕40号 could not be retrieved here, so "
        "that it carries this version (rather than the trial one) is not verified. "
        "The date is the nationwide start of the system (verified in the text of the "
        "notice). The provincial bonus (0–10 points) is not counted by the self-check."
    ),
    "source_note_zh": (
        "各项分值均与两份一致的转载文本核对;未能取得外专发〔2017〕40号附件官方原文,"
        "该附件所载为此版本(而非试用版)一事未经核实。日期为全国实施之日(已在通知文本中"
        "核实)。省级鼓励性加分(0–10分)不计入自测。"
    ),
}

FOR_READERS = {
    "source_note_en": (
        "The points are those of two republished texts, which agree with each other; the "
        "official attachment could not be checked, so it is not confirmed that it carries "
        "exactly this version. The provincial bonus (0–10 points) is not counted here: "
        "your talent officer can tell you whether it applies to you."
    ),
    "source_note_zh": (
        "本表分值依据两份相互一致的公开转载文本；官方附件原文未能核对，"
        "故尚未确认其与本版本完全一致。省级鼓励性加分（0–10分）不计入本自测，"
        "是否适用请咨询您的人才专员。"
    ),
}


def forward(apps, schema_editor):
    _replace(apps, old=SEEDED, new=FOR_READERS)


def backward(apps, schema_editor):
    _replace(apps, old=FOR_READERS, new=SEEDED)


def _replace(apps, *, old, new):
    Table = apps.get_model("services", "PermitPointsTable")
    for field in ("source_note_en", "source_note_zh"):
        Table.objects.filter(version="2017", **{field: old[field]}).update(**{field: new[field]})


class Migration(migrations.Migration):
    dependencies = [("services", "0006_apartment_history_shape")]

    operations = [migrations.RunPython(forward, backward)]
