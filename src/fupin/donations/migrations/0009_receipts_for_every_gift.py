"""Every gift received before each gift got its receipt (staff-entered, sheet rows, box openings, goods) gets
one now, numbered after its fund's last receipt in the order the gifts were recorded, issued in the name of
the person who recorded the gift."""

from django.db import migrations
from django.db.models import Max


def forward(apps, schema_editor):
    donation_model = apps.get_model("donations", "Donation")
    receipt_model = apps.get_model("donations", "Receipt")
    missing = donation_model.objects.filter(receipt__isnull=True, recorded_by__isnull=False).select_related("drive")
    last = dict(receipt_model.objects.values("fund_id").annotate(n=Max("number")).values_list("fund_id", "n"))
    for donation in missing.order_by("id"):
        fund_id = donation.drive.fund_id
        last[fund_id] = last.get(fund_id, 0) + 1
        receipt_model.objects.create(
            fund_id=fund_id, number=last[fund_id], donation=donation, issued_by_id=donation.recorded_by_id
        )


class Migration(migrations.Migration):
    dependencies = [("donations", "0008_receipts_official_number_where_to_pay")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
