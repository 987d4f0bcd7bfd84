from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    name = "fupin.aid"
    label = "aid"
    verbose_name = _("学生资助")

    def ready(self) -> None:
        from fupin.campaigns.summary_sections import register_section
        from fupin.households.key_rotation import Encrypted, register_encrypted
        from fupin.jobs.registry import Importer, register_importer
        from fupin.orgs.workbench import register_menu

        from . import permissions, sources, student_sheet  # noqa: F401  (policy rows)
        from .models import PaymentLine, Student

        register_menu("student_list", _("受助学生"), "aid.view", 45)
        register_menu("program_list", _("资助项目"), "aid.view", 46)
        register_menu("aid_coverage", _("应助尽助"), "aid.view", 47)
        sources.register()
        register_importer(
            Importer(
                kind="student_sheet",
                title=_("导入受助学生台帐"),
                action="aid.manage",
                run=student_sheet.run_student_import,
                upload_url="student_import",
                list_url="student_list",
            )
        )
        register_encrypted(Encrypted(Student, ("id_cipher", "card_cipher"), ("id_hash", "id_cipher")))
        register_encrypted(Encrypted(PaymentLine, ("id_cipher", "card_cipher")))
        register_section("aid", "学生资助", sources.aid_paragraphs, order=55)
        from . import assessment_rules  # noqa: F401  (its 年度考核 rules, into the assessment catalogue)
