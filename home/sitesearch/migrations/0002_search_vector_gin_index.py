"""The GIN index that makes ``search_vector @@ to_tsquery(…)`` fast; PostgreSQL only.

Not a ``GinIndex`` in the model's ``Meta.indexes``: SQLite cannot create it, and Django has no
per-database index. On SQLite this migration does nothing.
"""

from django.db import migrations

INDEX = "sitesearch_entry_vector_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON sitesearch_searchentry USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("sitesearch", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
