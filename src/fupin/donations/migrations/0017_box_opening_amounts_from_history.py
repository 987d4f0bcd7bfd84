"""Box openings recorded before they waited for the second witness were entered at once: they are confirmed,
and their counted amount is the amount of the gift they recorded."""

from django.db import migrations


def forward(apps, schema_editor):
    opening_model = apps.get_model("donations", "BoxOpening")
    for opening in opening_model.objects.filter(donation__isnull=False).select_related("donation"):
        opening_model.objects.filter(pk=opening.pk).update(
            amount_fen=opening.donation.amount_fen, status="confirmed", confirmed_at=opening.donation.received_at
        )


class Migration(migrations.Migration):
    dependencies = [("donations", "0016_box_openings_wait_for_the_second_witness")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
