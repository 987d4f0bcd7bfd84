from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("matching", "0005_progress_photos_move")]

    operations = [migrations.RemoveField(model_name="projectupdate", name="photo")]
