"""Collect once: the statistics tables and the 活动总结 read the aid figures from the awards and the registry."""

from types import SimpleNamespace

import pytest

from fupin.aid.services.awards import approve_awards, propose_awards
from fupin.aid.sources import aid_paragraphs, aided_students, registered_students, unaided_registered
from fupin.campaigns.sources import source_value
from fupin.campaigns.summary_sections import ordered_sections

from .factories import NUMBERS, aid_officer, program, source, student

pytestmark = pytest.mark.django_db

CAMPAIGN = SimpleNamespace(year=2026)


def test_the_aid_figures_come_from_the_awards_and_the_registry(tree, make_user):
    officer = aid_officer(tree, make_user)
    pupils = [student(officer, tree.school1, n, NUMBERS[i], stage="college") for i, n in enumerate(["甲", "乙", "丙"])]
    prog = program(officer, tree.county1)
    awards = propose_awards(by=officer, program=prog, students=pupils[:2], source=source(officer, prog))
    approve_awards(by=make_user("aid_reviewer", tree.county1, "aid_officer"), program=prog, awards=awards[:1])
    assert (aided_students(tree.county1, CAMPAIGN), registered_students(tree.county1, CAMPAIGN)) == (1, 3)
    assert unaided_registered(tree.county1, CAMPAIGN) == 1
    assert aided_students(tree.county2, CAMPAIGN) == 0
    assert source_value("aid.aided_students", tree.county1, CAMPAIGN) == 1
    assert aid_paragraphs(CAMPAIGN, tree.county1, None) == [
        "2026年,东阳县教育局及所属学校共资助家庭经济困难学生1人,资助金额2,000.00元。",
        "在读建档立卡学生3人中,尚有1人未资助且未说明原因,将逐一核实,确保应助尽助。",
    ]
    assert "aid" in [s.key for s in ordered_sections()]
