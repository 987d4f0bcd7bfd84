import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0003_stats_ready_templates")]

    operations = [
        migrations.AddField(
            model_name="requirement",
            name="parent_change",
            field=models.CharField(
                blank=True,
                help_text="上级提前截止时间时,本要求随之调整的说明,供本单位知悉",
                max_length=300,
                verbose_name="上级调整说明",
            ),
        ),
        migrations.AddField(
            model_name="task",
            name="origin",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="given_tasks",
                to="campaigns.requirement",
                verbose_name="上级报送要求",
            ),
        ),
    ]
