"""Search indexes of the talent pool, on PostgreSQL only (a no-op on SQLite).

- a GIN index on the profiles' stored ``search_vector`` (Chinese segmented by jieba
  under 'simple', Latin words under 'english', the current CV's text included);
- a partial index on the verified profiles, newest decision first: the pool's rows
  (``in_talent_pool``) and its default order.

Not in ``Meta.indexes``, as for the job board's (enterprises 0002): SQLite cannot create
a GIN index. Fill the vectors of existing rows with ``manage.py reindex_search``.
"""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS talent_profile_search_vector_gin "
    "ON talent_talentprofile USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS talent_profile_pool_idx "
    "ON talent_talentprofile (decided_at DESC, id DESC) WHERE review_state = 'verified'",
]
BACKWARD = [
    "DROP INDEX IF EXISTS talent_profile_pool_idx",
    "DROP INDEX IF EXISTS talent_profile_search_vector_gin",
]


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("talent", "0008_talent_pool_and_cv_text")]

    operations = [
        migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD)),
    ]
