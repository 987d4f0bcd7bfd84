"""Students made through the registry's service, so they are encrypted, hashed and audited like real ones."""

from fupin.aid.services.students import register_student

# Valid 身份证号 (GB 11643 check digits) of students born 2006–2009, one per test student.
NUMBERS = [
    "430520200803124314",
    "430521200706152547",
    "430522200811205045",
    "430520200609017662",
    "430521200902141490",
    "430522200805051748",
    "430520200712309401",
    "430521200808186481",
    "430522200703031965",
    "430520200810014746",
    "430521200606066967",
    "430522200909091592",
]


def student(by, school, name="王小明", id_number=NUMBERS[0], categories=("registered_poor",), **kw):
    fields = {"stage": "senior", "difficulty": "difficult", "grade": "高三"} | kw
    return register_student(by=by, school=school, name=name, id_number=id_number, categories=list(categories), **fields)


def aid_officer(tree, make_user):
    return make_user("aid_officer", tree.county1, "aid_officer")


def program(by, unit, name="新录取大学生资助", amount_fen=200000, target_count=300, **kw):
    from datetime import date

    from fupin.aid.services.programs import create_program

    fields = {
        "level": "county",
        "categories": ["registered_poor"],
        "stages": ["college"],
        "opens_on": date(2026, 8, 1),
        "closes_on": date(2026, 9, 30),
    } | kw
    return create_program(by=by, unit=unit, name=name, amount_fen=amount_fen, target_count=target_count, **fields)


def source(by, prog, name="县扶贫办", pledged_fen=20000000, received_fen=20000000):
    from fupin.aid.services.programs import add_funding_source

    return add_funding_source(by=by, program=prog, name=name, pledged_fen=pledged_fen, received_fen=received_fen)


def blank_pdf() -> bytes:
    """A one-page PDF with nothing in it, as a scanner's empty page."""
    from io import BytesIO

    from pypdf import PdfWriter

    writer, out = PdfWriter(), BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()
