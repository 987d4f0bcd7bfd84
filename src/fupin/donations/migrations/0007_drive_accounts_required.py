"""Every ledger line and disbursement now belongs to a drive. SQLite rebuilds the ledger line table to make
the column required, which drops its append-only trigger; it is put back here (PostgreSQL keeps its own)."""

import django.db.models.deletion
from django.db import migrations, models


SQLITE_GUARD = (
    "CREATE TRIGGER IF NOT EXISTS donations_ledgerline_no_update BEFORE UPDATE ON donations_ledgerline "
    "BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;"
)


def restore_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_GUARD)


class Migration(migrations.Migration):

    dependencies = [
        ('donations', '0006_drive_accounts_from_history'),
    ]

    operations = [
        migrations.AlterField(
            model_name='disbursement',
            name='drive',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='disbursements', to='donations.donationdrive', verbose_name='专项'),
        ),
        migrations.AlterField(
            model_name='ledgerline',
            name='drive',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ledger_lines', to='donations.donationdrive', verbose_name='专项'),
        ),
        migrations.RunPython(restore_guard, migrations.RunPython.noop),
    ]
