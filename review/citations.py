"""Inline citations on a medical page: their numbers and the reviewer's checks.

One reading of the page serves the API (the order of first citation,
``cited_in_order``, from which ``pages.representations.citation_numbers`` numbers
the references) and the medical reviewer (what to fix before approving,
``citation_report``). It
walks a page's ``body`` through its blocks without knowing them: a block that makes
an efficacy claim says so with ``claims_efficacy = True`` (the numbered findings of
``pages.blocks``), so this app does not import the pages app above it.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import BaseTypedTableBlock
from wagtail.rich_text import RichText

from snippets.inline_citations import cited_reference_ids, first_citation_order
from snippets.models import Reference


def _children(block: blocks.Block, value) -> Iterator[tuple[blocks.Block, object]]:
    if value is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for child in value:
            yield child.block, child.value
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield block.child_block, item
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield child_block, value.get(name)
    elif isinstance(block, BaseTypedTableBlock):
        # Row by row, each from left to right (a data table's rich-text cells
        # may cite).
        for row in value.row_data:
            for column, cell in zip(value.columns, row["values"], strict=False):
                yield column["block"], cell


def _cited(block: blocks.Block, value) -> Iterator[int]:
    """Reference ids cited anywhere in ``value``, in reading order."""
    if isinstance(value, RichText):
        yield from cited_reference_ids(value.source)
    for child_block, child_value in _children(block, value):
        yield from _cited(child_block, child_value)


def _claims(
    block: blocks.Block, value, section: str = ""
) -> Iterator[tuple[str, list[int]]]:
    """``(label, cited ids)`` of every block in ``value`` that makes an efficacy
    claim; the label names the section it stands in."""
    if getattr(block, "claims_efficacy", False):
        label = str(block.label)
        yield (
            (f'{label} in "{section}"' if section else label),
            list(_cited(block, value)),
        )
        return
    if isinstance(block, blocks.StructBlock) and value is not None:
        section = value.get("heading") or section
    for child_block, child_value in _children(block, value):
        yield from _claims(child_block, child_value, str(section))


def _body(page) -> tuple[blocks.Block, object] | None:
    body = getattr(page, "body", None)
    if body is None:
        return None
    return page._meta.get_field("body").stream_block, body


def cited_in_order(page) -> list[int]:
    """The references ``page``'s body cites, each where it is first cited."""
    body = _body(page)
    return first_citation_order(_cited(*body)) if body else []


def listed_ids(page) -> list[int]:
    """Ids in the page's references list, in list order, deleted ones included."""
    references = getattr(page, "references", None)
    if references is None:
        return []
    return [
        int(item["value"])
        for item in references.raw_data
        if str(item.get("value", "")).isdigit()
    ]


@dataclass
class CitationReport:
    """What a reviewer checks about the citations of one version of a page."""

    uncited: list[Reference] = field(default_factory=list)
    unlisted: list[Reference] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    claims_without_citation: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.uncited
            or self.unlisted
            or self.deleted
            or self.claims_without_citation
        )


def citation_report(page) -> CitationReport:
    """References listed but never cited, citations of references missing from the
    list (or deleted), and efficacy claims without a citation."""
    listed = listed_ids(page)
    cited = cited_in_order(page)
    existing = Reference.objects.in_bulk(set(listed) | set(cited))
    listed_set, cited_set = set(listed), set(cited)
    body = _body(page)
    return CitationReport(
        uncited=[
            existing[pk]
            for pk in dict.fromkeys(listed)
            if pk not in cited_set and pk in existing
        ],
        unlisted=[
            existing[pk] for pk in cited if pk not in listed_set and pk in existing
        ],
        deleted=[pk for pk in cited if pk not in existing],
        claims_without_citation=[
            label for label, ids in (_claims(*body) if body else []) if not ids
        ],
    )
