"""Each progress update's single photo becomes a captioned ProjectPhoto (its note is the caption); back again when
reversed. Written against the historical models only."""

from django.db import migrations


def forward(apps, schema_editor):
    ProjectUpdate = apps.get_model("matching", "ProjectUpdate")
    ProjectPhoto = apps.get_model("matching", "ProjectPhoto")
    for update in ProjectUpdate.objects.exclude(photo="").iterator():
        ProjectPhoto.objects.create(update=update, file=update.photo.name, caption=update.note[:200] or "项目进展")


def backward(apps, schema_editor):
    ProjectUpdate = apps.get_model("matching", "ProjectUpdate")
    ProjectPhoto = apps.get_model("matching", "ProjectPhoto")
    for photo in ProjectPhoto.objects.order_by("update_id", "pk").iterator():
        ProjectUpdate.objects.filter(pk=photo.update_id, photo="").update(photo=photo.file.name)


class Migration(migrations.Migration):
    dependencies = [("matching", "0004_project_photos")]

    operations = [migrations.RunPython(forward, backward)]
