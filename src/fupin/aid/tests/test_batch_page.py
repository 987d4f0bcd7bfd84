"""The payment batch page shows the batch's count and total and its lines fifty a page, so a batch of tens of
thousands of payments opens as fast as a small one."""

import re

import pytest
from django.urls import reverse

from .test_api_batch_detail import _batch

pytestmark = pytest.mark.django_db


def _rows(html: str) -> int:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return len(re.findall(r"<tr>", body))


def test_the_batch_page_shows_the_count_and_total_and_the_lines_fifty_a_page(tree, make_user, login):
    officer, batch = _batch(tree, make_user, 60)
    client = login(officer)
    first = client.get(reverse("batch_detail", args=[batch.pk])).content.decode()
    assert "60 人,120,000.00 元" in first
    assert "待发放 60 人,成功 0 人,失败 0 人" in first
    assert (_rows(first), "第 1 / 2 页" in first) == (50, True)
    second = client.get(reverse("batch_detail", args=[batch.pk]), {"page": 2}).content.decode()
    assert (_rows(second), "第 2 / 2 页" in second) == (10, True)


@pytest.mark.parametrize("size", [2, 120])
def test_the_batch_page_costs_the_same_queries_however_many_lines_it_holds(
    size, tree, make_user, login, django_assert_max_num_queries
):
    officer, batch = _batch(tree, make_user, size)
    client = login(officer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("batch_detail", args=[batch.pk]))
    assert _rows(response.content.decode()) == min(size, 50)
