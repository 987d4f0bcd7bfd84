"""Rules of counting a donation box, each in one place: who may witness an opening (active people of the
managing or the organising unit's subtree), and what is a second entry of one opening."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.lib.money import yuan
from fupin.orgs.models import User

from .models import DonationBox, DonationDrive


def eligible_witnesses(drive: DonationDrive) -> QuerySet[User]:
    paths = Q(memberships__unit__path__startswith=drive.fund.unit.path)
    paths |= Q(memberships__unit__path__startswith=drive.organiser.path)
    return User.objects.filter(paths, is_active=True).distinct().order_by("name", "username")


DUPLICATE_OPENING_WINDOW = timedelta(hours=6)


def refuse_duplicate_opening(box: DonationBox, amount_fen: int, opened_at: datetime) -> None:
    """The same box (and seal) counted at the same amount within a few hours is a second entry of one opening."""
    window = (opened_at - DUPLICATE_OPENING_WINDOW, opened_at + DUPLICATE_OPENING_WINDOW)
    twin = box.openings.filter(amount_fen=amount_fen, opened_at__range=window).first()
    if twin is not None:
        when = timezone.localtime(twin.opened_at).strftime("%m-%d %H:%M")
        raise ValidationError(
            _("募捐箱(封条 %(s)s)%(t)s 已登记一次 %(a)s 元的开箱清点,疑似重复登记")
            % {"s": box.seal_number, "t": when, "a": yuan(amount_fen)}
        )
