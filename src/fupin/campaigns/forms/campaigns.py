"""Forms of the campaign pages: they parse; the services check the rules again when saving."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.orgs.models import SchoolStage, Unit, UnitKind

from ..models import ActivityItem, Campaign, ItemKind, RequirementKind, StatTable
from ..selectors.stats import stat_table_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["year", "title", "theme", "slogan", "guiding_ideas", "principles", "starts_on", "ends_on"]
        widgets = {
            "title": forms.TextInput(attrs={"placeholder": _("如:2026年教育系统扶贫日活动实施方案")}),
            "theme": forms.TextInput(attrs={"placeholder": _("如:决战脱贫攻坚,决胜全面小康")}),
            "slogan": forms.TextInput(attrs={"placeholder": _("如:教育扶贫·你我同行")}),
            "guiding_ideas": forms.Textarea(attrs={"rows": 4}),
            "principles": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DATE,
            "ends_on": DATE,
        }
        help_texts = {"year": _("第几个扶贫日由年度自动算出,无需填写。")}

    allow_duplicate = forms.BooleanField(label=_("仍要新建(本单位该年度已有活动)"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("结束日期不能早于开始日期"))
        return data


class IssuingUnitForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("发文单位"), queryset=Unit.objects.none(), empty_label=None)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


def _units_field(label, units):
    return forms.ModelMultipleChoiceField(
        label=label, queryset=units, required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )


class ItemForm(forms.ModelForm):
    class Meta:
        model = ActivityItem
        fields = ["title", "kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ItemKind.choices
        self.fields["lead_units"] = _units_field(_("牵头单位"), units)
        self.fields["responsible_units"] = _units_field(_("责任单位"), units)
        if self.instance.pk:
            self.initial["lead_units"] = list(self.instance.lead_units.all())
            self.initial["responsible_units"] = list(self.instance.responsible_units.all())


class RequirementForm(forms.Form):
    kind = forms.ChoiceField(label=_("报送内容"), choices=RequirementKind.choices)
    title = forms.CharField(
        label=_("名称"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("如:活动总结(纸质版盖章,附电子版)")}),
    )
    item = forms.ModelChoiceField(
        label=_("对应活动内容"), queryset=ActivityItem.objects.none(), required=False, empty_label=_("整个活动")
    )
    due_text = forms.CharField(
        label=_("截止时间"),
        max_length=100,
        help_text=_(
            "可直接照通知原文填写,如「10月18日下午三点前」「10月底前」「9月30日下午下班前」;保存后显示解析出的准确时间。"
        ),
        widget=forms.TextInput(attrs={"placeholder": _("10月19日前"), "data-deadline-preview": "1"}),
    )
    close_after_days = forms.IntegerField(
        label=_("逾期几天后停止接收"),
        min_value=0,
        max_value=365,
        required=False,
        help_text=_("留空表示截止后仍接收,标记为逾期。"),
    )
    unit_kinds = forms.MultipleChoiceField(
        label=_("报送单位类型"), choices=UnitKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    school_stages = forms.MultipleChoiceField(
        label=_("学段(只对学校)"),
        choices=SchoolStage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选表示所有学段。"),
    )
    direct_only = forms.BooleanField(label=_("仅本单位直属单位(如「各县区、局直属各学校」)"), required=False)
    recipient = forms.ModelChoiceField(
        label=_("报送至"), queryset=Unit.objects.none(), required=False, empty_label=_("发文单位")
    )
    photo_min_count = forms.IntegerField(label=_("照片最少张数"), min_value=0, max_value=100, initial=0)
    photo_min_megapixels = forms.DecimalField(
        label=_("照片最低像素(百万)"),
        min_value=0,
        max_value=50,
        decimal_places=1,
        initial=0,
        help_text=_("「像素不低于3M」填 3。"),
    )
    caption_required = forms.BooleanField(label=_("每张照片须配文字说明"), required=False)
    stat_table = forms.ModelChoiceField(
        label=_("统计表"), queryset=StatTable.objects.none(), required=False, empty_label=_("(不是统计表)")
    )
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    paper_copies = forms.IntegerField(
        label=_("纸质版份数"),
        min_value=0,
        max_value=20,
        initial=0,
        required=False,
        help_text=_("留空或 0 表示只报电子版。"),
    )
    paper_stamped = forms.BooleanField(label=_("纸质版须加盖公章"), required=False)
    paper_deliver_to = forms.CharField(
        label=_("纸质版送达地点"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("如:市教育局扶贫办(行政中心5楼512室)")}),
    )

    def __init__(self, *args, campaign, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = campaign.items.order_by("number")
        self.fields["named_units"] = _units_field(_("指定单位"), units)
        self.fields["recipient"].queryset = units
        self.fields["stat_table"].queryset = stat_table_choices(campaign)
        self.order_fields(
            [
                "kind",
                "title",
                "item",
                "due_text",
                "close_after_days",
                "unit_kinds",
                "school_stages",
                "direct_only",
                "named_units",
                "recipient",
            ]
        )

    def clean(self):
        data = super().clean()
        if not data.get("unit_kinds") and not data.get("named_units"):
            raise forms.ValidationError(_("请选择报送单位类型,或指定报送单位"))
        if data.get("kind") == RequirementKind.STAT_TABLE and not data.get("stat_table"):
            self.add_error("stat_table", _("报送统计表时请选择是哪张统计表"))
        data["paper_copies"] = data.get("paper_copies") or 0
        if data["paper_copies"] and not (data.get("paper_deliver_to") or "").strip():
            self.add_error("paper_deliver_to", _("要求报送纸质版时,请填写纸质版送达地点"))
        return data


class ContactForm(forms.Form):
    name = forms.CharField(label=_("联系人"), max_length=60)
    phone = forms.CharField(label=_("电话"), max_length=30, required=False)
    email = forms.EmailField(label=_("邮箱"), required=False)
    note = forms.CharField(label=_("负责事项"), max_length=100, required=False)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2014, max_value=2100)
    allow_duplicate = forms.BooleanField(required=False)
