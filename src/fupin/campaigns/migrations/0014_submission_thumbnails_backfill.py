"""Thumbnails for the photos handed in before thumbnails were made at hand-in (written here, not imported, so the
migration keeps its meaning when the product's code changes). A photo whose file is missing keeps none."""

import io

from django.core.files.base import ContentFile
from django.db import migrations

PIXELS = 480


def make_thumbnails(apps, schema_editor):
    from PIL import Image

    SubmissionFile = apps.get_model("campaigns", "SubmissionFile")
    made: dict[str, str] = {}  # a kept file shared by several versions gets one thumbnail
    for row in SubmissionFile.objects.filter(kind="photo", thumbnail="").iterator():
        if row.file.name not in made:
            try:
                with row.file.open("rb") as handle:
                    image = Image.open(io.BytesIO(handle.read()))
                    image.thumbnail((PIXELS, PIXELS))
                    out = io.BytesIO()
                    image.convert("RGB").save(out, "JPEG", quality=80, optimize=True)
            except (FileNotFoundError, OSError):
                continue
            row.thumbnail.save(f"{row.sha256[:32]}.jpg", ContentFile(out.getvalue()), save=False)
            made[row.file.name] = row.thumbnail.name
        SubmissionFile.objects.filter(pk=row.pk).update(thumbnail=made[row.file.name])


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0013_submission_photo_thumbnails")]

    operations = [migrations.RunPython(make_thumbnails, migrations.RunPython.noop)]
