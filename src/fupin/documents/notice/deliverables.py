"""What is due by a deadline, and to whom: plans, summaries, tables named in 《》, photos with their rules.

Kinds follow the campaigns' RequirementKind (plan, summary, stat_table, photos, video, stamped_scan) plus
report (a written account 「开展情况」), paper_copy and electronic_copy. Photos carry their count
(「4张以上」), minimum megapixels (「像素不低于3M」, 「不低于300万像素」) and whether a caption is required.
"""

import re

_NAMED = re.compile(r"《([^《》]{2,60})》")
_TABLE = re.compile(
    r"((?:[^\s将把和及与、,;。:于前请报()《》“”]){0,24}(?:统计表|汇总表|情况表|登记表|记录表|花名册|一览表))"
)
_PLAN = re.compile(r"(?:活动|实施|工作|具体)?方案")
_SUMMARY = re.compile(r"(?:活动|工作)?总结(?:材料)?(?!阶段|经验|推广|提炼|表彰|报送阶段)")
_REPORT = re.compile(r"(?:开展|工作|进展|落实|推进)情况(?!统计|汇总|表)")
_PHOTO = re.compile(r"照片|图片|相片")
# 「4张以上」「不少于5幅」; a range 「3-5张」 asks for at least its lower end
_PHOTO_COUNT = re.compile(r"(?:不少于|至少)?\s*(\d{1,3})\s*(?:[-—~至到]\s*\d{1,3}\s*)?(?:张|幅)(?:以上|及以上)?")
_MEGAPIXELS = re.compile(
    r"(?:像素|分辨率)\s*(?:不低于|不少于|不小于|在|达到)?\s*(\d+(?:\.\d+)?)\s*(?:M|MB|兆|百万)"
    r"|(?:不低于|不少于|不小于)\s*(\d{3,4})\s*万像素"
)
_CAPTION = re.compile(r"配(?:以|有)?(?:文字|简要)?(?:说明|文字)|文字说明")
_PAPER = re.compile(r"纸质|书面")
_ELECTRONIC = re.compile(r"电子(?:版|文档|稿|文件|邮件)")
_STAMPED = re.compile(r"盖章|加盖公章")
_RECIPIENT = re.compile(
    r"(?:报送|发送|上报|提交|报给|送交|送达|发至|报|送|交)(?:至|到|给)?\s*(?P<r>[^,。;:()\s]{2,30})"
)
_OFFICE = re.compile(r"[办局中心处科股委室部会组队校院所站厅团司社馆]$|邮箱$")


def _photos(text: str) -> dict | None:
    found = _PHOTO.search(text)
    if not found:
        return None
    photo: dict = {"kind": "photos", "text": found.group(0), "count": None, "min_megapixels": None}
    count = _PHOTO_COUNT.search(text[max(0, found.start() - 12) : found.end() + 10])
    if count:
        photo["count"] = int(count[1])
    pixels = _MEGAPIXELS.search(text)
    if pixels:
        photo["min_megapixels"] = float(pixels[1]) if pixels[1] else int(pixels[2]) / 100
    photo["caption_required"] = bool(_CAPTION.search(text))
    return photo


def deliverables_in(text: str) -> list[dict]:
    """The things a deadline's clause asks for, in a fixed order, each once."""
    found: list[dict] = []
    named = [name for name in _NAMED.findall(text) if re.search("表|册", name)]
    found += [{"kind": "stat_table", "text": f"《{name}》"} for name in named]
    plain = _NAMED.sub("", text)
    found += [{"kind": "stat_table", "text": table} for table in _TABLE.findall(plain)]
    simple = [("plan", _PLAN), ("summary", _SUMMARY), ("report", _REPORT)]
    found += [{"kind": kind, "text": m.group(0)} for kind, pattern in simple if (m := pattern.search(plain))]
    photos = _photos(plain)
    if photos:
        found.append(photos)
    if "视频" in plain:
        found.append({"kind": "video", "text": "视频"})
    more = [("stamped_scan", _STAMPED), ("paper_copy", _PAPER), ("electronic_copy", _ELECTRONIC)]
    found += [{"kind": kind, "text": m.group(0)} for kind, pattern in more if (m := pattern.search(plain))]
    return found


def recipient_in(text: str) -> str | None:
    """The office a clause sends things to: 「报市教育局扶贫办」 → 市教育局扶贫办,
    「报送台账至县资助中心」 → 县资助中心, 「发送至县教育局邮箱xx@163.com」 → 县教育局."""
    for match in _RECIPIENT.finditer(text):
        name = match["r"].removeprefix("至").removeprefix("到")
        name = re.split(r"[至到](?=[市县区镇乡校局])", name)[-1] if len(name) > 8 else name
        name = re.split(r"并|同时|以便|及时|邮箱|[A-Za-z0-9@]", name)[0]
        name = re.sub(r"(?:备案|审核|审定|汇总|存档|统一)$", "", name)
        if len(name) >= 2 and _OFFICE.search(name) and not _ELECTRONIC.match(name):
            return name
    return None
