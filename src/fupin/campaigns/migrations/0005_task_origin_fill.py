from django.db import migrations
from django.db.models import F


def fill_origin(apps, schema_editor):
    """Every existing task was given by its own requirement."""
    apps.get_model("campaigns", "Task").objects.filter(origin__isnull=True).update(origin=F("requirement"))


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0004_task_origin_requirement_parent_change")]

    operations = [migrations.RunPython(fill_origin, migrations.RunPython.noop)]
