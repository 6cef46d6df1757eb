from django.db import migrations


def update_groups(apps, schema_editor):
    from westbund.accounts.groups import ensure_staff_groups

    ensure_staff_groups(apps)


class Migration(migrations.Migration):
    """Officers read an application's offers and thread (models of talent 0008)."""

    dependencies = [
        ("accounts", "0006_staff_groups_interviews"),
        ("talent", "0013_offers_and_conversations"),
    ]

    operations = [migrations.RunPython(update_groups, migrations.RunPython.noop)]
