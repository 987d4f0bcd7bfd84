"""PhoneCode now belongs to the phones app, which took over its table (see phones 0001): matching forgets the
model without dropping anything."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0006_remove_projectupdate_photo"),
        ("phones", "0001_phone_code_from_matching"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PhoneCode")],
            database_operations=[],
        ),
    ]
