from django.db import migrations


class Migration(migrations.Migration):
    """Consents, privacy events and audit events are ``westbund.privacy``'s now: gone from
    the talent app's state only; the tables stay (``privacy`` 0001 took them over)."""

    dependencies = [
        ("talent", "0009_pool_search_indexes"),
        ("privacy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AuditEvent"),
                migrations.DeleteModel(name="Consent"),
                migrations.DeleteModel(name="PrivacyEvent"),
            ],
            database_operations=[],
        ),
    ]
