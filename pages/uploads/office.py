"""Office documents (.docx, .xlsx, .odt): really the archive their extension says,
with no macros, ActiveX, embedded programs or external parts."""

import re
import zipfile
from xml.etree import ElementTree

from django.template.defaultfilters import filesizeformat

from .common import MAX_INFLATED_BYTES, upload_error

MAX_ARCHIVE_ENTRIES = 5_000
# Office documents hold the program parts of macros, ActiveX controls and embedded
# objects under these names.
OFFICE_ACTIVE_PARTS = re.compile(
    r"(?:^|/)(?:vbaProject\.bin|vbaData\.xml|activeX/|embeddings/)|^(?:Basic|Scripts)/",
    re.IGNORECASE,
)
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
OOXML_MAIN_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


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
