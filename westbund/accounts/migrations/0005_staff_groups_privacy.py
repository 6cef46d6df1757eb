from django.db import migrations


def update_groups(apps, schema_editor):
    from westbund.accounts.groups import ensure_staff_groups

    ensure_staff_groups(apps)


class Migration(migrations.Migration):
    """Officers keep reading consents and the privacy log, now the privacy app's."""

    dependencies = [
        ("accounts", "0004_staff_groups_officer_workspace"),
        ("privacy", "0001_initial"),
        ("talent", "0010_privacy_models_moved"),
    ]

    operations = [migrations.RunPython(update_groups, migrations.RunPython.noop)]
