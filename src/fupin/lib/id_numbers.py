"""身份证号 (GB 11643): checked, masked, encrypted at rest and found again by a keyed hash.

The number is normalised (NFKC, spaces and invisible characters removed, 「x」 upper-cased), then its MOD 11-2
check digit and its birth date are checked. Residence-permit numbers (81/82/83) and the foreign permanent
residence numbers (first digit 9) follow the same layout and are accepted. The stored form is a Fernet token
(encrypted with `FUPIN_PERSONAL_DATA_KEY`); equality is looked up through an HMAC of the number, so the
database never holds the number in the clear.

Keys rotate: the new key goes in `FUPIN_PERSONAL_DATA_KEY` and the earlier ones in
`FUPIN_PERSONAL_DATA_OLD_KEYS`. Tokens of any of them decrypt (MultiFernet), new ones are made with the new
key, and lookups try the hash under every key, so nothing is missed until `fupin keys rotate` has rewritten
every stored number and hash under the new key; then the old keys can be dropped.
"""

import base64
import functools
import hashlib
import hmac
import operator
import re
from collections.abc import Iterable
from datetime import date

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .text import clean_identifier

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")
_SPACE = re.compile(r"\s+")


def normalise_id_number(value: object) -> str:
    return _SPACE.sub("", clean_identifier(value)).upper()


def check_digit(first17: str) -> str:
    if len(first17) != len(_WEIGHTS):
        raise ValueError("the check digit is computed over the first 17 digits")
    return _CHECK[sum(map(operator.mul, map(int, first17), _WEIGHTS)) % 11]


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


def _keys() -> tuple[str, ...]:
    """The current key first, then the earlier ones still accepted."""
    return (settings.FUPIN_PERSONAL_DATA_KEY, *settings.FUPIN_PERSONAL_DATA_OLD_KEYS)


@functools.lru_cache(maxsize=4)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


@functools.lru_cache(maxsize=8)
def _hash_key(key: str) -> bytes:
    return hmac.new(base64.urlsafe_b64decode(key.encode()), b"fupin id-number search", hashlib.sha256).digest()


def encrypt_id_number(number: str) -> str:
    return _fernet_for(_keys()).encrypt(number.encode()).decode()


def decrypt_id_number(token: str) -> str:
    """The number in full; a token that no configured key decrypts raises ValueError."""
    try:
        return _fernet_for(_keys()).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("personal data key does not match the stored number") from exc


def reencrypt_id_number(token: str) -> str:
    """The same number as a token of the current key (unchanged in meaning; a token of an old key is replaced)."""
    try:
        return _fernet_for(_keys()).rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("personal data key does not match the stored number") from exc


def _hash(key: str, number: str) -> str:
    return hmac.digest(_hash_key(key), normalise_id_number(number).encode(), "sha256").hex()  # one call in C


def id_number_hash(number: str) -> str:
    """HMAC-SHA256 of the normalised number under a key derived from the current data key: the same number
    always gives the same hash, which reveals nothing without the key."""
    return _hash(settings.FUPIN_PERSONAL_DATA_KEY, number)


def id_number_hashes(number: str) -> list[str]:
    """The number's hash under every configured key, the current one first: what a lookup must try while
    stored hashes of an earlier key have not all been rewritten."""
    return [_hash(key, number) for key in _keys()]


def hash_aliases(numbers: Iterable[str]) -> dict[str, str]:
    """Each number's hash under every configured key → its hash under the current key: look up
    `hash__in=aliases`, then key what is found by `aliases[found.hash]`."""
    aliases: dict[str, str] = {}
    for number in numbers:
        current, *earlier = id_number_hashes(number)
        aliases[current] = current
        aliases.update(dict.fromkeys(earlier, current))
    return aliases
