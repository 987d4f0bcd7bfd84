from django.db import migrations

# (template code, column key, the total it is 「其中」 of), written out here so the migration never changes
WITHIN = [
    ("donation", "one_day_pay", "money"),
    ("donation", "one_yuan", "money"),
    ("donation", "box", "money"),
    ("fupin_day_activity", "class_meetings", "activities"),
    ("fupin_day_activity", "students", "participants"),
]


def forward(apps, schema_editor):
    StatColumn = apps.get_model("campaigns", "StatColumn")
    for code, key, total in WITHIN:
        StatColumn.objects.filter(table__campaign=None, table__code=code, key=key).update(within=total)


def backward(apps, schema_editor):
    StatColumn = apps.get_model("campaigns", "StatColumn")
    for code, key, _total in WITHIN:
        StatColumn.objects.filter(table__campaign=None, table__code=code, key=key).update(within="")


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0008_stat_column_relations")]

    operations = [migrations.RunPython(forward, backward)]
