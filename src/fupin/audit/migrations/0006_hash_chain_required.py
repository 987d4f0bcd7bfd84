from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_hash_chain_backfill")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, verbose_name="链序号"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(editable=False, max_length=64, verbose_name="哈希"),
        ),
    ]
