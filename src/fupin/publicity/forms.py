"""Forms of the publicity pages; every choice list comes from a scoped selector, so a posted id outside the
user's subtree is refused as an invalid choice."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.campaigns.models import ActivityItem, Campaign
from fupin.lib.forms import AmountField
from fupin.lib.uploads import MAX_PHOTO_BYTES, UploadError, check_document, check_photo
from fupin.orgs.models import Unit

from .models import Event, EventKind, ExhibitionSection, OutletLevel, ParticipantGroup, Photo, PhotoSource, PhotoTheme

PHOTO_TYPES = "image/jpeg,image/png,image/webp"


def _date(label, required=True):
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


def _count(label):
    return forms.IntegerField(label=label, min_value=0, max_value=1_000_000, required=False, initial=0)


def _preselect(field) -> bool:
    """Choose the only choice there is (a school reporter has one unit); True when it did."""
    only = list(field.queryset[:2])
    if len(only) == 1:
        field.initial = only[0].pk
    return len(only) == 1


def _checked(upload, check):
    if upload.size > MAX_PHOTO_BYTES:
        raise forms.ValidationError(_("文件「%(f)s」超过 20 MB 上限") % {"f": upload.name[:60]})
    try:
        return check(upload.name, upload.read())
    except UploadError as exc:
        raise forms.ValidationError(str(exc)) from None


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("照片"), widget=forms.ClearableFileInput(attrs={"accept": PHOTO_TYPES}))
    caption = forms.CharField(
        label=_("图片说明"),
        max_length=300,
        required=False,
        help_text=_("必填:写明时间、地点、人物和事件;照片会重新压缩并去掉拍摄位置等信息"),
    )
    taken_on = _date(_("拍摄日期"))
    theme = forms.ChoiceField(label=_("主题"), choices=PhotoTheme.choices)
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none())
    campaign = forms.ModelChoiceField(label=_("扶贫日活动"), queryset=Campaign.objects.none(), required=False)
    event = forms.ModelChoiceField(label=_("活动"), queryset=Event.objects.none(), required=False)
    shows_minors = forms.BooleanField(label=_("照片中有可辨认的未成年人"), required=False)
    minors_consent = forms.BooleanField(
        label=_("已取得监护人同意公开"), required=False, help_text=_("未取得同意的,照片只在系统内使用,不会公开展出")
    )

    def __init__(self, *args, units, campaigns, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["campaign"].queryset = campaigns
        self.fields["event"].queryset = events
        _preselect(self.fields["unit"])

    def clean_photo(self):
        return _checked(self.cleaned_data["photo"], check_photo)


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("活动类型"), choices=EventKind.choices)
    title = forms.CharField(label=_("活动名称"), max_length=200)
    held_on = _date(_("活动日期"))
    place = forms.CharField(label=_("地点"), max_length=200)
    unit = forms.ModelChoiceField(label=_("组织单位"), queryset=Unit.objects.none())
    campaign = forms.ModelChoiceField(label=_("扶贫日活动"), queryset=Campaign.objects.none(), required=False)
    item = forms.ModelChoiceField(label=_("活动内容"), queryset=ActivityItem.objects.none(), required=False)
    students = _count(_("学生"))
    teachers = _count(_("教师"))
    parents = _count(_("家长"))
    party_members = _count(_("党员"))
    villagers = _count(_("群众"))
    description = forms.CharField(
        label=_("活动情况"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, units, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["campaign"].queryset = campaigns
        self.fields["item"].queryset = ActivityItem.objects.filter(campaign__in=campaigns).select_related("campaign")
        _preselect(self.fields["unit"])

    def lead(self):
        return [self[n] for n in ("kind", "title", "held_on", "place", "unit", "campaign", "item")]

    def groups(self):
        return [self[n] for n in ("students", "teachers", "parents", "party_members", "villagers")]


class MediaReportForm(forms.Form):
    outlet_level = forms.ChoiceField(label=_("媒体级别"), choices=OutletLevel.choices)
    outlet = forms.CharField(label=_("媒体名称"), max_length=100)
    title = forms.CharField(label=_("标题"), max_length=200)
    published_on = _date(_("刊发日期"))
    link = forms.URLField(label=_("链接"), max_length=500, required=False, assume_scheme="https")
    scan = forms.FileField(label=_("扫描件(PDF)"), required=False)
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none())
    event = forms.ModelChoiceField(label=_("活动"), queryset=Event.objects.none(), required=False)
    campaign = forms.ModelChoiceField(
        label=_("扶贫日活动"), queryset=Campaign.objects.none(), required=False, help_text=_("选了活动的,按活动所属")
    )

    def __init__(self, *args, units, events, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["event"].queryset = events
        self.fields["campaign"].queryset = campaigns
        _preselect(self.fields["unit"])

    def clean_scan(self):
        upload = self.cleaned_data.get("scan")
        return _checked(upload, check_document) if upload else None


class SelectForm(forms.Form):
    office = forms.ModelChoiceField(label=_("甄选单位"), queryset=Unit.objects.none())
    reason = forms.CharField(label=_("推荐理由"), max_length=300)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        if _preselect(self.fields["office"]):
            self.fields["office"].widget = forms.HiddenInput()


class PublishableForm(forms.Form):
    office = forms.ModelChoiceField(label=_("处理单位"), queryset=Unit.objects.none())
    consent = forms.BooleanField(
        label=_("已取得照片中当事人(未成年人为其监护人)同意公开使用"),
        required=False,
        help_text=_("走访和微心愿的照片拍的是帮扶户和受助人,须本人同意才能公开展出"),
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        if _preselect(self.fields["office"]):
            self.fields["office"].widget = forms.HiddenInput()


class TakeInForm(forms.Form):
    theme = forms.ChoiceField(label=_("主题"), choices=PhotoTheme.choices)


class ForwardForm(forms.Form):
    office = forms.ModelChoiceField(queryset=Unit.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class ExhibitionForm(forms.Form):
    title = forms.CharField(label=_("展览名称"), max_length=200)
    unit = forms.ModelChoiceField(label=_("主办单位"), queryset=Unit.objects.none())
    opens_on = _date(_("开展日期"))
    closes_on = _date(_("闭展日期"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        _preselect(self.fields["unit"])


class PhotoChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        label = f"{obj.caption[:40]}({obj.unit.name})"
        return label if obj.may_be_public else label + _(" · 未取得当事人同意,不能公开")


class PlaceForm(forms.Form):
    section = forms.ModelChoiceField(label=_("篇章"), queryset=ExhibitionSection.objects.none())
    photo = PhotoChoice(label=_("照片"), queryset=Photo.objects.none())

    def __init__(self, *args, sections, photos, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections
        self.fields["photo"].queryset = photos


class PhotoFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("扶贫日活动"), queryset=Campaign.objects.none(), required=False)
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none(), required=False)
    theme = forms.ChoiceField(label=_("主题"), choices=[("", _("全部")), *PhotoTheme.choices], required=False)
    source = forms.ChoiceField(label=_("来源"), choices=[("", _("全部")), *PhotoSource.choices], required=False)
    start = _date(_("从"), required=False)
    end = _date(_("到"), required=False)
    text = forms.CharField(label=_("说明含"), max_length=50, required=False)

    def __init__(self, *args, units, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["campaign"].queryset = campaigns


class NewsForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("正文"), max_length=8000, widget=forms.Textarea(attrs={"rows": 8}))
    unit = forms.ModelChoiceField(label=_("报送单位"), queryset=Unit.objects.none())
    campaign = forms.ModelChoiceField(label=_("扶贫日活动"), queryset=Campaign.objects.none(), required=False)
    photo = forms.FileField(
        label=_("图片"), required=False, widget=forms.ClearableFileInput(attrs={"accept": PHOTO_TYPES})
    )
    caption = forms.CharField(label=_("图片说明"), max_length=300, required=False, help_text=_("附图片时必填"))

    def __init__(self, *args, units, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["campaign"].queryset = campaigns
        _preselect(self.fields["unit"])

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return _checked(upload, check_photo) if upload else None


class NewsFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none(), required=False)
    start = _date(_("从"), required=False)
    end = _date(_("到"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class SignInForm(forms.Form):
    group = forms.ChoiceField(label=_("身份"), choices=ParticipantGroup.choices, widget=forms.RadioSelect)
    name = forms.CharField(label=_("姓名(可不填)"), max_length=30, required=False)


class HandoverForm(forms.Form):
    recipient = forms.CharField(label=_("受赠学校或社区"), max_length=200)
    handed_by = forms.CharField(label=_("移交人"), max_length=60)
    received_by = forms.CharField(label=_("接收人"), max_length=60)
    handed_on = _date(_("交接日期"))
    photo = forms.FileField(label=_("交接照片"), widget=forms.ClearableFileInput(attrs={"accept": PHOTO_TYPES}))
    caption = forms.CharField(
        label=_("图片说明"), max_length=300, required=False, help_text=_("必填:写明时间、地点、交接双方和物资")
    )

    def clean_photo(self):
        return _checked(self.cleaned_data["photo"], check_photo)


class GoodsForm(forms.Form):
    item = forms.CharField(label=_("物品"), max_length=100)
    quantity = forms.IntegerField(label=_("数量"), min_value=1, max_value=10_000_000)
    unit_label = forms.CharField(
        label=_("计量单位"), max_length=10, widget=forms.TextInput(attrs={"placeholder": _("册、套、件")})
    )
    value_fen = AmountField(label=_("折价(元)"), allow_zero=True)


GoodsFormSet = forms.formset_factory(GoodsForm, extra=3, max_num=20, absolute_max=20)


class BannerForm(forms.Form):
    slogan = forms.CharField(label=_("标语内容"), max_length=200)
    place = forms.CharField(label=_("悬挂地点"), max_length=200)
    hung_on = _date(_("悬挂日期"))
    unit = forms.ModelChoiceField(label=_("悬挂单位"), queryset=Unit.objects.none())
    campaign = forms.ModelChoiceField(label=_("扶贫日活动"), queryset=Campaign.objects.none(), required=False)
    photo = forms.FileField(
        label=_("照片"),
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_TYPES}),
        help_text=_("照片以「地点+标语」为说明存入宣传图片库"),
    )

    def __init__(self, *args, units, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["campaign"].queryset = campaigns
        _preselect(self.fields["unit"])

    def clean_photo(self):
        return _checked(self.cleaned_data["photo"], check_photo)
