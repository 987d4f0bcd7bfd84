"""The 捐赠情况统计表's 参与捐赠单位数 is counted from the recorded gifts (source donations.units), in the ready
template and in the campaigns' copies of it whose column is still an ordinary input."""

from django.db import migrations
from django.db.models import Q

SOURCE = "donations.units"


def _columns(apps):
    StatColumn = apps.get_model("campaigns", "StatColumn")
    copies = Q(table__code="donation") | Q(table__code__startswith="donation-")
    return StatColumn.objects.filter(copies, key="units")


def forwards(apps, schema_editor):
    _columns(apps).filter(source="").update(source=SOURCE)


def backwards(apps, schema_editor):
    _columns(apps).filter(source=SOURCE).update(source="")


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0011_constraint_messages")]

    operations = [migrations.RunPython(forwards, backwards)]
