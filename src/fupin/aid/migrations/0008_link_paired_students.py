"""Links the sides of the 学生结对 recorded before the registry could be linked: a side whose name belongs to
exactly one student of the registry is linked to that student; a name shared by several, or by none, stays a
name for the aid officer to link by 身份证号 or by choosing the student."""

from django.db import migrations


def link(apps, schema_editor):
    Pairing = apps.get_model("pairing", "Pairing")
    Student = apps.get_model("aid", "Student")
    PairedStudent = apps.get_model("aid", "PairedStudent")
    sides = {"helper": "helper_name", "partner": "partner_name"}
    links = []
    for pairing in Pairing.objects.filter(kind="student_student").iterator():
        for side, field in sides.items():
            matches = list(Student.objects.filter(name=getattr(pairing, field)).values_list("pk", flat=True)[:2])
            if len(matches) == 1:
                links.append(PairedStudent(pairing_id=pairing.pk, side=side, student_id=matches[0]))
    PairedStudent.objects.bulk_create(links, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("aid", "0007_paired_students")]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
