"""Role transitions take the portal's one history shape (``westbund.core.history``):
``by`` is ``actor``, the portal's own reasons are coded in ``cause`` (they were stored
as English sentences), the related name is ``history``, (role, created_at) indexed.
Every row is kept."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The English sentences the portal stored as reasons, and the codes that replace them.
CAUSES = {
    "Edited after publication": "edited_after_publication",
    "The application deadline passed.": "deadline_passed",
}


def code_the_causes(apps, schema_editor):
    RoleTransition = apps.get_model("enterprises", "RoleTransition")
    for sentence, code in CAUSES.items():
        RoleTransition.objects.filter(reason=sentence).update(reason="", cause=code)


def spell_out_the_causes(apps, schema_editor):
    RoleTransition = apps.get_model("enterprises", "RoleTransition")
    for sentence, code in CAUSES.items():
        RoleTransition.objects.filter(cause=code, reason="").update(reason=sentence)


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0003_role_description_zh"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="roletransition", old_name="by", new_name="actor"),
        migrations.AlterField(
            model_name="roletransition",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="by",
            ),
        ),
        migrations.AddField(
            model_name="roletransition",
            name="cause",
            field=models.CharField(
                blank=True,
                choices=[
                    ("edited_after_publication", "Edited after publication"),
                    ("deadline_passed", "The application deadline passed."),
                ],
                default="",
                max_length=30,
                verbose_name="cause",
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="roletransition",
            name="role",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="history",
                to="enterprises.role",
                verbose_name="role",
            ),
        ),
        migrations.AddIndex(
            model_name="roletransition",
            index=models.Index(fields=["role", "created_at"], name="enterprises_role_hist_idx"),
        ),
        migrations.RunPython(code_the_causes, spell_out_the_causes, elidable=False),
    ]
