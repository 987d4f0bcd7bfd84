"""Publicity records made through the services, on the shared test tree."""

import io
from datetime import date

from PIL import Image

from fupin.lib.uploads import check_photo
from fupin.publicity.services import add_photo, record_event

HELD_ON = date(2026, 10, 16)


def jpeg(size=(1600, 1200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (180, 160, 140)).save(out, "JPEG")
    return out.getvalue()


def checked(name="班会.jpg"):
    return check_photo(name, jpeg())


def photo(by, unit, caption="学生在主题班会上交流扶贫故事", *, theme="social_services", **extra):
    return add_photo(by=by, unit=unit, photo=checked(), caption=caption, taken_on=HELD_ON, theme=theme, **extra)


def event(by, unit, *, campaign=None, title="“扶贫日”主题班会", students=45, teachers=2, kind="class_meeting", **extra):
    return record_event(
        by=by,
        unit=unit,
        kind=kind,
        title=title,
        held_on=HELD_ON,
        place="高一(3)班教室",
        campaign=campaign,
        students=students,
        teachers=teachers,
        **extra,
    )
