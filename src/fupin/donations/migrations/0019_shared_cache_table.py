"""The shared cache's table (settings.CACHES["shared"]), where the limits on public writes count; made here so
every database the site runs on (demo, tests, production) has it after `migrate`."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "fupin_shared_cache"


def create_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("donations", "0018_constraint_messages")]

    operations = [migrations.RunPython(create_table, drop_table, elidable=False)]
