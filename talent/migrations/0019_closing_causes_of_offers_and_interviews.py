"""The causes of offers withdrawn and interviews cancelled because their application
closed: rejected, withdrawn by the candidate, or anonymised when they left (choices only:
no change to the database)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('talent', '0018_queue_indexes_oldest_first'),
    ]

    operations = [
        migrations.AlterField(
            model_name='interviewevent',
            name='cause',
            field=models.CharField(blank=True, choices=[('scheduled', 'Scheduled'), ('rescheduled', 'Rescheduled'), ('confirmed', 'Confirmed by the candidate'), ('change_requested', 'The candidate asked for another time'), ('cancelled', 'Cancelled'), ('done', 'Marked as done'), ('application_rejected', 'The application was rejected'), ('application_withdrawn', 'The candidate withdrew their application'), ('candidate_left', 'The candidate deleted their account')], max_length=30, verbose_name='cause'),
        ),
        migrations.AlterField(
            model_name='offertransition',
            name='cause',
            field=models.CharField(blank=True, choices=[('expired', "The offer's expiry date passed"), ('approved', 'Approved by an admin of the enterprise'), ('application_rejected', 'The application was rejected'), ('application_withdrawn', 'The candidate withdrew their application'), ('candidate_left', 'The candidate deleted their account')], max_length=30, verbose_name='cause'),
        ),
    ]
