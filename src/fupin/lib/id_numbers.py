"""身份证号 (GB 11643): checked, masked, encrypted at rest and found again by a keyed hash.

The number is normalised (NFKC, spaces and invisible characters removed, 「x」 upper-cased), then its MOD 11-2
check digit and its birth date are checked. Residence-permit numbers (81/82/83) and the foreign permanent
residence numbers (first digit 9) follow the same layout and are accepted. The stored form is a Fernet token
(encrypted with `FUPIN_PERSONAL_DATA_KEY`); equality is looked up through an HMAC of the number, so the
database never holds the number in the clear.
"""

import base64
import hashlib
import hmac
import re
from datetime import date

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .text import clean_identifier

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def normalise_id_number(value: object) -> str:
    return re.sub(r"\s+", "", clean_identifier(value)).upper()


def check_digit(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def _birth_date(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def validate_id_number(value: object, *, today: date | None = None) -> str:
    """The normalised number, or ValidationError with the reason in Chinese."""
    number = normalise_id_number(value)
    if re.fullmatch(r"\d{15}", number):
        raise ValidationError(_("这是15位旧身份证号,请填写18位身份证号"), code="id_old")
    if not _SHAPE.match(number):
        raise ValidationError(_("身份证号应为18位:前17位数字,最后一位数字或X"), code="id_shape")
    if number[0] in "07":
        raise ValidationError(_("身份证号开头的地区码不正确"), code="id_region")
    born = _birth_date(number)
    today = today or date.today()
    if born is None or born.year < 1900 or born > today:
        raise ValidationError(_("身份证号中的出生日期 %(d)s 不正确") % {"d": number[6:14]}, code="id_birth")
    if check_digit(number[:17]) != number[17]:
        raise ValidationError(_("身份证号校验码不正确,请核对是否输错"), code="id_check")
    return number


def mask_id_number(number: str) -> str:
    """3201**********1234: the first four and last four characters."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def _key() -> bytes:
    return settings.FUPIN_PERSONAL_DATA_KEY.encode()


def _fernet() -> Fernet:
    return Fernet(_key())


def encrypt_id_number(number: str) -> str:
    return _fernet().encrypt(number.encode()).decode()


def decrypt_id_number(token: str) -> str:
    """The number in full; a token that does not decrypt (a wrong key) raises ValueError."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("personal data key does not match the stored number") from exc


def id_number_hash(number: str) -> str:
    """HMAC-SHA256 of the normalised number under a key derived from the data key: the same number always
    gives the same hash, which reveals nothing without the key."""
    hash_key = hmac.new(base64.urlsafe_b64decode(_key()), b"fupin id-number search", hashlib.sha256).digest()
    return hmac.new(hash_key, normalise_id_number(number).encode(), hashlib.sha256).hexdigest()
