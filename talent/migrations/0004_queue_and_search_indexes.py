"""Indexes of the officers' review queue, on PostgreSQL only (a no-op on SQLite).

The queue is ordered "newest submission first, drafts last" (``submitted_at DESC NULLS
LAST, id DESC``); the indexes below match that ordering, alone and after the filters
officers use most (state, assigned officer, C9 university). SQLite cannot create an
index with NULLS LAST, hence raw SQL here rather than ``Meta.indexes``.

The admin searches profiles by substring (``icontains``: ``UPPER(col::text) LIKE
UPPER('%wang%')``), which no B-tree serves; ``pg_trgm`` GIN indexes on the same
expressions do, for Latin and Chinese text alike. Each searched column has its own
index so that PostgreSQL combines them (BitmapOr) instead of scanning 100k rows.
A GIN index on the specialties serves the specialty filter. Not in ``Meta.indexes``
on purpose: SQLite cannot create them (see ``enterprises/migrations/0002_search_indexes.py``).
"""

from django.db import migrations

COLUMNS = ("full_name", "name_zh", "university_other", "skills")

FORWARD = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"] + [
    f"CREATE INDEX IF NOT EXISTS talent_profile_{column}_trgm "
    f"ON talent_talentprofile USING gin ((UPPER({column}::text)) gin_trgm_ops)"
    for column in COLUMNS
] + [
    "CREATE INDEX IF NOT EXISTS talent_profile_queue_idx ON talent_talentprofile "
    "(submitted_at DESC NULLS LAST, id DESC)",
    "CREATE INDEX IF NOT EXISTS talent_profile_state_idx ON talent_talentprofile "
    "(review_state, submitted_at DESC NULLS LAST, id DESC)",
    "CREATE INDEX IF NOT EXISTS talent_profile_officer_idx ON talent_talentprofile "
    "(assigned_officer_id, review_state, submitted_at DESC NULLS LAST, id DESC)",
    "CREATE INDEX IF NOT EXISTS talent_profile_c9_idx ON talent_talentprofile "
    "(university_code, highest_degree, submitted_at DESC NULLS LAST, id DESC) "
    "WHERE university_code <> ''",
    # The specialty filter is JSON containment (``specialties @> '["nlp"]'``).
    "CREATE INDEX IF NOT EXISTS talent_profile_specialties_gin "
    "ON talent_talentprofile USING gin (specialties jsonb_path_ops)",
]
BACKWARD = [f"DROP INDEX IF EXISTS talent_profile_{column}_trgm" for column in COLUMNS] + [
    "DROP INDEX IF EXISTS talent_profile_specialties_gin",
    "DROP INDEX IF EXISTS talent_profile_queue_idx",
    "DROP INDEX IF EXISTS talent_profile_state_idx",
    "DROP INDEX IF EXISTS talent_profile_officer_idx",
    "DROP INDEX IF EXISTS talent_profile_c9_idx",
]


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("talent", "0003_officer_workspace")]

    operations = [
        migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD)),
    ]
