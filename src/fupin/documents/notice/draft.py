"""A reading as the officer edits it, and back: one line per item, deadline and contact.

Item line: 「标题 | 牵头单位、… | 责任单位、…」. Deadline line: 「截止时间 | 报送内容 | 报送至」 (the last optional).
Contact line:
「姓名 | 电话 | 邮箱」. A line that cannot be read is an error naming its row; nothing is guessed.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .deadlines import due_phrase
from .deliverables import deliverables_in

_ITEM_KINDS = [
    ("book_donation", r"图书|书籍"),
    ("micro_wish", r"微心愿"),
    ("project_claim", r"认领.*项目|项目认领"),
    ("party_day", r"党日"),
    ("parents_meeting", r"家长"),
    ("broadcast_viewing", r"收看|观看.*节目"),
    ("exhibition", r"展览|图片展|成果展"),
    ("student_aid", r"资助|助学|贫困生|奖助"),
    ("donation_drive", r"募捐|捐赠|捐款|一日捐"),
    ("pairing_visit", r"走访|结对|入户|慰问"),
    ("volunteer_service", r"志愿"),
    ("city_rural_exchange", r"城乡"),
    ("national_conditions_education", r"国情"),
    ("publicity", r"宣传|宣讲"),
]
_REQUIREMENT_ORDER = ["stat_table", "plan", "summary", "photos", "video", "stamped_scan"]
_SHOWN = {"report": "开展情况", "paper_copy": "纸质版", "electronic_copy": "电子版", "stamped_scan": "加盖公章"}


DEADLINE_KINDS = {
    "deadline": gettext_lazy("截止时间"),
    "period": gettext_lazy("活动期间"),
    "date": gettext_lazy("活动日期"),
    "relative": gettext_lazy("相对时间"),
    "recurring": gettext_lazy("定期报送"),
}
_WEEKDAYS = "一二三四五六日"


def resolved_text(resolved_at: str | None) -> str:
    """「2026年10月13日(周二)17:30」; the end of a day (midnight after it) as that day's 24:00."""
    if not resolved_at:
        return ""
    at = datetime.fromisoformat(resolved_at)
    end_of_day = (at.hour, at.minute) == (0, 0)
    day = at - timedelta(days=1) if end_of_day else at
    clock = "24:00" if end_of_day else at.strftime("%H:%M")
    return _("%(y)d年%(m)d月%(d)d日(周%(w)s)%(clock)s") % {
        "y": day.year, "m": day.month, "d": day.day, "w": _WEEKDAYS[day.weekday()], "clock": clock}  # fmt: skip


def deadline_rows(reading: dict, matches: dict) -> list[dict]:
    """Each deadline as the page shows it: the notice's words, its kind and moment in Chinese, its recipient."""
    return [
        {
            "deadline": d,
            "kind": DEADLINE_KINDS.get(d["kind"], d["kind"]),
            "resolved": resolved_text(d.get("resolved_at")),
            "matched": matches.get(d["recipient"]) if d.get("recipient") else None,
        }
        for d in reading["deadlines"]
    ]


