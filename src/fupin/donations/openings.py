"""开箱清点: a box opening is recorded with two different named witnesses and the count sheet photo, and stays
pending until the second witness confirms it with their own login; only then does the amount enter the drive's
account (with one collective receipt)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.lib.text import clean_text
from fupin.lib.uploads import CheckedFile
from fupin.orgs.models import User

from .box_rules import eligible_witnesses, refuse_duplicate_opening
from .models import BoxOpening, Channel, DonationBox, DonorType
from .proofs import refuse_blank
from .services import receive_donation, refuse_late_gift


def _check_witnesses(box: DonationBox, first: User, second: User) -> None:
    if first.pk == second.pk:
        raise ValidationError({"second_witness": [_("开箱须由两名不同的人清点,两名清点人不能是同一人")]})
    eligible = eligible_witnesses(box.drive)
    for field, person in (("first_witness", first), ("second_witness", second)):
        if not eligible.filter(pk=person.pk).exists():
            raise ValidationError({field: [_("清点人须是本募捐活动所属单位的人员")]})


@transaction.atomic
def record_box_opening(
    *,
    by: User,
    box: DonationBox,
    amount_fen: int,
    first_witness: User,
    second_witness: User,
    count_sheet: CheckedFile,
    opened_at: datetime,
    new_seal_number: str = "",
    late_reason: str = "",
) -> BoxOpening:
    """Two different named witnesses and the count sheet photo; the opening waits for the second witness."""
    _check_witnesses(box, first_witness, second_witness)
    refuse_blank(count_sheet, field="count_sheet")
    if amount_fen <= 0:
        raise ValidationError({"amount_fen": [_("金额必须大于零")]})
    if opened_at > timezone.now():
        raise ValidationError({"opened_at": [_("开箱时间不能晚于现在")]})
    box = DonationBox.objects.select_for_update().select_related("drive__fund", "drive__organiser").get(pk=box.pk)
    late_reason = clean_text(late_reason)[:200]
    refuse_late_gift(box.drive, opened_at, late_reason)
    refuse_duplicate_opening(box, amount_fen, opened_at)
    opening = BoxOpening(
        box=box,
        amount_fen=amount_fen,
        status=BoxOpening.Status.PENDING,
        first_witness=first_witness,
        second_witness=second_witness,
        opened_at=opened_at,
        new_seal_number=new_seal_number.strip()[:60],
        count_sheet_name=count_sheet.name,
        late_reason=late_reason,
    )
    opening.count_sheet.save(
        f"{count_sheet.sha256[:32]}.{count_sheet.extension}", ContentFile(count_sheet.data), save=False
    )
    opening.save()
    record_for(by, AuditAction.CREATE, opening, box.drive.organiser, {"amount_fen": [None, amount_fen]})
    return opening


@transaction.atomic
def confirm_box_opening(*, by: User, opening: BoxOpening) -> BoxOpening:
    """The second witness, logged in as themselves, confirms the count: the takings enter the drive's account as
    one gift of the 募捐箱, with one collective receipt."""
    opening = BoxOpening.objects.select_for_update().select_related("box__drive__organiser").get(pk=opening.pk)
    if opening.second_witness_id != by.pk:
        raise ValidationError(_("只有第二清点人本人登录后才能确认这次开箱清点"))
    if opening.status != BoxOpening.Status.PENDING:
        raise ValidationError(_("这次开箱清点已确认"))
    box = opening.box
    opening.donation = receive_donation(
        by=by,
        drive=box.drive,
        channel=Channel.BOX,
        amount_fen=opening.amount_fen,
        donor_type=DonorType.INDIVIDUAL,
        donor_name=_("募捐箱 %(s)s") % {"s": box.seal_number},
        at=opening.opened_at,
        late_reason=opening.late_reason,
    )
    opening.status, opening.confirmed_at = BoxOpening.Status.CONFIRMED, timezone.now()
    opening.save(update_fields=["donation", "status", "confirmed_at"])
    record_for(by, AuditAction.UPDATE, opening, box.drive.organiser, {"status": ["pending", "confirmed"]})
    return opening
