"""PhoneCode moves here from matching without touching its rows: the model's state is created over matching's
existing table (no SQL), and the next migration renames the table."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("matching", "0006_remove_projectupdate_photo"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PhoneCode",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("phone", models.CharField(max_length=20, verbose_name="手机号码")),
                        ("code_hash", models.CharField(max_length=64)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("expires_at", models.DateTimeField()),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("used_at", models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        "verbose_name": "短信验证码",
                        "verbose_name_plural": "短信验证码",
                        "db_table": "matching_phonecode",
                        "indexes": [models.Index(fields=["phone", "created_at"], name="phone_code_recent")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
