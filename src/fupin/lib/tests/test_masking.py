"""Personal data on public pages is masked: 张*三, 139****1234."""

import pytest

from fupin.lib.masking import mask_name, mask_phone


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("张小三", "张*三"),
        ("欧阳小明", "欧*明"),
        ("阿卜杜拉·艾力", "阿*力"),
        ("𠇹", "*"),
        ("王𠇹明", "王*明"),
        ("  李四\u200b ", "李*"),
        ("", ""),
        (None, ""),
    ],
)
def test_a_name_keeps_only_its_first_and_last_character(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13912341234", "139****1234"),
        ("139 1234 1234", "139****1234"),
        ("+86 139-1234-1234", "139****1234"),
        ("8123456", "*****56"),
        ("12", "**"),
        ("", ""),
    ],
)
def test_a_phone_keeps_only_its_first_three_and_last_four_digits(phone, masked):
    assert mask_phone(phone) == masked
