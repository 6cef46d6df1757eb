from django.db import migrations


def update_groups(apps, schema_editor):
    from westbund.accounts.groups import ensure_staff_groups

    ensure_staff_groups(apps)


class Migration(migrations.Migration):
    """Officers read applications, their history and notes (models of talent 0002)."""

    dependencies = [
        ("accounts", "0002_staff_groups"),
        ("talent", "0002_applications_and_job_alerts"),
    ]

    operations = [migrations.RunPython(update_groups, migrations.RunPython.noop)]
