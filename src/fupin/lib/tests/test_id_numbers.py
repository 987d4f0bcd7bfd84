"""身份证号 rules (GB 11643): the check digit, the birth date, masking, encryption and the keyed hash."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fupin.lib.id_numbers import (
    decrypt_id_number,
    encrypt_id_number,
    id_number_hash,
    mask_id_number,
    validate_id_number,
)


def test_a_number_with_the_right_check_digit_is_accepted_and_normalised():
    assert validate_id_number(" １１０１０５１９４９１２３１００２ｘ ") == "11010519491231002X"


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("110105194912310021", "身份证号校验码不正确,请核对是否输错"),
        ("110105491231002", "这是15位旧身份证号,请填写18位身份证号"),
        ("11010519491231002", "身份证号应为18位:前17位数字,最后一位数字或X"),
        ("110105194902301234", "身份证号中的出生日期 19490230 不正确"),
        ("010105194912310021", "身份证号开头的地区码不正确"),
    ],
)
def test_a_wrong_number_is_refused_with_the_reason(typed, reason):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(typed, today=date(2026, 10, 17))
    assert exc.value.messages == [reason]


def test_a_birth_date_after_today_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_id_number("430524201009100032", today=date(2010, 9, 9))
    assert exc.value.messages == ["身份证号中的出生日期 20100910 不正确"]


def test_the_masked_form_keeps_the_first_four_and_last_four():
    assert mask_id_number("430524199006071213") == "4305**********1213"


def test_the_stored_form_is_encrypted_and_decrypts_to_the_number():
    token = encrypt_id_number("430524199006071213")
    assert "430524199006071213" not in token
    assert decrypt_id_number(token) == "430524199006071213"


def test_the_keyed_hash_is_the_same_for_the_same_number_however_typed():
    assert id_number_hash("11010519491231002x") == id_number_hash("11010519491231002X")
    assert id_number_hash("430524199006071213") != id_number_hash("430524196511220845")
    assert len(id_number_hash("430524199006071213")) == 64
