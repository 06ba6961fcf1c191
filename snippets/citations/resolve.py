"""Turn what an editor pastes into an ``ImportedReference``.

DOIs are resolved by doi.org content negotiation (CSL-JSON, whichever registration
agency holds the DOI), PMIDs by NCBI E-utilities (the MEDLINE record). Both base URLs
and the timeout are settings, so tests point them at a local server and a server
without network fails fast with a message rather than hanging a request.
"""

import json
import re
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from ..models.references import DOI_PATTERN, normalise_doi
from .formats import parse_bibtex, parse_csl_json, parse_medline, parse_ris
from .record import ImportedReference, ImportProblem

CSL_JSON = "application/vnd.citationstyles.csl+json"
PMID_INPUT = re.compile(
    r"^(?:PMID:?\s*|https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/)?(\d{1,10})/?$",
    re.IGNORECASE,
)
UNREACHABLE = (
    "{service} could not be reached, so nothing was filled in. Paste the record "
    "itself (BibTeX, RIS or PubMed format) or type the reference."
)


def import_reference(source: str) -> ImportedReference:
    """Read a DOI (or doi.org link), a PMID (or PubMed link), or a BibTeX, RIS,
    MEDLINE or CSL-JSON record; raise ``ImportProblem`` with a message otherwise."""
    text = source.strip()
    if not text:
        raise ImportProblem("Paste a DOI, a PMID or a reference record first.")
    if text.startswith("@"):
        imported = parse_bibtex(text)
    elif re.search(r"^TY  - ", text, re.MULTILINE):
        imported = parse_ris(text)
    elif re.search(r"^PMID- ", text, re.MULTILINE):
        imported = parse_medline(text)
    elif text[0] in "[{":
        imported = parse_csl_json(text)
    elif match := PMID_INPUT.match(text):
        imported = fetch_pubmed(match.group(1))
    elif DOI_PATTERN.match(normalise_doi(text)):
        imported = fetch_doi(normalise_doi(text))
    else:
        raise ImportProblem(
            "This is not a DOI, a PMID, or a BibTeX, RIS or PubMed (MEDLINE) record."
        )
    if imported.doi and not imported.pmid:
        imported.pmid = find_pmid(imported.doi)
    return imported


def fetch_doi(doi: str) -> ImportedReference:
    url = settings.REFERENCE_DOI_RESOLVER_URL + urllib.parse.quote(doi, safe="/")
    body = _get(
        url, accept=CSL_JSON, service="doi.org", missing=f"No record for DOI {doi}."
    )
    imported = parse_csl_json(body)
    imported.doi = imported.doi or doi
    return imported


def fetch_pubmed(pmid: str) -> ImportedReference:
    body = _eutils(
        "efetch.fcgi",
        {"db": "pubmed", "id": pmid, "rettype": "medline", "retmode": "text"},
        missing=f"PubMed has no record {pmid}.",
    )
    if "PMID- " not in body:
        raise ImportProblem(f"PubMed has no record {pmid}.")
    return parse_medline(body)


def find_pmid(doi: str) -> str:
    """The PMID PubMed files under this DOI, or "" when there is none or PubMed
    cannot be asked: a missing PMID is something the editor can add later."""
    try:
        body = _eutils(
            "esearch.fcgi",
            {"db": "pubmed", "term": f"{doi}[doi]", "retmode": "json"},
            missing="",
        )
        ids = json.loads(body)["esearchresult"]["idlist"]
    except (ImportProblem, ValueError, KeyError, TypeError):
        return ""
    return ids[0] if len(ids) == 1 else ""


def _eutils(tool: str, params: dict[str, str], missing: str) -> str:
    query = urllib.parse.urlencode({**params, "tool": settings.REFERENCE_EUTILS_TOOL})
    return _get(
        f"{settings.REFERENCE_EUTILS_URL}{tool}?{query}",
        accept="*/*",
        service="PubMed (NCBI E-utilities)",
        missing=missing,
    )


def _get(url: str, accept: str, service: str, missing: str) -> str:
    request = urllib.request.Request(  # noqa: S310 - the base URLs are settings
        url, headers={"Accept": accept, "User-Agent": settings.REFERENCE_EUTILS_TOOL}
    )
    try:
        with urllib.request.urlopen(  # noqa: S310
            request, timeout=settings.REFERENCE_LOOKUP_TIMEOUT
        ) as response:
            return response.read(2_000_000).decode("utf-8", errors="replace")
    except urllib.error.HTTPError as error:
        if error.code in (400, 404, 410):
            raise ImportProblem(missing) from error
        raise ImportProblem(UNREACHABLE.format(service=service)) from error
    except OSError as error:  # no network, refused, timed out (URLError is one)
        raise ImportProblem(UNREACHABLE.format(service=service)) from error
