"""PDF checks: no scripts, launched programs, embedded files or automatic actions."""

import io
import logging
import re
import zlib
from collections.abc import Iterator

from django.core.exceptions import ValidationError

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
)

from .common import MAX_INFLATED_BYTES, upload_error

# PDF names that run code, open other files or carry files inside the document.
PDF_ACTIVE_NAMES = frozenset(
    {"JavaScript", "JS", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia", "XFA"}
)
PDF_NAME = re.compile(rb"/([A-Za-z0-9#]+)")
PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)

logger = logging.getLogger(__name__)


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
