"""Households made through the registry's service, so they are encrypted, hashed and audited like real ones."""

from fupin.households.services import register_household

# Valid 身份证号 (GB 11643 check digits), one per test household.
NUMBERS = [
    "430524199006071213",
    "430524196511220845",
    "430524198812033313",
    "510122197204306614",
    "43052419700101101X",
    "430524198211112227",
    "320102198001011238",
    "320102197503154517",
]


def household(by, village, head_name="王大山", id_number=NUMBERS[0], category="registered_poor", causes=("illness",)):
    return register_household(
        by=by,
        village=village,
        head_name=head_name,
        id_number=id_number,
        category=category,
        poverty_causes=list(causes),
    )
