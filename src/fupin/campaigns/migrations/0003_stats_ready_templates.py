"""The four statistics tables the notices name, as ready templates (campaign empty) every office may copy."""

from django.db import migrations

from fupin.campaigns.stat_templates import TEMPLATES, create_templates


def forward(apps, schema_editor):
    create_templates(apps.get_model("campaigns", "StatTable"), apps.get_model("campaigns", "StatColumn"))


def delete_templates(apps, schema_editor):
    """Only templates nothing uses; plain deletes, since the cascade collector trips over historical models."""
    StatTable = apps.get_model("campaigns", "StatTable")
    StatColumn = apps.get_model("campaigns", "StatColumn")
    codes = [t["code"] for t in TEMPLATES]
    unused = StatTable.objects.filter(campaign=None, code__in=codes, reports=None, requirements=None)
    ids = list(unused.values_list("pk", flat=True))
    StatColumn.objects.filter(table_id__in=ids)._raw_delete(schema_editor.connection.alias)
    StatTable.objects.filter(pk__in=ids)._raw_delete(schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0002_stats_column_help_template_code")]

    operations = [migrations.RunPython(forward, delete_templates)]
