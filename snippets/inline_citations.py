"""Inline citations in rich text: how they are stored and how they are rendered.

An editor cites a reference with the "citation" feature of the rich-text editor
(``snippets.rich_text``). The database HTML holds the reference's id and the label
the editor saw::

    <a linktype="citation" id="12">Mazzini L (2019)</a>

The label is for the editor only. What a reader sees is the reference's number on
the page being rendered (its place in the order of first citation,
``review.citations``), written by ``render_citations`` as::

    <a href="#ref-3" class="citation" data-reference-id="12">[3]</a>

A citation whose reference has no number on the page (deleted, not in the page's
references list, or not approved yet) is the plain text ``[?]``, never a link to
nowhere; the medical reviewer is shown each of those before approving.

Plain functions on strings: no models are imported here, so the sanitiser and the
review's analysis can use them at any layer.
"""

import re
from collections.abc import Iterable, Mapping

LINKTYPE = "citation"
ENTITY_TYPE = "CITATION"
UNRESOLVED_MARKER = "[?]"

# Draftail writes attributes in a fixed order, but imports and the shell may not:
# the element is found by its linktype and its id read wherever it stands.
CITATION_ELEMENT = re.compile(
    r'<a\b(?=[^>]*\blinktype="citation")([^>]*)>.*?</a>', re.IGNORECASE | re.DOTALL
)
ID_ATTRIBUTE = re.compile(r'\bid="(\d+)"')


def anchor(number: int) -> str:
    """The id a frontend gives the reference numbered ``number`` in its list."""
    return f"ref-{number}"


def _reference_id(attributes: str) -> int | None:
    match = ID_ATTRIBUTE.search(attributes)
    return int(match.group(1)) if match else None


def cited_reference_ids(html: str) -> list[int]:
    """The ids of the references ``html`` cites, in order, repeats included."""
    return [
        reference_id
        for match in CITATION_ELEMENT.finditer(html or "")
        if (reference_id := _reference_id(match.group(1))) is not None
    ]


def first_citation_order(ids: Iterable[int]) -> list[int]:
    """``ids`` without repeats, each where it is first cited."""
    return list(dict.fromkeys(ids))


def reference_numbers(listed: Iterable[int], cited: Iterable[int]) -> dict[int, int]:
    """Number each listed reference: the cited ones in the order of their first
    citation, then those never cited, in the order of the list. A cited reference
    that is not listed gets no number."""
    listed = list(dict.fromkeys(listed))
    listed_set = set(listed)
    order = [pk for pk in first_citation_order(cited) if pk in listed_set]
    numbered = set(order)
    order += [pk for pk in listed if pk not in numbered]
    return {pk: number for number, pk in enumerate(order, start=1)}


def citation_html(reference_id: int | None, numbers: Mapping[int, int]) -> str:
    number = numbers.get(reference_id) if reference_id is not None else None
    if number is None:
        return UNRESOLVED_MARKER
    return (
        f'<a href="#{anchor(number)}" class="citation" '
        f'data-reference-id="{reference_id}">[{number}]</a>'
    )


def render_citations(html: str, numbers: Mapping[int, int]) -> str:
    """``html`` with each stored citation replaced by its number on the page."""
    if LINKTYPE not in (html or ""):
        return html
    return CITATION_ELEMENT.sub(
        lambda match: citation_html(_reference_id(match.group(1)), numbers), html
    )
