"""Publicity: the photo library, events, media reports, the office's selection of outstanding works and the
themed exhibition shown on the public site.

Every photo is one `Photo`, checked by the shared intake (re-encoded, location removed) with its caption; a
photo that shows identifiable minors is never public without the guardians' consent.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fupin.campaigns.models import ActivityItem, Campaign, SubmissionFile
from fupin.lib.money import yuan
from fupin.orgs.models import Unit


class PhotoTheme(models.TextChoices):
    LEADERSHIP_CARE = "leadership_care", _("领导关怀")
    INDUSTRY = "industry", _("产业发展")
    SOCIAL_SERVICES = "social_services", _("社会事业")
    EDUCATION = "education", _("教育扶贫")
    ACTIVITY = "activity", _("活动现场")


class PhotoSource(models.TextChoices):
    UPLOAD = "upload", _("宣传上传")
    VISIT = "visit", _("入户走访")
    WISH = "wish", _("微心愿实现")
    PROJECT = "project", _("帮扶项目")
    TASK = "task", _("任务报送")


class EventKind(models.TextChoices):
    NATIONAL_CONDITIONS_EDUCATION = "national_conditions_education", _("国情教育")
    CLASS_MEETING = "class_meeting", _("主题班会")
    FLAG_SPEECH = "flag_speech", _("国旗下讲话")
    SPEECH_CONTEST = "speech_contest", _("演讲比赛")
    PARTY_DAY = "party_day", _("主题党日")
    PARENTS_MEETING = "parents_meeting", _("家长座谈会")
    BROADCAST_VIEWING = "broadcast_viewing", _("收看特别节目")
    VOLUNTEER_SERVICE = "volunteer_service", _("志愿服务")
    CITY_RURAL_EXCHANGE = "city_rural_exchange", _("城乡互动")
    BOOK_DONATION = "book_donation", _("捐赠图书")
    BANNER = "banner", _("悬挂宣传标语")
    OTHER = "other", _("其他")


PARTICIPANT_GROUPS = ("students", "teachers", "parents", "party_members", "villagers")


class Event(models.Model):
    """One activity held by a unit, with its participants counted by group."""

    unit = models.ForeignKey(Unit, verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="events")
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("扶贫日活动"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        ActivityItem, verbose_name=_("活动内容"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("活动类型"), max_length=32, choices=EventKind.choices)
    title = models.CharField(_("活动名称"), max_length=200)
    held_on = models.DateField(_("活动日期"))
    place = models.CharField(_("地点"), max_length=200)
    students = models.PositiveIntegerField(_("学生"), default=0)
    teachers = models.PositiveIntegerField(_("教师"), default=0)
    parents = models.PositiveIntegerField(_("家长"), default=0)
    party_members = models.PositiveIntegerField(_("党员"), default=0)
    villagers = models.PositiveIntegerField(_("群众"), default=0)
    description = models.TextField(_("活动情况"), max_length=4000, blank=True)
    sign_in_token = models.CharField(_("扫码签到码"), max_length=32, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["unit", "held_on"], name="event_unit_date")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""), name="event_title_required", violation_error_message=_("请填写活动名称")
            ),
            models.UniqueConstraint(
                fields=["sign_in_token"],
                condition=~Q(sign_in_token=""),
                name="event_sign_in_token_unique",
                violation_error_message=_("签到码重复,请重新开启签到"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    @property
    def participants(self) -> int:
        return sum(getattr(self, group) for group in PARTICIPANT_GROUPS)


class ParticipantGroup(models.TextChoices):
    STUDENTS = "students", _("学生")
    TEACHERS = "teachers", _("教师")
    PARENTS = "parents", _("家长")
    PARTY_MEMBERS = "party_members", _("党员")
    VILLAGERS = "villagers", _("群众")


class EventSignIn(models.Model):
    """One participant signed in by scanning the event's QR code; the event's count of the group goes up by one."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sign_ins")
    group = models.CharField(_("身份"), max_length=16, choices=ParticipantGroup.choices)
    name = models.CharField(_("姓名"), max_length=30, blank=True)
    signed_at = models.DateTimeField(_("签到时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("签到")
        ordering = ["signed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.event.title}: {self.get_group_display()}"


class NewsItem(models.Model):
    """信息报送: a unit's news of its activities (text and pictures) sent to the office above."""

    unit = models.ForeignKey(Unit, verbose_name=_("报送单位"), on_delete=models.PROTECT, related_name="news_items")
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("扶贫日活动"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), max_length=8000)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("报送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("信息报送")
        verbose_name_plural = _("信息报送")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["unit", "sent_at"], name="news_unit_sent")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title="") & ~Q(body=""),
                name="news_title_and_body_required",
                violation_error_message=_("信息须有标题和正文"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class NewsForward(models.Model):
    """An office forwarding a news item of its subtree to the office above (择优转报)."""

    news_item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="forwards")
    office = models.ForeignKey(Unit, verbose_name=_("转报单位"), on_delete=models.PROTECT, related_name="+")
    forwarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    forwarded_at = models.DateTimeField(_("转报时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("信息转报")
        ordering = ["forwarded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["news_item", "office"], name="news_forward_once", violation_error_message=_("该信息已转报")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office.name} → {self.news_item.title}"


class Photo(models.Model):
    """A captioned photo of a unit, stored re-encoded with a thumbnail made once at upload."""

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="photos")
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("扶贫日活动"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    event = models.ForeignKey(
        Event, verbose_name=_("活动"), null=True, blank=True, on_delete=models.PROTECT, related_name="photos"
    )
    news_item = models.ForeignKey(
        NewsItem, verbose_name=_("信息"), null=True, blank=True, on_delete=models.PROTECT, related_name="photos"
    )
    caption = models.CharField(_("图片说明"), max_length=300)
    taken_on = models.DateField(_("拍摄日期"))
    theme = models.CharField(_("主题"), max_length=20, choices=PhotoTheme.choices)
    file = models.FileField(upload_to="photos/%Y/%m/")
    thumbnail = models.FileField(upload_to="photos/thumbs/%Y/%m/")
    name = models.CharField(max_length=120)
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size_bytes = models.PositiveIntegerField(_("大小"))
    shows_minors = models.BooleanField(_("含可辨认的未成年人"), default=False)
    minors_consent = models.BooleanField(_("已取得监护人同意"), default=False)
    source = models.CharField(_("来源"), max_length=12, choices=PhotoSource.choices, default=PhotoSource.UPLOAD)
    is_publishable = models.BooleanField(_("可公开展出"), default=True)
    handed_in = models.ForeignKey(
        SubmissionFile, verbose_name=_("报送照片"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("照片")
        verbose_name_plural = _("照片")
        ordering = ["-taken_on", "-pk"]
        indexes = [models.Index(fields=["unit", "taken_on"], name="photo_unit_date")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(caption=""), name="photo_caption_required", violation_error_message=_("照片须有图片说明")
            ),
            models.UniqueConstraint(
                fields=["handed_in"],
                condition=Q(handed_in__isnull=False),
                name="photo_from_hand_in_once",
                violation_error_message=_("该报送照片已收入图片库"),
            ),
        ]

    def __str__(self) -> str:
        return self.caption

    @property
    def may_be_public(self) -> bool:
        return self.is_publishable and (not self.shows_minors or self.minors_consent)


# A visit's or a wish recipient's photo is public only once an office recorded the people's consent.
PUBLIC_PHOTO = Q(is_publishable=True) & (Q(shows_minors=False) | Q(minors_consent=True))


class OutletLevel(models.TextChoices):
    SCHOOL_SITE = "school_site", _("校园网站/校园媒体")
    WECHAT = "wechat", _("微信公众号")
    COUNTY = "county", _("县级媒体")
    CITY = "city", _("市级媒体")
    PROVINCIAL = "provincial", _("省级媒体")
    NATIONAL = "national", _("国家级媒体")


class MediaReport(models.Model):
    """A report of the unit's activities in the media, with its link or a scan."""

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="media_reports")
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("扶贫日活动"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    event = models.ForeignKey(
        Event, verbose_name=_("活动"), null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    outlet_level = models.CharField(_("媒体级别"), max_length=16, choices=OutletLevel.choices)
    outlet = models.CharField(_("媒体名称"), max_length=100)
    title = models.CharField(_("标题"), max_length=200)
    published_on = models.DateField(_("刊发日期"))
    link = models.URLField(_("链接"), max_length=500, blank=True)
    scan = models.FileField(_("扫描件"), upload_to="reports/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("媒体报道")
        verbose_name_plural = _("媒体报道")
        ordering = ["-published_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(link="") | ~Q(scan=""),
                name="media_report_link_or_scan",
                violation_error_message=_("媒体报道须有链接或扫描件"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outlet}《{self.title}》"


class Selection(models.Model):
    """An office's mark on an outstanding photo (甄选优秀作品), with its reason; forwarded upward as a set."""

    photo = models.ForeignKey(Photo, on_delete=models.PROTECT, related_name="selections")
    office = models.ForeignKey(Unit, verbose_name=_("甄选单位"), on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("推荐理由"), max_length=300)
    selected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    selected_at = models.DateTimeField(_("甄选时间"), auto_now_add=True)
    forwarded_at = models.DateTimeField(_("上报时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("优秀作品")
        verbose_name_plural = _("优秀作品")
        ordering = ["-selected_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["photo", "office"], name="selection_once_per_office", violation_error_message=_("该照片已选过")
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="selection_reason_required", violation_error_message=_("请填写推荐理由")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office.name}: {self.photo.caption}"


class Exhibition(models.Model):
    """A themed photo exhibition, public only between its dates."""

    unit = models.ForeignKey(Unit, verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="exhibitions")
    title = models.CharField(_("展览名称"), max_length=200)
    opens_on = models.DateField(_("开展日期"))
    closes_on = models.DateField(_("闭展日期"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("图片展")
        verbose_name_plural = _("图片展")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="exhibition_closes_after_opening",
                violation_error_message=_("闭展日期不能早于开展日期"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ExhibitionSection(models.Model):
    exhibition = models.ForeignKey(Exhibition, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("篇章"), max_length=60)
    order = models.PositiveSmallIntegerField(_("顺序"))

    class Meta:
        verbose_name = _("展览篇章")
        ordering = ["exhibition", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibition", "title"],
                name="exhibition_section_title_unique",
                violation_error_message=_("本展览已有同名篇章"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ExhibitionEntry(models.Model):
    section = models.ForeignKey(ExhibitionSection, on_delete=models.CASCADE, related_name="entries")
    photo = models.ForeignKey(Photo, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("顺序"))

    class Meta:
        verbose_name = _("展品")
        ordering = ["section", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "photo"],
                name="exhibition_entry_once",
                violation_error_message=_("该照片已在本篇章中"),
            ),
        ]

    def __str__(self) -> str:
        return self.photo.caption


GOODS_EVENT_KINDS = (EventKind.CITY_RURAL_EXCHANGE, EventKind.BOOK_DONATION)


class Handover(models.Model):
    """交接记录: goods of a city–rural exchange or a book donation handed to a receiving school or community, with
    who handed, who received, the date and a photo of the handover (recorded like donations in kind)."""

    event = models.ForeignKey(Event, verbose_name=_("活动"), on_delete=models.PROTECT, related_name="handovers")
    recipient = models.CharField(_("受赠学校或社区"), max_length=200)
    handed_by = models.CharField(_("移交人"), max_length=60)
    received_by = models.CharField(_("接收人"), max_length=60)
    handed_on = models.DateField(_("交接日期"))
    photo = models.ForeignKey(Photo, verbose_name=_("交接照片"), on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("物资交接")
        verbose_name_plural = _("物资交接")
        ordering = ["handed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(recipient="") & ~Q(handed_by="") & ~Q(received_by=""),
                name="handover_parties_required",
                violation_error_message=_("请填写受赠学校或社区、移交人和接收人"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event.title} → {self.recipient}"


class HandoverGoods(models.Model):
    """One line of goods handed over: item, quantity and estimated value in 分."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="goods")
    item = models.CharField(_("物品"), max_length=100)
    quantity = models.PositiveIntegerField(_("数量"))
    unit_label = models.CharField(_("计量单位"), max_length=10)
    value_fen = models.PositiveBigIntegerField(_("折价(分)"))

    class Meta:
        verbose_name = _("交接物资")
        verbose_name_plural = _("交接物资")
        ordering = ["handover", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(item="") & Q(quantity__gte=1),
                name="handover_goods_item_and_quantity",
                violation_error_message=_("每项物资须有名称,数量至少为 1"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.quantity}{self.unit_label}"

    @property
    def value_yuan(self) -> str:
        return yuan(self.value_fen)


class Banner(models.Model):
    """A banner or slogan hung by a unit (悬挂宣传标语), with where, when and a photo of it hanging."""

    unit = models.ForeignKey(Unit, verbose_name=_("悬挂单位"), on_delete=models.PROTECT, related_name="banners")
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("扶贫日活动"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    slogan = models.CharField(_("标语内容"), max_length=200)
    place = models.CharField(_("悬挂地点"), max_length=200)
    hung_on = models.DateField(_("悬挂日期"))
    photo = models.ForeignKey(Photo, verbose_name=_("照片"), on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("宣传标语")
        verbose_name_plural = _("宣传标语")
        ordering = ["-hung_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(slogan="") & ~Q(place=""),
                name="banner_slogan_and_place_required",
                violation_error_message=_("请填写标语内容和悬挂地点"),
            ),
        ]

    def __str__(self) -> str:
        return self.slogan
