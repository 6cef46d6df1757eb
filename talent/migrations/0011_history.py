"""Profile review events and application stage changes take the portal's one history
shape (``westbund.core.history``). Review events: the coded ``reason`` is ``cause``,
the officer's ``message`` is ``reason``. Stage changes: ``from_stage``/``to_stage``
are ``from_state``/``to_state``. Both related names are ``history``. Every row is
kept (the review codes were codes already)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("talent", "0010_privacy_models_moved"),
    ]

    operations = [
        # Review events: the code first, so that the words can take its name.
        migrations.RenameField(model_name="profilereviewevent", old_name="reason", new_name="cause"),
        migrations.RenameField(
            model_name="profilereviewevent", old_name="message", new_name="reason"
        ),
        migrations.AlterField(
            model_name="profilereviewevent",
            name="cause",
            field=models.CharField(
                blank=True,
                choices=[
                    ("certified_changed", "Certified details were edited"),
                    ("consent_withdrawn", "Consent to processing was withdrawn"),
                    ("officer_assigned", "Officer assigned"),
                ],
                max_length=30,
                verbose_name="cause",
            ),
        ),
        migrations.AlterField(
            model_name="profilereviewevent",
            name="reason",
            field=models.TextField(blank=True, verbose_name="reason"),
        ),
        migrations.AlterField(
            model_name="profilereviewevent",
            name="profile",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="history",
                to="talent.talentprofile",
                verbose_name="profile",
            ),
        ),
        migrations.AlterField(
            model_name="profilereviewevent",
            name="from_state",
            field=models.CharField(
                blank=True,
                choices=[
                    ("draft", "Draft"),
                    ("submitted", "Submitted"),
                    ("in_review", "In review"),
                    ("verified", "Verified"),
                    ("changes_requested", "Changes requested"),
                    ("declined", "Declined"),
                ],
                max_length=20,
                verbose_name="from",
            ),
        ),
        # Stage changes.
        migrations.RenameField(
            model_name="applicationstagechange", old_name="from_stage", new_name="from_state"
        ),
        migrations.RenameField(
            model_name="applicationstagechange", old_name="to_stage", new_name="to_state"
        ),
        migrations.AddField(
            model_name="applicationstagechange",
            name="cause",
            field=models.CharField(blank=True, default="", max_length=30, verbose_name="cause"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="applicationstagechange",
            name="reason",
            field=models.TextField(blank=True, verbose_name="reason"),
        ),
        migrations.AlterField(
            model_name="applicationstagechange",
            name="application",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="history",
                to="talent.application",
                verbose_name="application",
            ),
        ),
    ]
