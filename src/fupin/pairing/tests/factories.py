"""Pairings and visits made through the services, on the shared test tree."""

import io
from datetime import date

from PIL import Image

from fupin.households.tests.factories import NUMBERS, household
from fupin.lib.uploads import check_photo
from fupin.pairing.services import create_pairing, record_visit


def cadre_pairing(by, unit, cadre, village, head_name="王大山", number=NUMBERS[0], started_on=date(2025, 9, 1)):
    made = household(by, village, head_name, number)
    return create_pairing(by=by, kind="cadre_household", unit=unit, cadre=cadre, household=made, started_on=started_on)


def visit(by, pairing, visited_on, *, measures="", follow_up_on=None, kind="home_visit", photos=()):
    return record_visit(
        by=by,
        pairing=pairing,
        kind=kind,
        visited_on=visited_on,
        visitors=str(by),
        living="住房安全,饮水有保障",
        measures=measures,
        follow_up_on=follow_up_on,
        photos=list(photos),
    )


def jpeg(name="走访.jpg", size=(1200, 900), exif=None) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 180, 160)).save(out, "JPEG", **({"exif": exif} if exif else {}))
    return out.getvalue()


def photo(name="走访.jpg"):
    return check_photo(name, jpeg(name))
