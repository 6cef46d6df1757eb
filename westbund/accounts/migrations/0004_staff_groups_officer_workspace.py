from django.db import migrations


def update_groups(apps, schema_editor):
    from westbund.accounts.groups import ensure_staff_groups

    ensure_staff_groups(apps)


class Migration(migrations.Migration):
    """Officers write internal notes on profiles; administrators also read the audit log
    (models of talent 0003)."""

    dependencies = [
        ("accounts", "0003_staff_groups_applications"),
        ("talent", "0003_officer_workspace"),
    ]

    operations = [migrations.RunPython(update_groups, migrations.RunPython.noop)]
