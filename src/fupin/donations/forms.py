"""Forms of the staff pages: amounts typed in 元 and parsed to 分; uploads checked by content."""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.campaigns.models import ActivityItem, Campaign
from fupin.lib.forms import AmountField, BackgroundSheetUploadForm
from fupin.lib.text import clean_text
from fupin.lib.uploads import UploadError, check_document, check_photo
from fupin.orgs.models import Unit, User

from .models import Channel, Donation, DonationBox, DonationDrive, DonorType, EnterpriseNomination, QuotaOutcome
from .services import refuse_late_gift

RECORDED_CHANNELS = [(v, label) for v, label in Channel.choices if v not in (Channel.BOX, Channel.GOODS)]


def _date():
    return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


class DriveForm(forms.Form):
    item = forms.ModelChoiceField(label=_("活动内容(扶贫募捐)"), queryset=ActivityItem.objects.none())
    organiser = forms.ModelChoiceField(label=_("组织单位"), queryset=Unit.objects.none())
    managing_unit = forms.ModelChoiceField(
        label=_("资金管理单位"), queryset=Unit.objects.none(), help_text=_("募集的款物交由该单位统筹管理使用")
    )
    title = forms.CharField(label=_("名称"), max_length=200)
    starts_on = _date()
    ends_on = _date()
    channels = forms.MultipleChoiceField(
        label=_("募捐方式"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple
    )
    designated_uses = forms.CharField(
        label=_("定向用途"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("一行一项,或用顿号分隔;拨付时只能选其中一项"),
    )
    payee_name = forms.CharField(label=_("收款户名"), max_length=100, required=False)
    payee_bank = forms.CharField(label=_("开户行"), max_length=100, required=False)
    payee_account = forms.CharField(
        label=_("账号"), max_length=40, required=False, help_text=_("认捐人转账时看到的收款账户")
    )

    def __init__(self, *args, items, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda i: f"{i.campaign.title} · ({i.number}) {i.title}"
        self.fields["organiser"].queryset = units
        self.fields["managing_unit"].queryset = units
        self.fields["starts_on"].label = _("开始日期")
        self.fields["ends_on"].label = _("结束日期")


class DonationForm(forms.Form):
    channel = forms.ChoiceField(label=_("方式"))
    donor_type = forms.ChoiceField(label=_("捐赠方类型"), choices=DonorType.choices)
    donor_name = forms.CharField(label=_("捐赠方"), max_length=100, required=False)
    is_anonymous = forms.BooleanField(label=_("匿名(公示时不显示姓名)"), required=False)
    unit = forms.ModelChoiceField(label=_("所在单位"), queryset=Unit.objects.none(), required=False)
    amount_fen = AmountField()
    late_reason = forms.CharField(
        label=_("逾期登记原因"),
        max_length=200,
        required=False,
        help_text=_("仅在募捐活动结束后登记时填写,如「活动期间已汇出,银行结束后到账」"),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, drive, units, **kwargs):
        kwargs.setdefault("initial", {})["idempotency_key"] = uuid.uuid4().hex
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [(v, label) for v, label in RECORDED_CHANNELS if v in drive.channels]
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        if not data.get("is_anonymous") and not (data.get("donor_name") or "").strip():
            self.add_error("donor_name", _("请填写捐赠方,或勾选匿名"))
        return data


class DonationSheetForm(BackgroundSheetUploadForm):
    """A 一日捐 / 一元捐 sheet for one drive, imported by a background job; a drive that has ended is refused here,
    before the upload is queued, unless finance writes why (the job checks it again)."""

    late_reason = forms.CharField(
        label=_("逾期登记原因"),
        max_length=200,
        required=False,
        help_text=_("仅在募捐活动结束后登记时填写,如「活动期间已汇出,银行结束后到账」"),
    )

    def __init__(self, *args, drive: DonationDrive, **kwargs):
        super().__init__(*args, **kwargs)
        self.drive = drive

    def clean_late_reason(self):
        reason = clean_text(self.cleaned_data["late_reason"])
        try:
            refuse_late_gift(self.drive, timezone.now(), reason)
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["late_reason"]) from None
        return reason


class BoxForm(forms.Form):
    place = forms.CharField(label=_("放置地点"), max_length=200)
    seal_number = forms.CharField(label=_("封条编号"), max_length=60)
    kind = forms.ChoiceField(label=_("类型"), choices=DonationBox.Kind.choices)


def _checked(upload, check):
    try:
        return check(upload.name, upload.read())
    except UploadError as exc:
        raise forms.ValidationError(str(exc)) from None


class BoxOpeningForm(forms.Form):
    amount_fen = AmountField(label=_("清点金额(元)"))
    first_witness = forms.ModelChoiceField(label=_("清点人一"), queryset=User.objects.none())
    second_witness = forms.ModelChoiceField(label=_("清点人二"), queryset=User.objects.none())
    opened_at = forms.DateTimeField(
        label=_("开箱时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    new_seal_number = forms.CharField(label=_("新封条编号"), max_length=60, required=False)
    late_reason = forms.CharField(
        label=_("逾期登记原因"),
        max_length=200,
        required=False,
        help_text=_("仅在募捐活动结束后登记时填写,如「活动期间已汇出,银行结束后到账」"),
    )
    count_sheet = forms.FileField(
        label=_("清点单照片"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("两名清点人签字的清点单,拍照上传(JPG/PNG)"),
    )

    def __init__(self, *args, people, **kwargs):
        kwargs.setdefault("initial", {})["opened_at"] = timezone.localtime().replace(second=0, microsecond=0)
        super().__init__(*args, **kwargs)
        for name in ("first_witness", "second_witness"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = lambda u: f"{u.name or u.username}({u.username})"

    def clean_count_sheet(self):
        return _checked(self.cleaned_data["count_sheet"], check_photo)


class DisbursementForm(forms.Form):
    """A payment out of one drive; where the drive lists designated uses, one of them must be chosen."""

    use = forms.ChoiceField(label=_("定向用途"), required=False)
    recipient = forms.CharField(label=_("拨付对象"), max_length=200, help_text=_("村、户、项目、资助项目或单位"))
    purpose = forms.CharField(label=_("用途说明"), max_length=300)
    amount_fen = AmountField()

    def __init__(self, *args, uses: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        if uses:
            field = self.fields["use"]
            assert isinstance(field, forms.ChoiceField)
            field.choices, field.required = [(u, u) for u in uses], True
        else:
            del self.fields["use"]


def _proof(upload):
    head = upload.read(5)
    upload.seek(0)
    return _checked(upload, check_document if head == b"%PDF-" else check_photo)


class ProofForm(forms.Form):
    proof = forms.FileField(
        label=_("拨付证明"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
        help_text=_("银行回单、收据等,PDF 或照片"),
    )
    is_redacted = forms.BooleanField(
        label=_("我已遮盖证明中的学生姓名、身份证号、银行账号等个人信息"),
        help_text=_("证明经另一人核对、批准后才在公示页公开"),
        error_messages={"required": _("请确认拨付证明中的学生姓名、身份证号、银行账号等个人信息已遮盖")},
    )

    def clean_proof(self):
        return _proof(self.cleaned_data["proof"])


class ClearanceForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("核查说明"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("解除:写明如何核实为自愿捐赠,例如与捐款人逐一确认的情况;确认摊派:写明查实的情况"),
    )
    # which button was pressed: 解除 (the default) or 确认摊派
    outcome = forms.ChoiceField(choices=QuotaOutcome.choices, required=False, widget=forms.HiddenInput)


class GoodsForm(forms.Form):
    donor_type = forms.ChoiceField(label=_("捐赠方类型"), choices=DonorType.choices)
    donor_name = forms.CharField(label=_("捐赠方"), max_length=100, required=False)
    is_anonymous = forms.BooleanField(label=_("匿名(公示时不显示姓名)"), required=False)
    unit = forms.ModelChoiceField(label=_("所在单位"), queryset=Unit.objects.none(), required=False)
    goods_description = forms.CharField(label=_("物资"), max_length=200, help_text=_("如:冬季棉衣(成人款)"))
    goods_quantity = forms.IntegerField(label=_("数量"), min_value=1, max_value=10_000_000)
    goods_unit = forms.CharField(label=_("计量单位"), max_length=10, required=False, help_text=_("件、箱、套……"))
    goods_value_fen = AmountField(label=_("估值(元)"), allow_zero=True, help_text=_("估计的总价值,不计入资金余额"))
    late_reason = forms.CharField(
        label=_("逾期登记原因"),
        max_length=200,
        required=False,
        help_text=_("仅在募捐活动结束后登记时填写,如「活动期间已汇出,银行结束后到账」"),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, units, **kwargs):
        kwargs.setdefault("initial", {})["idempotency_key"] = uuid.uuid4().hex
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        if not data.get("is_anonymous") and not (data.get("donor_name") or "").strip():
            self.add_error("donor_name", _("请填写捐赠方,或勾选匿名"))
        return data


class HandoutForm(forms.Form):
    recipient = forms.CharField(label=_("发放对象"), max_length=200, help_text=_("村、户、学校或单位"))
    purpose = forms.CharField(label=_("用途"), max_length=300)
    quantity = forms.IntegerField(label=_("发放数量"), min_value=1, max_value=10_000_000)
    handed_out_at = forms.DateTimeField(
        label=_("发放时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    proof = forms.FileField(
        label=_("签收凭证"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
        help_text=_("接收方签字的签收单,PDF 或照片"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})["handed_out_at"] = timezone.localtime().replace(second=0, microsecond=0)
        super().__init__(*args, **kwargs)

    def clean_proof(self):
        return _proof(self.cleaned_data["proof"])


class NominationForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("扶贫日活动"), queryset=Campaign.objects.none())
    unit = forms.ModelChoiceField(label=_("推荐单位"), queryset=Unit.objects.none(), empty_label=None)
    enterprise = forms.CharField(label=_("企业名称"), max_length=200)
    contact = forms.CharField(label=_("联系人"), max_length=60, required=False)
    intention = forms.CharField(
        label=_("拟捐赠款物"), max_length=300, required=False, help_text=_("企业自愿表达的意向,不是指标")
    )
    reason = forms.CharField(label=_("推荐理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, campaigns, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["unit"].queryset = units


class NominationStatusForm(forms.Form):
    """How a nominated enterprise took part; 「已捐赠」 points at its gift as recorded in the campaign's drives."""

    status = forms.ChoiceField(label=_("状态"), choices=EnterpriseNomination.Status.choices)
    donation = forms.ModelChoiceField(
        label=_("捐赠记录"),
        queryset=Donation.objects.none(),
        required=False,
        empty_label=_("(未捐赠时不选)"),
        help_text=_("「已捐赠」时选择这家企业在本次活动募捐中登记的捐赠;还没登记的,请先由财务登记"),
    )

    def __init__(self, *args, gifts: list[Donation], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["donation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Donation.objects.filter(pk__in=[g.pk for g in gifts])
        field.choices = [("", field.empty_label), *((g.pk, gift_label(g)) for g in gifts)]


def gift_label(gift: Donation) -> str:
    """A gift as the event office picks it: who, how much (or what goods), when, into which drive."""
    what = f"{gift.amount_fen / 100:,.2f} 元" if gift.amount_fen else f"{gift.goods_description} {gift.goods_quantity}"
    return f"{gift.donor_name or _('匿名')} · {what} · {timezone.localtime(gift.received_at):%Y-%m-%d} · {gift.drive}"


class TransferForm(forms.Form):
    """专项调剂: to another drive of the same fund, how much, and why (shown on both disclosures)."""

    to_drive = forms.ModelChoiceField(label=_("调入募捐活动"), queryset=DonationDrive.objects.none())
    amount_fen = AmountField()
    reason = forms.CharField(label=_("调剂理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_drive"].label_from_instance = lambda d: f"{d.title}({d.fund.name})"
        field = self.fields["to_drive"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = targets
