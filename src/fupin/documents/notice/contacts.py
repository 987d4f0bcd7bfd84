"""Contacts: 联系人, phones and e-mail, on their own lines or inside parentheses after a deadline.

A contact left blank in the template (「联系人:____」) names nobody and is not a contact.
"""

import re

_NAME = re.compile(
    r"联系人(?:及(?:联系)?电话)?\s*:?\s*(?P<name>[^\s,;:、()\d_@]{2,12}?)(?=[\s,;:、()\d_]|电话|联系|手机|座机|邮箱|$)"
)
_START = re.compile(r"联系人")
_PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{7,8})(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_WINDOW = 160


def _windows(text: str) -> list[str]:
    """The text from each 联系人 to the next (or a short way on), where its phone and e-mail are."""
    starts = [match.start() for match in _START.finditer(text)]
    return [text[start : min(starts[i + 1] if i + 1 < len(starts) else len(text), start + _WINDOW)]
            for i, start in enumerate(starts)]  # fmt: skip


def find_contacts(text: str) -> list[dict]:
    """Each named contact once, with every phone number in its window joined by 、."""
    contacts: list[dict] = []
    for window in _windows(text):
        window = re.split(r"\n\s*\n|。", window)[0] if "\n\n" in window else window.split("。")[0]
        name_match = _NAME.match(window)
        name = name_match["name"] if name_match else None
        phones = [phone for phone in _PHONE.findall(window) if not re.fullmatch(r"20\d{2}\d{3,4}", phone)]
        emails = _EMAIL.findall(window)
        if not (name or phones or emails):
            continue
        contact = {"name": name, "phone": "、".join(phones) or None, "email": emails[0] if emails else None}
        if contact not in contacts:
            contacts.append(contact)
    return contacts
