"""Which 扶贫日 a year is: 2014 was the first national one; the UN day began in 1993."""

from django.utils import timezone

FIRST_NATIONAL_YEAR = 2013  # edition = year - 2013
FIRST_INTERNATIONAL_YEAR = 1992  # edition = year - 1992


def national_edition(year: int) -> int:
    return year - FIRST_NATIONAL_YEAR


def international_edition(year: int) -> int:
    return year - FIRST_INTERNATIONAL_YEAR


def current_year() -> int:
    return timezone.localdate().year
