"""Honest surfaces: the public home and the role descriptions promise only what the product has pages for."""

import re

from django.urls import get_resolver, reverse

# A feature a page may name only while the product has its page: the word → that page's URL name.
FEATURES = {"入户走访": "my_pairings", "微心愿": "public_wish_list", "发放批次": "batch_create"}


def _promised_without_a_page(text: str) -> list[str]:
    pages = get_resolver().reverse_dict
    return [word for word, page in FEATURES.items() if word in text and page not in pages]


def _text(response) -> str:
    return re.sub(r"<[^>]+>", "", response.content.decode())


def test_the_public_home_lists_only_what_the_platform_does(db, client):
    text = _text(client.get(reverse("public_home")))

    assert "上级扶贫办下发活动通知,各单位按时报送方案、总结、统计表和图片;" in text
    assert "发文单位在线审核、退回、催报,各单位报送进度一目了然;" in text
    assert "活动的方案、报送材料和统计表一键存档备查。" in text
    assert _promised_without_a_page(text) == []


def test_a_cadres_role_description_promises_no_page_that_does_not_exist(tree, make_user, login):
    cadre = make_user("cadre", tree.town1, "cadre")

    text = _text(login(cadre).get(reverse("home")))

    assert "承担结对帮扶工作;查看本单位的扶贫日活动和任务" in text
    assert _promised_without_a_page(text) == []


def test_an_aid_officers_role_description_promises_no_page_that_does_not_exist(tree, make_user, login):
    officer = make_user("aid", tree.city, "aid_officer")

    text = _text(login(officer).get(reverse("home")))

    assert "负责学生资助工作;查看本单位的扶贫日活动和任务" in text
    assert _promised_without_a_page(text) == []
