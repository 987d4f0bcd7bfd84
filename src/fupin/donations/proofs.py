"""Proofs that prove, published only when checked: a 拨付证明 or a box opening's count-sheet photo must show
something. The upload checks of `lib.uploads` (format by content, size, PDFs with active content) come first;
this refuses what passes them but proves nothing: a photo that is almost all one colour, a PDF whose pages hold
neither text nor images. Whoever uploads a 拨付证明 confirms its personal data is blacked out, and another person
approves its publication on the disclosure."""

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.lib.uploads import CheckedFile
from fupin.orgs.models import User
from fupin.orgs.policy import can

from .models import Disbursement

SAMPLE_PX = 128  # the photo is judged at this size: enough to see writing, stamps and lines
LEVELS = 16  # grey levels a pixel is counted in
BLANK_SHARE = 0.99  # a photo with this share of its pixels in one grey level is blank


def _is_blank_photo(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as image:
        grey = image.convert("L").resize((SAMPLE_PX, SAMPLE_PX), Image.Resampling.BOX)
    histogram = grey.histogram()  # 256 counts, one per grey value
    width = 256 // LEVELS
    counts = [sum(histogram[start : start + width]) for start in range(0, 256, width)]
    return max(counts) >= BLANK_SHARE * SAMPLE_PX * SAMPLE_PX


def _pdf_shows_something(data: bytes) -> bool:
    import pikepdf  # only PDF proofs need it

    shown = {"Tj", "TJ", "'", '"', "INLINE IMAGE"}  # text drawn, or an image written into the page
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            if page.get_images():  # also the images inside form XObjects
                return True
            if any(str(step.operator) in shown for step in pikepdf.parse_content_stream(page)):
                return True
    return False


def refuse_blank(proof: CheckedFile, *, field: str) -> None:
    """An empty or near-blank proof is refused with the reason, naming the file."""
    if proof.content_type == "application/pdf":
        if not _pdf_shows_something(proof.data):
            raise ValidationError({field: [_("「%(f)s」没有任何文字或图片,不能作为证明") % {"f": proof.name}]})
    elif proof.content_type.startswith("image/") and _is_blank_photo(proof.data):
        why = _("「%(f)s」几乎是一片空白(99%%以上是同一颜色),请上传能看清内容的照片") % {"f": proof.name}
        raise ValidationError({field: [why]})


REDACTION_NEEDED = gettext_lazy("请确认拨付证明中的学生姓名、身份证号、银行账号等个人信息已遮盖")


def refuse_unredacted(is_redacted: bool) -> None:
    """Whoever uploads a 拨付证明 confirms that its personal data is blacked out; without it nothing is paid."""
    if not is_redacted:
        raise ValidationError({"is_redacted": [str(REDACTION_NEEDED)]})


@transaction.atomic
def publish_proof(*, by: User, disbursement: Disbursement) -> Disbursement:
    """A second person, not the one who uploaded it, approves a paid disbursement's proof for the disclosure."""
    disbursement = Disbursement.objects.select_for_update().select_related("fund__unit").get(pk=disbursement.pk)
    if not can(by, "proof.publish", disbursement.fund.unit.path):
        raise PermissionDenied(_("只有资金管理单位的办公室或财务人员可以批准公开拨付证明"))
    if disbursement.status != Disbursement.Status.PAID or not disbursement.proof:
        raise ValidationError(_("这笔拨付还没有拨付证明"))
    if disbursement.proof_published_at is not None:
        raise ValidationError(_("这份拨付证明已公开"))
    if disbursement.approved_by_id == by.pk:
        raise ValidationError(_("上传证明的人不能批准公开自己上传的证明(须另一人核对个人信息已遮盖)"))
    if not disbursement.proof_is_redacted:
        raise ValidationError(str(REDACTION_NEEDED))
    disbursement.proof_published_by, disbursement.proof_published_at = by, timezone.now()
    disbursement.save(update_fields=["proof_published_by", "proof_published_at"])
    changes = {"proof_published_at": [None, disbursement.proof_published_at.isoformat()]}
    record_for(by, AuditAction.UPDATE, disbursement, disbursement.fund.unit, changes)
    return disbursement
