"""A large unit sheet is written in bulk (ids taken first, paths computed before the insert, one COPY on
PostgreSQL, chunks elsewhere) with the same all-or-nothing guarantee and one audit event per import."""

from io import StringIO

import pytest
from django.core.management import call_command

from fupin.audit.models import AuditEvent
from fupin.orgs import unit_sheet
from fupin.orgs.models import Unit
from fupin.orgs.unit_sheet import SheetRowErrors, import_unit_sheet

from .test_unit_sheet import sheet, unit_row


def _towns_and_villages(towns: int, villages: int) -> bytes:
    rows = []
    for t in range(towns):
        rows.append(unit_row(f"QH-DY-T{t:02d}", f"东阳县{t}镇", "QH-DY", "乡镇", area="农村"))
        rows += [
            unit_row(f"QH-DY-T{t:02d}-V{v:03d}", f"东阳县{t}镇{v}村", f"QH-DY-T{t:02d}", "村", area="农村")
            for v in range(villages)
        ]
    return sheet(*rows)


def test_a_sheet_larger_than_one_insert_writes_every_unit_under_its_parent(tree, county_officer):
    before = AuditEvent.objects.count()

    result = import_unit_sheet(by=county_officer, data=_towns_and_villages(3, 400), filename="全县村组.xlsx")

    assert len(result.created) == 1203
    village = Unit.objects.get(code="QH-DY-T02-V399")
    town = Unit.objects.get(code="QH-DY-T02")
    assert village.parent_id == town.pk and town.parent_id == tree.county1.pk
    assert village.path == f"{tree.county1.path}{town.pk:08d}/{village.pk:08d}/"
    assert (village.depth, village.name, village.area) == (3, "东阳县2镇399村", "rural")
    assert village.created_at is not None
    assert Unit.objects.filter(path__startswith=tree.county1.path, depth=3, kind="village").count() == 1201
    assert AuditEvent.objects.count() == before + 1  # one event for the import, not one per unit


def test_the_audit_chain_verifies_after_a_bulk_import(tree, county_officer):
    import_unit_sheet(by=county_officer, data=_towns_and_villages(2, 30), filename="全县村组.xlsx")
    imported = AuditEvent.objects.order_by("-seq").first()
    assert imported.action == "import" and "新增 62 个,更新 0 个" in imported.note

    out = StringIO()
    call_command("audit", "verify", stdout=out)

    assert "审计日志哈希链完整" in out.getvalue()


def test_a_code_taken_by_someone_else_during_the_import_refuses_the_whole_sheet(tree, county_officer, monkeypatch):
    checked = unit_sheet._check_depths

    def taken_meanwhile(rows, existing):
        checked(rows, existing)
        Unit.objects.create(name="别人刚登记的村", code="QH-DY-T01-V005", kind="village", path="99999999/")

    monkeypatch.setattr(unit_sheet, "_check_depths", taken_meanwhile)
    events = AuditEvent.objects.count()

    with pytest.raises(SheetRowErrors) as refused:
        import_unit_sheet(by=county_officer, data=_towns_and_villages(2, 10), filename="全县村组.xlsx")

    assert refused.value.errors == ["表格中有单位代码刚被占用,请重新导入"]
    assert not Unit.objects.filter(code__startswith="QH-DY-T0").exclude(code="QH-DY-T01-V005").exists()
    assert AuditEvent.objects.count() == events
