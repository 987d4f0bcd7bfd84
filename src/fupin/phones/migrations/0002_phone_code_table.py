"""The moved codes' table takes this app's name (a rename on both SQLite and PostgreSQL; rows and index kept)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("phones", "0001_phone_code_from_matching"),
    ]

    operations = [
        migrations.AlterModelTable(name="phonecode", table=None),
    ]
