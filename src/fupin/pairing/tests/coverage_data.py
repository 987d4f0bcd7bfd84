"""The coverage test world, written out so every expected figure can be counted by hand.

東阳县教育局 (county1): cadre 刘海波 paired with 王大山 and 李四海 (both in 石桥东村).
东阳县第一中学 (school1): teacher 陈静 paired with 赵老五.
October 2025 (the 行动月):
  王大山 visited 10-05 with measures, follow-up agreed for 10-12 (never made: overdue), visited again 10-08;
  the county's leader's 一线慰问调研 at 王大山 on 10-17;
  李四海 never visited;
  赵老五 visited 09-20 (before the month: not counted) and 10-18 with measures.
"""

from dataclasses import dataclass
from datetime import date

from fupin.households.tests.factories import NUMBERS

from .factories import cadre_pairing, visit


@dataclass
class World:
    liu: object
    chen: object
    office: object


def build(tree, make_user, county_officer) -> World:
    liu = make_user("liu_cadre", tree.county1, "cadre", name="刘海波", phone="13900000001")
    chen = make_user("chen_teacher", tree.school1, "cadre", name="陈静", phone="13900000002")
    wang = cadre_pairing(county_officer, tree.county1, liu, tree.village1, "王大山", NUMBERS[0])
    cadre_pairing(county_officer, tree.county1, liu, tree.village1, "李四海", NUMBERS[1])
    zhao = cadre_pairing(county_officer, tree.school1, chen, tree.village1, "赵老五", NUMBERS[2])
    visit(liu, wang, date(2025, 10, 5), measures="申请小额信贷发展养殖", follow_up_on=date(2025, 10, 12))
    visit(liu, wang, date(2025, 10, 8))
    visit(county_officer, wang, date(2025, 10, 17), kind="leader_visit")
    visit(chen, zhao, date(2025, 9, 20), measures="联系就业岗位")
    visit(chen, zhao, date(2025, 10, 18), measures="落实教育资助")
    return World(liu, chen, county_officer)
