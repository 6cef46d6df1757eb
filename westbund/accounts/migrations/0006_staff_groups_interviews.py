from django.db import migrations


def update_groups(apps, schema_editor):
    from westbund.accounts.groups import ensure_staff_groups

    ensure_staff_groups(apps)


class Migration(migrations.Migration):
    """Officers read an application's interviews and scorecards (models of talent 0008)."""

    dependencies = [
        ("accounts", "0005_staff_groups_privacy"),
        ("talent", "0012_interviews"),
    ]

    operations = [migrations.RunPython(update_groups, migrations.RunPython.noop)]