class DraftError(ValueError):
    """Rows of the officer's draft that cannot be read, each message naming its row."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class DraftItem:
    title: str
    lead_units: list[str] = field(default_factory=list)
    responsible_units: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return next((kind for kind, pattern in _ITEM_KINDS if re.search(pattern, self.title)), "other")


@dataclass
class DraftRequirement:
    due_text: str
    content: str
    recipient: str = ""

    def fields(self) -> dict:
        """The Requirement fields its content names: kind, and the photo rules when photos are due."""
        found = {d["kind"]: d for d in deliverables_in(self.content)}
        kind = next((k for k in _REQUIREMENT_ORDER if k in found), "summary")
        photos = found.get("photos") or {}
        return {
            "kind": kind,
            "title": self.content[:200],
            "photo_min_count": photos.get("count") or 0,
            "photo_min_megapixels": photos.get("min_megapixels") or 0,
            "caption_required": bool(photos.get("caption_required")),
        }


def _units(text: str) -> list[str]:
    return [u.strip() for u in re.split(r"[、,,;;]", text) if u.strip()]


def item_lines(result: dict) -> str:
    """The activity items (those under 活动内容/主要活动), else every top-level-but-one item."""
    items = [i for i in result["items"] if i["is_activity"]]
    return "\n".join(
        f"{i['title']} | {'、'.join(i['lead_units'])} | {'、'.join(i['responsible_units'])}".rstrip(" |") for i in items
    )


def _content(deliverables: list[dict]) -> str:
    parts = []
    for d in deliverables:
        if d["kind"] == "photos":
            rules = [f"像素不低于{d['min_megapixels']:g}M" if d["min_megapixels"] else ""]
            rules.append("须配文字说明" if d["caption_required"] else "")
            count = f"{d['count']}张以上" if d["count"] else ""
            extra = ",".join(r for r in rules if r)
            parts.append(f"照片{count}" + (f"({extra})" if extra else ""))
        else:
            parts.append(_SHOWN.get(d["kind"]) or d["text"])
    return "、".join(dict.fromkeys(parts))


def deadline_lines(result: dict) -> str:
    """Deadlines that ask for something (deadline and relative kinds), in the resolver's words."""
    rows = [d for d in result["deadlines"] if d["kind"] in {"deadline", "relative"}]
    return "\n".join(
        f"{due_phrase(d)} | {_content(d['deliverables']) or d['text']} | {d.get('recipient') or ''}".rstrip(" |")
        for d in rows
    )


def contact_lines(result: dict) -> str:
    """One row per person; a mailbox given without a person joins the first person without one, or stands
    as the 报送邮箱 row."""
    people = [dict(c) for c in result["contacts"] if c["name"] or c["phone"]]
    for mailbox in (c["email"] for c in result["contacts"] if not (c["name"] or c["phone"])):
        taker = next((c for c in people if not c["email"]), None)
        if taker:
            taker["email"] = mailbox
        else:
            people.append({"name": _("报送邮箱"), "phone": None, "email": mailbox})
    return "\n".join(" | ".join(c[k] or "" for k in ("name", "phone", "email")) for c in people)


def _rows(text: str) -> list[tuple[int, list[str]]]:
    return [(n, [p.strip() for p in line.split("|")]) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def parse_items(text: str) -> list[DraftItem]:
    items, errors = [], []
    for number, parts in _rows(text):
        if not parts[0]:
            errors.append(_("活动内容第%(n)d行:缺少标题") % {"n": number})
            continue
        parts += ["", ""]
        items.append(DraftItem(parts[0], _units(parts[1]), _units(parts[2])))
    if errors:
        raise DraftError(errors)
    return items


def parse_requirements(text: str) -> list[DraftRequirement]:
    requirements, errors = [], []
    for number, parts in _rows(text):
        if len(parts) < 2 or not parts[0] or not parts[1]:
            errors.append(_("报送要求第%(n)d行:请写成「截止时间 | 报送内容 | 报送至」") % {"n": number})
            continue
        requirements.append(DraftRequirement(parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
    if errors:
        raise DraftError(errors)
    return requirements


def parse_contacts(text: str) -> list[dict]:
    contacts, errors = [], []
    for number, parts in _rows(text):
        parts += ["", ""]
        if not parts[0]:
            errors.append(_("联系人第%(n)d行:缺少姓名") % {"n": number})
            continue
        contacts.append({"name": parts[0], "phone": parts[1], "email": parts[2]})
    if errors:
        raise DraftError(errors)
    return contacts


def highlighted(text: str, phrases: list[str]) -> list[tuple[str, bool]]:
    """The source cut into (piece, is_extracted) so the page can mark what was read, escaped as usual."""
    wanted = sorted({p for p in phrases if p and len(p) >= 2}, key=len, reverse=True)
    if not wanted:
        return [(text, False)]
    pattern = re.compile("|".join(re.escape(p) for p in wanted))
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [(text[last : match.start()], False), (match.group(0), True)]
        last = match.end()
    return [piece for piece in [*pieces, (text[last:], False)] if piece[0]]
