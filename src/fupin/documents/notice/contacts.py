"""Contacts: 联系人, phones and e-mail, on their own lines or inside parentheses after a deadline.

A contact left blank in the template (「联系人:____」) names nobody and is not a contact. One 联系人 may name
several people (「联系人:孙静 0771-3806688;周涛 186 7710 2345」, 「张伟 0551-2345678,刘洋 13912345678」), each
with the office before the name (「德育处 钱老师」); phones are written as 0xxx-xxxxxxx whatever dash or spaces the
notice used.
"""

import re

_START = re.compile(r"联系人")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})\s?[-—–－]?\s?(\d{7,8})(?!\d)")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)")
_LOCAL = re.compile(r"(?<![\d-])\d{7,8}(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_LABEL = re.compile(r"^(?:联系人|联系电话|联系方式|电话|手机|座机|办公电话|邮箱|电子邮箱|及|和|或)+")
_OFFICE = re.compile(r"(?:[办局处科股室部组委会校院所站馆]|中心|学校|小学|中学)$")
_NAME = re.compile(r"[\u4e00-\u9fff]{1,2}(?:老师|同志|主任|科长|股长|校长)|[\u4e00-\u9fff]{2,4}")
_WINDOW = 160
_AFTER_OFFICE = re.compile(
    r"^.*(?:[办局处科股室部组]|中心|学校)(?P<name>[\u4e00-\u9fff]{1,2}(?:老师|同志|主任|科长|股长|校长)|[\u4e00-\u9fff]{2,3})$"
)
_LABELLED_PARTS = re.compile(r"联系人[^\n。]{0,160}")


def _windows(text: str) -> list[str]:
    """The text from each 联系人 to the next (or a short way on), cut at its paragraph or parenthesis end."""
    starts = [match.start() for match in _START.finditer(text)]
    windows = []
    for i, start in enumerate(starts):
        window = text[start : min(starts[i + 1] if i + 1 < len(starts) else len(text), start + _WINDOW)]
        window = re.split(r"\n\s*\n|。", window)[0] if "\n\n" in window else window.split("。")[0]
        depth = 0
        for index, char in enumerate(window):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth < 0:
                window = window[:index]
                break
        windows.append(window)
    return windows


def phones_in(text: str) -> list[str]:
    """Landlines as 0xxx-xxxxxxx, mobiles as eleven digits, then bare local numbers; dates are not phones."""
    found = [(m.start(), f"{m[1]}-{m[2]}") for m in _LANDLINE.finditer(text)]
    found += [(m.start(), "".join(m.groups())) for m in _MOBILE.finditer(text)]
    rest = _MOBILE.sub(lambda m: " " * len(m[0]), _LANDLINE.sub(lambda m: " " * len(m[0]), text))
    found += [(m.start(), m[0]) for m in _LOCAL.finditer(rest) if not re.fullmatch(r"20\d{2}\d{3,4}", m[0])]
    return [phone for _start, phone in sorted(found)]


def _name(part: str) -> str | None:
    """The person a part names: the first word that is neither a label nor an office (「德育处 钱老师」 → 钱老师)."""
    head = _EMAIL.sub(" ", part)
    head = re.split(r"\d", head, maxsplit=1)[0]
    for word in re.split(r"[\s,:、()]+", head):
        word = _LABEL.sub("", word)
        word = re.split(r"电话|手机|联系|邮箱|座机", word)[0]
        if not word or "_" in word or _OFFICE.search(word):
            continue
        if _NAME.fullmatch(word):
            return word
        if glued := _AFTER_OFFICE.match(word):  # 「德育处钱老师」 when a PDF lost the space
            return glued["name"]
    return None


def _contact(part: str) -> dict:
    phones = phones_in(_EMAIL.sub(" ", part))
    emails = _EMAIL.findall(part)
    return {"name": _name(part), "phone": "、".join(phones) or None, "email": emails[0] if emails else None}


def find_contacts(text: str) -> list[dict]:
    """Each named contact once, with every phone number of its part joined by 、."""
    contacts: list[dict] = []
    for window in _windows(text):
        found: list[dict] = []
        # people are separated by 「;」 or 「,」; a part that names nobody new adds to the person before it
        for part in re.split(r"[;,]", window.removeprefix("联系人")):
            contact = _contact(part)
            new_person = contact["name"] and (contact["phone"] or (found and found[-1]["phone"]))
            if found and not new_person:
                for key in ("phone", "email"):  # a part without a new person adds to the last one
                    if contact[key] and not found[-1][key]:
                        found[-1][key] = contact[key]
                    elif contact[key] and key == "phone":
                        found[-1][key] += "、" + contact[key]
                continue
            if contact["name"] or contact["phone"] or contact["email"]:
                found.append(contact)
        contacts += [contact for contact in found if contact not in contacts]
    contacts += [contact for contact in _in_parentheses(text) if contact not in contacts]
    known = {contact["email"] for contact in contacts}
    mailboxes = [email for email in _EMAIL.findall(text) if email not in known]
    return contacts + [{"name": None, "phone": None, "email": email} for email in dict.fromkeys(mailboxes)]


# 「交德育处(钱老师,手机13909876543)」: a person and a phone in parentheses after the office, with no 联系人 label
_PERSON_PAREN = re.compile(
    r"\((?P<name>[\u4e00-\u9fff]{1,2}(?:老师|同志|主任|科长|股长|校长))\s*[,:]?\s*"
    r"(?:电话|手机|联系电话|座机)?\s*:?\s*(?P<phones>[\d\s、,\-]{7,60})\)"
)


def _in_parentheses(text: str) -> list[dict]:
    """A person with a phone in parentheses outside any 联系人 line (a mailbox alone is added by the caller)."""
    return [
        {"name": match["name"], "phone": "、".join(phones_in(match["phones"])) or None, "email": None}
        for match in _PERSON_PAREN.finditer(_LABELLED_PARTS.sub(" ", text))
        if phones_in(match["phones"])
    ]
