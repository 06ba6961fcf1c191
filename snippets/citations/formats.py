"""Readers for the record formats an editor pastes or a service returns.

BibTeX and RIS are read by their libraries (bibtexparser, rispy); MEDLINE, PubMed's
own text format, has no maintained Python reader, so ``parse_medline`` follows
NLM's field list for the few fields a citation needs.
"""

import json
import re
from typing import Any

import bibtexparser
import rispy  # type: ignore[import-untyped]
from bibtexparser import middlewares

from ..models.references import normalise_doi
from .record import (
    ImportedReference,
    ImportProblem,
    clean_title,
    initials_of,
    page_range,
    year_of,
)

PMID_NOTE = re.compile(r"\bPMID:?\s*(\d{1,10})\b", re.IGNORECASE)


def _first(*values: Any) -> str:
    for value in values:
        if isinstance(value, list):
            value = value[0] if value else ""
        if value:
            return str(value).strip()
    return ""


def _doi(value: str) -> str:
    return normalise_doi(value) if value else ""


def parse_csl_json(text: str) -> ImportedReference:
    """CSL-JSON, as doi.org content negotiation answers (Crossref, DataCite, mEDRA)."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ImportProblem(
            "The DOI service answered without citation data."
        ) from error
    if isinstance(data, list):
        data = data[0] if len(data) == 1 else {}
    if not isinstance(data, dict) or not data.get("title"):
        raise ImportProblem("The citation data has no title.")
    date_parts = (data.get("issued") or {}).get("date-parts") or [[None]]
    return ImportedReference(
        title=clean_title(_first(data.get("title"))),
        authors=[
            (person["family"], initials_of(person.get("given", "")))
            for person in data.get("author", [])
            if person.get("family")
        ],
        # The model keeps PubMed's abbreviation when the record has one.
        journal=_first(
            data.get("container-title-short"),
            data.get("journalAbbreviation"),
            data.get("container-title"),
        ),
        year=date_parts[0][0] if date_parts[0] else None,
        volume=_first(data.get("volume")),
        issue=_first(data.get("issue")),
        pages=page_range(_first(data.get("page"))),
        doi=_doi(_first(data.get("DOI"))),
        pmid=_first(data.get("PMID")),
    )


def parse_medline(text: str) -> ImportedReference:
    """A PubMed record in MEDLINE format (PubMed's "Save: PubMed format", efetch
    ``rettype=medline``): four-character tags, "- ", continuation lines indented."""
    fields: dict[str, list[str]] = {}
    tag = ""
    for line in text.splitlines():
        if line[:6].strip() and line[4:6] == "- ":
            tag = line[:4].strip()
            fields.setdefault(tag, []).append(line[6:].strip())
        elif tag and line.startswith("      "):
            fields[tag][-1] += " " + line.strip()
    if "PMID" not in fields:
        raise ImportProblem("This MEDLINE record has no PMID line.")
    doi = ""
    for identifier in fields.get("LID", []) + fields.get("AID", []):
        if identifier.endswith("[doi]"):
            doi = _doi(identifier.removesuffix("[doi]").strip())
            break
    authors = []
    for name in fields.get("AU", []):
        family, _, initials = name.rpartition(" ")
        if not family or not initials.isupper():
            family, initials = name, ""
        authors.append((family, initials))
    return ImportedReference(
        title=clean_title(_first(fields.get("TI"))),
        authors=authors,
        journal=_first(fields.get("TA"), fields.get("JT")),
        year=year_of(_first(fields.get("DP"))),
        volume=_first(fields.get("VI")),
        issue=_first(fields.get("IP")),
        pages=page_range(_first(fields.get("PG"))),
        doi=doi,
        pmid=_first(fields.get("PMID")),
    )


def parse_bibtex(text: str) -> ImportedReference:
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            middlewares.LatexDecodingMiddleware(),
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
        ],
    )
    if len(library.entries) != 1:
        raise ImportProblem("Paste exactly one BibTeX entry (@article{…}).")
    entry = {
        key.lower(): field.value
        for key, field in library.entries[0].fields_dict.items()
    }
    authors = [
        (" ".join(name.von + name.last), initials_of(" ".join(name.first)))
        for name in entry.get("author", [])
        if name.last
    ]
    pmid_note = PMID_NOTE.search(_first(entry.get("note"), entry.get("extra")))
    eprint = _first(entry.get("eprint"))
    if _first(entry.get("eprinttype")).lower() != "pmid":
        eprint = ""  # biblatex's eprint is a PMID only with eprinttype = pmid
    return ImportedReference(
        title=clean_title(_first(entry.get("title"))),
        authors=authors,
        journal=_first(
            entry.get("shortjournal"),
            entry.get("journal-abbrev"),
            entry.get("journalabbrev"),
            entry.get("journal"),
            entry.get("journaltitle"),
        ),
        year=year_of(_first(entry.get("year"), entry.get("date"))),
        volume=_first(entry.get("volume")),
        issue=_first(entry.get("number"), entry.get("issue")),
        pages=page_range(_first(entry.get("pages"))),
        doi=_doi(_first(entry.get("doi"))),
        pmid=_first(entry.get("pmid"), eprint, pmid_note.group(1) if pmid_note else ""),
    )


def parse_ris(text: str) -> ImportedReference:
    try:
        entries = rispy.loads(text.strip() + "\n")
    except Exception as error:
        raise ImportProblem(f"This RIS record could not be read ({error}).") from error
    if len(entries) != 1:
        raise ImportProblem("Paste exactly one RIS record (TY  - … ER  - ).")
    entry = entries[0]
    authors = []
    for name in entry.get("authors") or entry.get("first_authors") or []:
        family, _, given = name.partition(",")
        authors.append((family.strip(), initials_of(given)))
    # An accession number is a PMID only when the record says it came from PubMed.
    database = " ".join(
        _first(entry.get(key)) for key in ("name_of_database", "database_provider")
    ).lower()
    accession = _first(entry.get("accession_number"))
    if not accession.isdigit() or not any(
        name in database for name in ("pubmed", "medline", "nlm")
    ):
        accession = ""
    pmid_note = PMID_NOTE.search(" ".join(entry.get("notes", [])))
    return ImportedReference(
        title=clean_title(_first(entry.get("title"), entry.get("primary_title"))),
        authors=authors,
        journal=_first(
            entry.get("alternate_title1"),  # J2, the abbreviation
            entry.get("alternate_title2"),  # JA
            entry.get("journal_name"),
            entry.get("secondary_title"),
            entry.get("alternate_title3"),
        ),
        year=year_of(_first(entry.get("year"), entry.get("publication_year"))),
        volume=_first(entry.get("volume")),
        issue=_first(entry.get("number")),
        pages=page_range(
            _first(entry.get("start_page")), _first(entry.get("end_page"))
        ),
        doi=_doi(_first(entry.get("doi"))),
        pmid=accession or (pmid_note.group(1) if pmid_note else ""),
    )
