"""The disclosure tally is now kept as gifts are recorded and reversed rather than caught up when a page is read:
count every drive's standing gifts once (those whose ledger entry was not reversed), by Beijing day, channel
and giver type."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate


def forward(apps, schema_editor):
    tally = apps.get_model("donations", "DisclosureTally")
    donation = apps.get_model("donations", "Donation")
    tally.objects.all().delete()
    standing = donation.objects.filter(transaction__reversed_by__isnull=True)
    cells = (
        standing.annotate(day=TruncDate("received_at", tzinfo=ZoneInfo(settings.TIME_ZONE)))
        .values("drive_id", "day", "channel", "donor_type")
        .annotate(n=Count("id"), s=Sum("amount_fen"))
        .order_by()
    )
    tally.objects.bulk_create(
        tally(
            drive_id=c["drive_id"],
            day=c["day"],
            channel=c["channel"],
            donor_type=c["donor_type"],
            donations=c["n"],
            amount_fen=c["s"] or 0,
        )
        for c in cells
    )


class Migration(migrations.Migration):
    dependencies = [("donations", "0012_concerns_reach_the_supervisor")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
