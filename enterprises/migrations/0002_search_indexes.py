"""Search indexes of the job board, on PostgreSQL only (a no-op on SQLite).

- a GIN index on the stored ``search_vector`` (English configuration);
- ``pg_trgm`` GIN indexes on the role titles and the enterprises' names: PostgreSQL's
  text search parsers do not segment Chinese ("多模态大模型算法工程师" is one token), so
  Chinese queries are substring matches, which trigram indexes serve. They index
  ``UPPER(col::text)`` because that is what Django's ``icontains`` compares
  (``UPPER("title_zh"::text) LIKE UPPER('%多模态%')``).

They are not declared in ``Meta.indexes`` on purpose: SQLite cannot create them, and a
later table rebuild on SQLite would try to.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS role_search_vector_gin "
    "ON enterprises_role USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS role_title_zh_trgm "
    "ON enterprises_role USING gin ((UPPER(title_zh::text)) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS role_title_en_trgm "
    "ON enterprises_role USING gin ((UPPER(title_en::text)) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS enterprise_name_zh_trgm "
    "ON enterprises_enterprise USING gin ((UPPER(name_zh::text)) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS enterprise_name_en_trgm "
    "ON enterprises_enterprise USING gin ((UPPER(name_en::text)) gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS enterprise_name_en_trgm",
    "DROP INDEX IF EXISTS enterprise_name_zh_trgm",
    "DROP INDEX IF EXISTS role_title_en_trgm",
    "DROP INDEX IF EXISTS role_title_zh_trgm",
    "DROP INDEX IF EXISTS role_search_vector_gin",
]


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]

    operations = [
        migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD)),
    ]
