"""Forms of the pairing pages; the visit form is made for a phone (short, native date and camera inputs)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.households.models import Household, PovertyCause
from fupin.lib.uploads import MAX_PHOTO_BYTES, UploadError, check_photo
from fupin.orgs.models import Unit, User

from .models import PairingKind, VisitKind


def _date(label, required=True):
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


def _text(label, rows=2):
    return forms.CharField(label=label, required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": rows}))


class HouseholdChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.village.name} · {obj.head_name} · {obj.head_id_masked}"


class PairingForm(forms.Form):
    kind = forms.ChoiceField(label=_("结对类型"), choices=PairingKind.choices)
    unit = forms.ModelChoiceField(label=_("帮扶单位"), queryset=Unit.objects.none())
    cadre = forms.ModelChoiceField(label=_("帮扶责任人"), queryset=User.objects.none(), required=False)
    household = HouseholdChoice(label=_("帮扶户"), queryset=Household.objects.none(), required=False)
    partner_unit = forms.ModelChoiceField(label=_("结对村/学校"), queryset=Unit.objects.none(), required=False)
    helper_name = forms.CharField(label=_("结对学生"), max_length=60, required=False)
    partner_name = forms.CharField(label=_("受助学生"), max_length=60, required=False)
    started_on = _date(_("开始日期"))
    note = forms.CharField(label=_("备注"), max_length=300, required=False)

    def __init__(self, *args, units, cadres, households, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["cadre"].queryset = cadres
        self.fields["household"].queryset = households
        self.fields["partner_unit"].queryset = partners


class EndPairingForm(forms.Form):
    ended_on = _date(_("结束日期"))


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input (a phone's camera or album), each checked by the shared intake."""

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, (list, tuple)) else [data]
        return [super(PhotosField, self).clean(u, initial) for u in uploads if u]


class VisitForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=VisitKind.choices)
    visited_on = _date(_("走访日期"))
    visitors = forms.CharField(label=_("走访人员"), max_length=200)
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    participants = forms.IntegerField(label=_("参加人数"), min_value=1, max_value=100000, required=False)
    living = _text(_("生活情况"))
    income = _text(_("收入情况"))
    schooling = _text(_("子女上学情况"))
    health = _text(_("健康情况"))
    poverty_causes = forms.MultipleChoiceField(
        label=_("致贫原因"), choices=PovertyCause.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    difficulties = _text(_("存在困难"))
    measures = _text(_("商定的帮扶措施"), rows=3)
    follow_up_on = _date(_("回访日期"), required=False)
    photos = PhotosField(
        label=_("照片"),
        required=False,
        widget=MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp", "multiple": True}),
        help_text=_("可多选;照片会重新压缩并去掉拍摄位置等信息"),
    )
    photo_caption = forms.CharField(
        label=_("照片说明"),
        max_length=300,
        required=False,
        help_text=_("照片会进入宣传图片库;不填则写明日期、单位和走访类型。照片取得户主同意后才可公开展出"),
    )
    location_consent = forms.BooleanField(label=_("户主同意记录本次走访的位置"), required=False)
    latitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput)
    longitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, VisitKind(k).label) for k in kinds]
        if VisitKind.JOINT_ACTIVITY not in kinds:
            del self.fields["place"], self.fields["participants"]

    def lead(self):
        return [self[n] for n in ("kind", "visited_on", "visitors", "place", "participants") if n in self.fields]

    def findings(self):
        return [self[n] for n in ("living", "income", "schooling", "health", "poverty_causes", "difficulties")]

    def rest(self):
        return [self[n] for n in ("measures", "follow_up_on", "photos", "photo_caption", "location_consent")]

    def clean_photos(self):
        checked = []
        for upload in self.cleaned_data["photos"]:
            if upload.size > MAX_PHOTO_BYTES:
                raise forms.ValidationError(_("照片「%(f)s」超过 20 MB 上限") % {"f": upload.name[:60]})
            try:
                checked.append(check_photo(upload.name, upload.read()))
            except UploadError as exc:
                raise forms.ValidationError(str(exc)) from None
        return checked
