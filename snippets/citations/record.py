"""The reference an import produces, and the small normalisations every format shares."""

import re
from dataclasses import dataclass, field

# MEDLINE records before 2000 append the collective author to the title
# ("... sclerosis. ALS/Riluzole Study Group."), and exports made from them copy it.
GROUP_SUFFIX = re.compile(
    r"(?<=[.?!])\s+(?:The\s+)?[^.?!]*\b(?:Group|Investigators|Consortium|Collaborators|Trialists|Committee)\.?$"
)
PAGE_RANGE = re.compile(r"^\s*(\w*?)(\d+)\s*(?:-+|–|—)\s*(\w*?)(\d+)\s*$")


class ImportProblem(Exception):
    """An input that gives no reference; the message is shown to the editor as is."""


@dataclass
class ImportedReference:
    """A reference read from an identifier or a record, not yet saved.

    Authors are ``(family_name, initials)`` pairs in citation order, as the
    ``ReferenceAuthor`` rows store them. Group authors (consortia, study groups)
    are left out: Vancouver lists them after the people, and each format spells
    them differently, so the editor adds one by hand when the citation needs it.
    """

    title: str = ""
    authors: list[tuple[str, str]] = field(default_factory=list)
    journal: str = ""
    year: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""


def initials_of(given_names: str) -> str:
    """NLM initials of the given names: "Jean-Pierre" gives "JP", "A. R." gives "AR".

    A token already written as initials ("AR", as PubMed and some RIS exports
    give them) is kept whole.
    """
    letters = []
    for token in re.split(r"[\s.\-‐]+", given_names.strip()):
        if not token:
            continue
        if token.isupper() and len(token) <= 3:
            letters.append(token)
        else:
            letters.append(token[0].upper())
    return "".join(letters)


def clean_title(title: str) -> str:
    """Collapse whitespace, drop an appended group author and one closing full stop
    (MEDLINE ends titles with one, the citation adds its own)."""
    title = GROUP_SUFFIX.sub("", " ".join(title.split()))
    return title[:-1] if title.endswith(".") else title


def page_range(first: str, last: str = "") -> str:
    """One spelling for pages: "585-591", whether written "585--591", "585–591",
    "585-91" (MEDLINE's abbreviated end page) or as separate first and last pages."""
    text = f"{first}-{last}" if first and last else first or last
    match = PAGE_RANGE.match(text or "")
    if not match:
        return (text or "").strip()
    start_prefix, start, end_prefix, end = match.groups()
    if len(end) < len(start) and not end_prefix:
        end = start[: len(start) - len(end)] + end
    return f"{start_prefix}{start}-{end_prefix or start_prefix}{end}"


def year_of(text: str) -> int | None:
    match = re.search(r"\b(1[5-9]\d\d|2\d\d\d)\b", text or "")
    return int(match.group(1)) if match else None
