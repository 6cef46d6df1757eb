from django.db import migrations


def update_groups(apps, schema_editor):
    from westbund.accounts.groups import ensure_staff_groups

    ensure_staff_groups(apps)


class Migration(migrations.Migration):
    """Officers read the recruitment analytics and decide possible duplicate profiles
    (models of talent 0008)."""

    dependencies = [
        ("accounts", "0007_staff_groups_offers_and_messages"),
        ("talent", "0015_analytics_sources_duplicates"),
    ]

    operations = [migrations.RunPython(update_groups, migrations.RunPython.noop)]
