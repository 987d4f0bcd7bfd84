"""Give every existing drive its own restricted account: each ledger line and disbursement recorded before
drives had accounts is attributed to its drive, and the drives' account totals are summed from the lines.

A donation's lines belong to its drive; a disbursement (and so its lines) to the first drive of its fund
whose gifts still covered it (else the fund's first drive); a reversal's lines to the drive of the
transaction it mirrors. Ledger rows are append-only, so the guard is lifted for this one attribution and put back.
"""

from collections import defaultdict

from django.db import migrations

LINES = "donations_ledgerline"
PG_GUARD = (
    f"CREATE TRIGGER {LINES}_append_only BEFORE UPDATE OR DELETE ON {LINES} "
    "FOR EACH ROW EXECUTE FUNCTION ledger_append_only();"
)
SQLITE_GUARD = (
    f"CREATE TRIGGER IF NOT EXISTS {LINES}_no_update BEFORE UPDATE ON {LINES} "
    "BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;"
)


def _lift_guard(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {LINES}_append_only ON {LINES};")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {LINES}_no_update;")


def _restore_guard(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_GUARD)
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_GUARD)


def _drive_of_disbursements(apps):
    """Each paid or pending disbursement's drive, in the order they were paid."""
    drive_model = apps.get_model("donations", "DonationDrive")
    disbursement_model = apps.get_model("donations", "Disbursement")
    line_model = apps.get_model("donations", "LedgerLine")
    cash = defaultdict(int)
    for line in line_model.objects.filter(account="cash", transaction__donation__isnull=False).values(
        "transaction__donation__drive_id", "amount_fen"
    ):
        cash[line["transaction__donation__drive_id"]] += line["amount_fen"]
    for disbursement in disbursement_model.objects.filter(drive__isnull=True).order_by("id"):
        drives = list(drive_model.objects.filter(fund_id=disbursement.fund_id).order_by("id").values_list("id", flat=True))
        if not drives:
            raise RuntimeError(f"disbursement {disbursement.pk}: its fund has no drive to attribute it to")
        chosen = next((d for d in drives if cash[d] >= disbursement.amount_fen), drives[0])
        if disbursement.status == "paid":
            cash[chosen] -= disbursement.amount_fen
        disbursement_model.objects.filter(pk=disbursement.pk).update(drive_id=chosen)


def forward(apps, schema_editor):
    _drive_of_disbursements(apps)
    line_model = apps.get_model("donations", "LedgerLine")
    total_model = apps.get_model("donations", "AccountTotal")
    donation_model = apps.get_model("donations", "Donation")
    disbursement_model = apps.get_model("donations", "Disbursement")
    owner = {}
    owner.update(donation_model.objects.filter(transaction__isnull=False).values_list("transaction_id", "drive_id"))
    owner.update(disbursement_model.objects.filter(transaction__isnull=False).values_list("transaction_id", "drive_id"))
    _lift_guard(schema_editor)
    for line in line_model.objects.filter(drive__isnull=True).select_related("transaction").order_by("transaction_id"):
        drive_id = owner.get(line.transaction_id) or owner.get(line.transaction.reverses_id)
        if drive_id is None:
            raise RuntimeError(f"ledger transaction {line.transaction_id}: no drive to attribute it to")
        line_model.objects.filter(pk=line.pk).update(drive_id=drive_id)
    _restore_guard(schema_editor)
    sums = defaultdict(int)
    for drive_id, account, amount in line_model.objects.values_list("drive_id", "account", "amount_fen"):
        sums[(drive_id, account)] += amount
    total_model.objects.bulk_create(
        total_model(drive_id=drive_id, account=account, amount_fen=amount) for (drive_id, account), amount in sums.items()
    )


def backward(apps, schema_editor):
    apps.get_model("donations", "AccountTotal").objects.all().delete()
    _lift_guard(schema_editor)
    apps.get_model("donations", "LedgerLine").objects.update(drive=None)
    _restore_guard(schema_editor)
    apps.get_model("donations", "Disbursement").objects.update(drive=None)


class Migration(migrations.Migration):
    dependencies = [("donations", "0005_drive_accounts_transfers")]
    operations = [migrations.RunPython(forward, backward)]
