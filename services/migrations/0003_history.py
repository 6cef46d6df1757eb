"""The RSVP, membership and service-request histories take the portal's one history
shape (``westbund.core.history``): ``by``/``at``/``from_status``/``to_status`` are
``actor``/``created_at``/``from_state``/``to_state``, the reasons the portal stored as
English words ("event full") are coded in ``cause``, and (subject, created_at) is
indexed. Every row is kept."""

import django.utils.timezone
from django.db import migrations, models

# What the portal wrote as an RSVP's reason, and the code that replaces it.
RSVP_CAUSES = {
    "event full": "event_full",
    "seat freed by a cancellation": "seat_freed",
    "seats added by an officer": "seats_added",
    "cancelled by an officer": "cancelled_by_officer",
}


def code_the_causes(apps, schema_editor):
    RSVPHistory = apps.get_model("services", "RSVPHistory")
    for words, code in RSVP_CAUSES.items():
        RSVPHistory.objects.filter(reason=words).update(reason="", cause=code)


def spell_out_the_causes(apps, schema_editor):
    RSVPHistory = apps.get_model("services", "RSVPHistory")
    for words, code in RSVP_CAUSES.items():
        RSVPHistory.objects.filter(cause=code, reason="").update(reason=words)


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0002_servicerequest_enterprise"),
    ]

    operations = [
        migrations.RenameField(model_name="rsvphistory", old_name="by", new_name="actor"),
        migrations.RenameField(model_name="rsvphistory", old_name="at", new_name="created_at"),
        migrations.RenameField(model_name="rsvphistory", old_name="from_status", new_name="from_state"),
        migrations.RenameField(model_name="rsvphistory", old_name="to_status", new_name="to_state"),
        migrations.AlterField(
            model_name="rsvphistory",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="when"),
        ),
        migrations.AlterField(
            model_name="rsvphistory",
            name="reason",
            field=models.TextField(blank=True, verbose_name="reason"),
        ),
        migrations.AddField(
            model_name="rsvphistory",
            name="cause",
            field=models.CharField(
                choices=[
                    ("event_full", "Event full"),
                    ("seat_freed", "Seat freed by a cancellation"),
                    ("seats_added", "Seats added by an officer"),
                    ("cancelled_by_officer", "Cancelled by an officer"),
                ],
                blank=True, default="", max_length=30, verbose_name="cause"),
            preserve_default=False,
        ),
        migrations.AlterModelOptions(
            name="rsvphistory",
            options={"ordering": ["created_at", "id"], "verbose_name": "RSVP history entry", "verbose_name_plural": "RSVP history"},
        ),
        migrations.AddIndex(
            model_name="rsvphistory",
            index=models.Index(fields=["rsvp", "created_at"], name="services_rsvp_hist_idx"),
        ),
        migrations.RenameField(model_name="membershipapplicationhistory", old_name="by", new_name="actor"),
        migrations.RenameField(model_name="membershipapplicationhistory", old_name="at", new_name="created_at"),
        migrations.RenameField(model_name="membershipapplicationhistory", old_name="from_status", new_name="from_state"),
        migrations.RenameField(model_name="membershipapplicationhistory", old_name="to_status", new_name="to_state"),
        migrations.AlterField(
            model_name="membershipapplicationhistory",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="when"),
        ),
        migrations.AlterField(
            model_name="membershipapplicationhistory",
            name="reason",
            field=models.TextField(blank=True, verbose_name="reason"),
        ),
        migrations.AddField(
            model_name="membershipapplicationhistory",
            name="cause",
            field=models.CharField(blank=True, default="", max_length=30, verbose_name="cause"),
            preserve_default=False,
        ),
        migrations.AlterModelOptions(
            name="membershipapplicationhistory",
            options={"ordering": ["created_at", "id"], "verbose_name": "membership history entry", "verbose_name_plural": "membership history"},
        ),
        migrations.AddIndex(
            model_name="membershipapplicationhistory",
            index=models.Index(fields=["application", "created_at"], name="services_member_hist_idx"),
        ),
        migrations.RenameField(model_name="servicerequesthistory", old_name="by", new_name="actor"),
        migrations.RenameField(model_name="servicerequesthistory", old_name="at", new_name="created_at"),
        migrations.RenameField(model_name="servicerequesthistory", old_name="from_status", new_name="from_state"),
        migrations.RenameField(model_name="servicerequesthistory", old_name="to_status", new_name="to_state"),
        migrations.AlterField(
            model_name="servicerequesthistory",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="when"),
        ),
        migrations.AlterField(
            model_name="servicerequesthistory",
            name="reason",
            field=models.TextField(blank=True, verbose_name="reason"),
        ),
        migrations.AddField(
            model_name="servicerequesthistory",
            name="cause",
            field=models.CharField(blank=True, default="", max_length=30, verbose_name="cause"),
            preserve_default=False,
        ),
        migrations.AlterModelOptions(
            name="servicerequesthistory",
            options={"ordering": ["created_at", "id"], "verbose_name": "service request history entry", "verbose_name_plural": "service request history"},
        ),
        migrations.AddIndex(
            model_name="servicerequesthistory",
            index=models.Index(fields=["request", "created_at"], name="services_request_hist_idx"),
        ),
        migrations.RunPython(code_the_causes, spell_out_the_causes, elidable=False),
    ]
