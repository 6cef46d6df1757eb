from django.db import migrations


def update_groups(apps, schema_editor):
    from westbund.accounts.groups import ensure_staff_groups

    ensure_staff_groups(apps)


class Migration(migrations.Migration):
    """Officers keep the work-permit points tables and the talent apartments (models of
    services 0003)."""

    dependencies = [
        ("accounts", "0008_staff_groups_analytics_duplicates"),
        ("services", "0004_permit_table_and_apartments"),
    ]

    operations = [migrations.RunPython(update_groups, migrations.RunPython.noop)]
