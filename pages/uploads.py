"""Upload checks for images and documents, beyond Wagtail's own.

Wagtail already refuses files over ``WAGTAIL*_MAX_UPLOAD_SIZE``, images with more
than ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` pixels (decompression bombs), image
extensions outside ``WAGTAILIMAGES_EXTENSIONS`` and images whose content does not
match their extension. These forms (``WAGTAILIMAGES_IMAGE_FORM_BASE`` and
``WAGTAILDOCS_DOCUMENT_FORM_BASE``) reword those messages for editors and add what
Wagtail does not check: that a document really is what its extension says, and that
no upload carries active content (web page code, PDF scripts, Office macros,
embedded programs) that could run in a patient's or a colleague's browser.

Every form Wagtail builds for uploads uses these bases: the add and edit views, the
multiple uploader and the choosers' upload tabs.
"""

import io
import logging
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import PurePath
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
)

logger = logging.getLogger(__name__)

# Markup a browser would run if it ever treated the file as a web page.
MARKUP = re.compile(
    rb"<\s*(?:script|html|svg|iframe|!doctype\s+html)\b"
    rb"|javascript\s*:",
    re.IGNORECASE,
)
# PDF names that run code, open other files or carry files inside the document.
PDF_ACTIVE_NAMES = frozenset(
    {"JavaScript", "JS", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia", "XFA"}
)
PDF_NAME = re.compile(rb"/([A-Za-z0-9#]+)")
PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
# Bounds on what we inflate to look inside: a compressed bomb stops here.
MAX_INFLATED_BYTES = 64 * 1024 * 1024
MAX_ARCHIVE_ENTRIES = 5_000
# Office documents hold the program parts of macros, ActiveX controls and embedded
# objects under these names.
OFFICE_ACTIVE_PARTS = re.compile(
    r"(?:^|/)(?:vbaProject\.bin|vbaData\.xml|activeX/|embeddings/)|^(?:Basic|Scripts)/",
    re.IGNORECASE,
)
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
OOXML_MAIN_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def upload_error(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def read_all(uploaded) -> bytes:
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    return data


def refuse_markup(data: bytes, what: str) -> None:
    if MARKUP.search(data):
        raise upload_error(
            f"This {what} contains web page code (HTML, SVG or JavaScript), which "
            "could run in a visitor's browser. Export it again from the program "
            "that made it, or save it in another format.",
            "active_content",
        )


def pdf_names(data: bytes) -> set[str]:
    """Every PDF name in the file, ``#xx`` escapes decoded, compressed streams
    included (object streams can hide a document's actions)."""
    chunks = [data]
    inflated = 0
    for match in PDF_STREAM.finditer(data):
        try:
            chunk = zlib.decompressobj().decompress(
                match.group(1), MAX_INFLATED_BYTES - inflated
            )
        except zlib.error:
            continue
        inflated += len(chunk)
        chunks.append(chunk)
        if inflated >= MAX_INFLATED_BYTES:
            break
    names = set()
    for chunk in chunks:
        for raw in PDF_NAME.findall(chunk):
            names.add(
                re.sub(
                    rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), raw
                ).decode("latin-1")
            )
    return names


# Actions that run code, open or send to other files and addresses, or play
# media: refused wherever they are, even behind a click.
PDF_REFUSED_ACTIONS = frozenset(
    {
        "JavaScript",
        "Launch",
        "GoToR",
        "GoToE",
        "SubmitForm",
        "ImportData",
        "RichMediaExecute",
        "Rendition",
        "Sound",
        "Movie",
    }
)
# Keys that make a viewer act on its own when the document or a page opens, a
# field changes...: any action there is refused, a web link (URI) included. A
# plain jump inside the document (GoTo) may open it at a page.
PDF_AUTOMATIC_KEYS = frozenset({"OpenAction", "AA"})
PDF_HARMLESS_AUTOMATIC_ACTIONS = frozenset({"GoTo"})
# Bounds on the objects walked: a document far beyond them is refused, not read.
MAX_PDF_OBJECTS = 200_000


def pdf_objects(reader: PdfReader) -> Iterator[PdfObject]:
    """Every object of the document: the trailer and each object of the
    cross-reference table, those packed in object streams included, whatever the
    streams' filters (Flate, ASCIIHex, ASCII85, LZW, run-length)."""
    yield reader.trailer
    numbers = {
        (number, generation)
        for generation, entries in reader.xref.items()
        for number in entries
    } | {(number, 0) for number in reader.xref_objStm}
    if len(numbers) > MAX_PDF_OBJECTS:
        raise ValueError(f"{len(numbers)} objects")
    for number, generation in sorted(numbers):
        yield reader.get_object(IndirectObject(number, generation, reader))


def pdf_action_type(value) -> str | None:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    if isinstance(value, DictionaryObject):
        kind = value.get("/S")
        return str(kind).lstrip("/") if isinstance(kind, NameObject) else "unknown"
    return None


def pdf_findings(obj) -> set[str]:
    """What a document's objects hold that we refuse (names as in the PDF)."""
    found: set[str] = set()
    pending = [obj]
    while pending:
        item = pending.pop()
        if isinstance(item, DictionaryObject):
            for key, value in item.items():
                name = str(key).lstrip("/")
                if name in PDF_ACTIVE_NAMES:
                    found.add(name)
                if name in PDF_AUTOMATIC_KEYS:
                    actions = (
                        [pdf_action_type(v) for v in value.values()]
                        if name == "AA" and isinstance(value, DictionaryObject)
                        else [pdf_action_type(value)]
                    )
                    found.update(
                        f"{name} {action}"
                        for action in actions
                        if action is not None
                        and action not in PDF_HARMLESS_AUTOMATIC_ACTIONS
                    )
                if name == "S" and isinstance(value, NameObject):
                    action = str(value).lstrip("/")
                    if action in PDF_REFUSED_ACTIONS:
                        found.add(action)
                if not isinstance(value, IndirectObject):
                    pending.append(value)
        elif isinstance(item, ArrayObject):
            pending.extend(v for v in item if not isinstance(v, IndirectObject))
    return found


def parse_pdf(data: bytes) -> set[str]:
    """``pdf_findings`` of every object of the document, read with a real PDF
    parser; a document it cannot read is refused, never waved through."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise upload_error(
                "This PDF is encrypted or password-protected, so we cannot check "
                "what it contains. Save a copy without a password and upload that.",
                "cannot_inspect",
            )
        found: set[str] = set()
        for obj in pdf_objects(reader):
            found |= pdf_findings(obj)
        return found
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as error:
        logger.info("Refused an unreadable PDF: %s", error)
        raise upload_error(
            "This PDF is damaged or built in a way we cannot read, so we cannot "
            'check what it contains. Print it to a new PDF ("Save as PDF") and '
            "upload that.",
            "cannot_inspect",
        ) from None


def check_pdf(data: bytes) -> None:
    if b"%PDF-" not in data[:1024]:
        raise upload_error(
            "This file is called .pdf but is not a PDF document. Export it as PDF "
            "again, or upload it with its real extension.",
            "not_what_it_says",
        )
    # The byte scan also sees objects the parser skips (left out of the
    # cross-reference table, yet found by lenient viewers).
    active = sorted((pdf_names(data) & PDF_ACTIVE_NAMES) | parse_pdf(data))
    if active:
        raise upload_error(
            "This PDF contains scripts, actions or attached files "
            f"({', '.join(active)}), which we do not publish. Print it to a new PDF "
            '("Save as PDF") or export it without them, and upload that.',
            "active_content",
        )


def open_archive(uploaded, extension: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(uploaded)
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise upload_error(
            f"This file is called .{extension} but is not a valid .{extension} "
            "document. Save it again from your word processor or spreadsheet, or "
            "upload it with its real extension.",
            "not_what_it_says",
        ) from None
    if len(entries) > MAX_ARCHIVE_ENTRIES or (
        sum(entry.file_size for entry in entries) > MAX_INFLATED_BYTES
    ):
        raise upload_error(
            f"This .{extension} document unpacks to more than "
            f"{filesizeformat(MAX_INFLATED_BYTES)}. Split it or remove large "
            "embedded pictures, and upload it again.",
            "archive_too_large",
        )
    return archive


def refuse_office_active_parts(archive: zipfile.ZipFile, extension: str) -> None:
    names = archive.namelist()
    content_types = ""
    if "[Content_Types].xml" in names:
        content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    if any(OFFICE_ACTIVE_PARTS.search(name) for name in names) or (
        "macroEnabled" in content_types
    ):
        raise upload_error(
            f"This .{extension} document contains macros, ActiveX controls or "
            "embedded objects, which we do not publish. Save a copy without them "
            f"(as a plain .{extension}) and upload that.",
            "active_content",
        )


# Relationships that may point outside the document: links a reader follows
# only when clicked. Anything else external (a template, a frame, an OLE object,
# a sub-document, a picture) is fetched when the document opens.
OOXML_EXTERNAL_ALLOWED = ("/hyperlink",)
OOXML_RELATIONSHIP = (
    "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
)


def parse_xml_part(archive: zipfile.ZipFile, name: str, extension: str):
    data = archive.read(name)
    # No document type declarations: nothing to expand (entity bombs, external
    # entities), and Office never writes one.
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise upload_error(
            f"This .{extension} document contains XML declarations we do not "
            f"accept. Save it again as .{extension} and upload that.",
            "active_content",
        )
    try:
        return ElementTree.fromstring(data)  # noqa: S314 - no DTD, checked above
    except ElementTree.ParseError:
        raise upload_error(
            f"This .{extension} document is damaged ({name} cannot be read). Save "
            f"it again as .{extension} and upload that.",
            "cannot_inspect",
        ) from None


def refuse_external_parts(archive: zipfile.ZipFile, extension: str) -> None:
    """Refuse relationships that load something from outside the document when it
    opens, e.g. a remote template (``word/_rels/settings.xml.rels``)."""
    for name in archive.namelist():
        if not name.endswith(".rels"):
            continue
        for relationship in parse_xml_part(archive, name, extension).iter(
            OOXML_RELATIONSHIP
        ):
            if relationship.get("TargetMode", "").lower() == "external" and not (
                relationship.get("Type", "").endswith(OOXML_EXTERNAL_ALLOWED)
            ):
                raise upload_error(
                    f"This .{extension} document loads content from outside itself "
                    f"({relationship.get('Type', '').rsplit('/', 1)[-1] or 'unknown'}: "
                    f"{relationship.get('Target', '')[:100]}) when it opens. Save a "
                    f"copy with everything embedded (or without it) as a plain "
                    f".{extension} and upload that.",
                    "external_content",
                )


XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# Elements whose link is followed only when clicked.
ODF_LINK_ELEMENTS = frozenset(
    {
        "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}a",
        "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}a",
    }
)
ODF_CONTENT_PARTS = ("content.xml", "styles.xml")


def refuse_odf_external_parts(archive: zipfile.ZipFile, extension: str) -> None:
    """Refuse pictures, sections and objects an OpenDocument file loads from a web
    address or another file when it opens (``xlink:href`` outside a link)."""
    names = set(archive.namelist())
    for part in ODF_CONTENT_PARTS:
        if part not in names:
            continue
        for element in parse_xml_part(archive, part, extension).iter():
            target = element.get(XLINK_HREF, "")
            if element.tag in ODF_LINK_ELEMENTS or not target:
                continue
            if ":" in target or target.startswith(("/", "\\", "..")):
                raise upload_error(
                    f"This .{extension} document loads content from outside "
                    f"itself ({target[:100]}) when it opens. Save a copy with "
                    f"everything embedded as a plain .{extension} and upload that.",
                    "external_content",
                )


def check_ooxml(uploaded, extension: str) -> None:
    archive = open_archive(uploaded, extension)
    names = set(archive.namelist())
    if not {"[Content_Types].xml", OOXML_MAIN_PARTS[extension]} <= names:
        raise upload_error(
            f"This file is called .{extension} but its content is another kind of "
            f"document. Save it as .{extension} again, or upload it with its real "
            "extension.",
            "not_what_it_says",
        )
    refuse_office_active_parts(archive, extension)
    refuse_external_parts(archive, extension)


def check_odt(uploaded, extension: str) -> None:
    archive = open_archive(uploaded, extension)
    names = archive.namelist()
    if "mimetype" not in names or archive.read("mimetype").strip() != ODT_MIMETYPE:
        raise upload_error(
            "This file is called .odt but is not an OpenDocument text. Save it as "
            ".odt again, or upload it with its real extension.",
            "not_what_it_says",
        )
    refuse_office_active_parts(archive, extension)
    refuse_odf_external_parts(archive, extension)


def check_text(data: bytes, extension: str) -> None:
    if b"\x00" in data:
        raise upload_error(
            f"This file is called .{extension} but is not plain text (it holds "
            "binary data). Upload it with its real extension.",
            "not_what_it_says",
        )
    refuse_markup(data, "text file")


def check_document_content(uploaded) -> None:
    """Refuse a document that is not what its extension says or carries active
    content. ``uploaded`` is a Django ``UploadedFile``."""
    extension = PurePath(uploaded.name or "").suffix.lower().lstrip(".")
    checks: dict[str, Callable[[], None]] = {
        "pdf": lambda: check_pdf(read_all(uploaded)),
        "docx": lambda: check_ooxml(uploaded, extension),
        "xlsx": lambda: check_ooxml(uploaded, extension),
        "odt": lambda: check_odt(uploaded, extension),
        "txt": lambda: check_text(read_all(uploaded), extension),
        "csv": lambda: check_text(read_all(uploaded), extension),
    }
    allowed = [ext for ext in settings.WAGTAILDOCS_EXTENSIONS if ext in checks]
    if extension not in allowed:
        raise upload_error(
            f"Files of type .{extension or '(none)'} cannot be uploaded. Accepted "
            f"types: {', '.join('.' + ext for ext in allowed)}. Web pages (.html), "
            "SVG drawings and programs are never accepted.",
            "unsupported_type",
        )
    try:
        checks[extension]()
    finally:
        uploaded.seek(0)


class ClinicImageForm(BaseImageForm):
    """Wagtail's image form, with messages an editor can act on and no web page
    code hidden inside an image file."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            field = self.fields["file"]
            field.error_messages.update(
                {
                    "invalid_image_extension": (
                        "Only these image types can be uploaded: "
                        f"{field.supported_formats_text}. SVG drawings and other "
                        "formats are not accepted: export the picture as PNG or JPEG."
                    ),
                    "invalid_image_known_format": (
                        "This is really a %(image_format)s image, not a "
                        ".%(extension)s file as its name says. Rename it with the right "
                        "extension, or export it again as .%(extension)s."
                    ),
                    "file_too_large": (
                        "This file is %(file_size)s; images can be at most "
                        "%(max_filesize)s. Save it at a smaller size and upload it "
                        "again."
                    ),
                    "file_too_many_pixels": (
                        "This image has %(num_pixels)s pixels; images can have at "
                        "most %(max_pixels_count)s. Resize it (4,000 pixels on the "
                        "longest side is plenty) and upload it again."
                    ),
                }
            )

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded is not None and "file" in self.changed_data:
            refuse_markup(read_all(uploaded), "image")
        return uploaded


class ClinicDocumentForm(BaseDocumentForm):
    """Wagtail's document form, refusing files that are not what their extension
    says and files with active content."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].error_messages["file_too_large"] = (
                "This file is %(file_size)s; documents can be at most "
                "%(max_filesize)s. Compress it or split it, and upload it again."
            )

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded is not None and "file" in self.changed_data:
            check_document_content(uploaded)
        return uploaded
