"""公示: masked name, school and amount only, on the public site between its dates and not before or after;
no public page or download carries a 身份证号 or a phone number."""

import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fupin.aid.models import AidProgram
from fupin.aid.services.awards import approve_awards, propose_awards
from fupin.aid.services.disclosure import publish_disclosure

from .factories import NUMBERS, aid_officer, program, source, student

pytestmark = pytest.mark.django_db

ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@pytest.fixture
def approved(tree, make_user):
    officer = aid_officer(tree, make_user)
    tree.school1.contact_phone = "13912345678"
    tree.school1.save()
    prog = program(officer, tree.county1, "2026年新录取大学生资助")
    pupils = [
        student(officer, tree.school1, n, NUMBERS[i], stage="college", card_number="6222021234567890123")
        for i, n in enumerate(["王小明", "欧阳春晓"])
    ]
    awards = propose_awards(by=officer, program=prog, students=pupils, source=source(officer, prog))
    approve_awards(by=make_user("aid_reviewer", tree.county1, "aid_officer"), program=prog, awards=awards)
    return officer, prog


def _publish(officer, prog, start_days, end_days):
    today = timezone.localdate()
    return publish_disclosure(
        by=officer, program=prog, starts_on=today + timedelta(start_days), ends_on=today + timedelta(end_days)
    )


def test_the_public_list_shows_masked_name_school_and_amount_only(approved, client):
    officer, prog = approved
    _publish(officer, prog, -1, 6)
    page = client.get(reverse("aid_disclosure", args=[prog.pk])).content.decode()
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", page)
    assert cells == ["欧*晓", "东阳县第一中学", "2,000.00", "王*明", "东阳县第一中学", "2,000.00"]
    assert "王小明" not in page and "4305" not in page and "6222" not in page
    listing = client.get(reverse("aid_disclosure_list")).content.decode()
    assert "2026年新录取大学生资助" in listing
    home = client.get(reverse("public_home")).content.decode()
    assert f'href="{reverse("aid_disclosure_list")}"' in home and "学生资助公示" in home


def test_the_list_is_not_public_before_its_start_or_after_its_end(approved, client):
    officer, prog = approved
    _publish(officer, prog, 1, 7)
    assert client.get(reverse("aid_disclosure", args=[prog.pk])).status_code == 404
    _publish(officer, prog, -8, -1)
    assert client.get(reverse("aid_disclosure", args=[prog.pk])).status_code == 404
    assert client.get(reverse("aid_disclosure_xlsx", args=[prog.pk])).status_code == 404
    assert "2026年新录取大学生资助" not in client.get(reverse("aid_disclosure_list")).content.decode()


def test_a_disclosure_cannot_end_before_it_starts(approved):
    officer, prog = approved
    with pytest.raises(ValidationError) as exc:
        _publish(officer, prog, 3, 1)
    assert exc.value.message_dict == {"ends_on": ["公示结束日期不能早于开始日期"]}
    assert AidProgram.objects.get().disclosure_starts_on is None


def test_no_public_page_or_download_carries_an_id_number_or_a_phone_number(approved, client):
    officer, prog = approved
    _publish(officer, prog, 0, 6)
    bodies = [
        client.get(reverse("aid_disclosure_list")).content.decode(),
        client.get(reverse("aid_disclosure", args=[prog.pk])).content.decode(),
    ]
    book = zipfile.ZipFile(io.BytesIO(client.get(reverse("aid_disclosure_xlsx", args=[prog.pk])).content))
    bodies += [book.read(name).decode() for name in book.namelist() if name.endswith(".xml")]
    assert len(bodies) > 3
    for body in bodies:
        assert ID_NUMBER.findall(body) == []
        assert PHONE.findall(body) == []
        assert "6222021234567890123" not in body
