"""PDFs and Word packages as the world hands them in: plain ones, and ones that run or fetch something."""

import io
import zipfile

import pikepdf


def pdf(*, root: dict | None = None, annotation: dict | None = None, encrypt: bool = False) -> bytes:
    """A one-page PDF; `root` adds entries to the catalogue, `annotation` puts one link on the page."""
    document = pikepdf.new()
    document.add_blank_page()
    for key, value in (root or {}).items():
        document.Root[key] = value
    if annotation is not None:
        document.pages[0].Annots = document.make_indirect(pikepdf.Array([pikepdf.Dictionary(annotation)]))
    out = io.BytesIO()
    if encrypt:
        document.save(out, encryption=pikepdf.Encryption(owner="owner", user=""))
    else:
        document.save(out, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def javascript_pdf() -> bytes:
    action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    return pdf(root={"/OpenAction": action})


def obfuscated(data: bytes, name: bytes) -> bytes:
    """The same PDF with a name written with #xx escapes (/JavaScript as /J#61vaScript)."""
    escaped = name[:2] + b"".join(b"#%02x" % c for c in name[2:3]) + name[3:]
    assert name in data
    return data.replace(name, escaped)


def docx(*, rels: str = "", types: str = "", extra: dict[str, bytes] | None = None) -> bytes:
    """A Word package; `rels` is the body of word/_rels/document.xml.rels."""
    out = io.BytesIO()
    ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            f'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">{types}</Types>',
        )
        zf.writestr("word/document.xml", "<w:document/>")
        zf.writestr("word/_rels/document.xml.rels", f'<Relationships xmlns="{ns}">{rels}</Relationships>')
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return out.getvalue()
