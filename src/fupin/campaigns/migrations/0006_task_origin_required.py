import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0005_task_origin_fill")]

    operations = [
        migrations.AlterField(
            model_name="task",
            name="origin",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="given_tasks",
                to="campaigns.requirement",
                verbose_name="上级报送要求",
            ),
        ),
        migrations.AddConstraint(
            model_name="task",
            constraint=models.UniqueConstraint(
                fields=("origin", "unit"),
                name="task_unique_origin_unit",
                violation_error_message="同一单位对同一项报送要求只能有一项任务",
            ),
        ),
    ]
