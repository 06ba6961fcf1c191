"""Display HTML that is safe whatever was stored.

Imported modules stay free of model imports: page models use these functions.
"""

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import translation

from wagtail.rich_text import expand_db_html

import nh3

from snippets.inline_citations import LINKTYPE, render_citations

CitationNumbers = Callable[[], Mapping[int, int]]


def _no_numbers() -> Mapping[int, int]:
    return {}


# Reference id -> number on the page being rendered (``pages.representations.
# citation_numbers``), asked for only when a text holds a citation; set by
# ``numbering_citations`` around a page's serialisation. Elsewhere no citation has
# a number and each is the plain marker ``[?]``.
_citation_numbers: ContextVar[CitationNumbers] = ContextVar(
    "citation_numbers", default=_no_numbers
)


# Display HTML already rendered inside the current ``numbering_citations``, by
# stored source and language: one page's text shown twice (an FAQ answer in the body
# and in the JSON-LD) is rendered once.
_rendered: ContextVar[dict[tuple[str, str | None], str] | None] = ContextVar(
    "rendered_rich_text", default=None
)


@contextmanager
def numbering_citations(numbers: CitationNumbers) -> Iterator[None]:
    """Render inline citations with the numbers ``numbers()`` gives while inside."""
    token = _citation_numbers.set(numbers)
    rendered_token = _rendered.set({})
    try:
        yield
    finally:
        _rendered.reset(rendered_token)
        _citation_numbers.reset(token)


# What the editor's features can produce (pages.blocks.content: bold, italic, link,
# lists, superscript, subscript; headings and images for Wagtail's defaults), and
# nothing else: no scripts, event attributes, styles, frames or forms.
SAFE_TAGS = frozenset(
    {"a", "b", "i", "strong", "em", "p", "br", "ul", "ol", "li", "sup", "sub"}
    | {"h2", "h3", "h4", "h5", "h6", "blockquote", "hr", "code", "img"}
)
SAFE_ATTRIBUTES = {
    "a": {"href", "data-reference-id"},
    "img": {"src", "alt", "width", "height", "class"},
    "*": {"data-block-key"},
}
SAFE_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# The one class rich text may carry: an inline citation (``render_citations``).
SAFE_CLASSES = {"a": {"citation"}}


# Built once: ``nh3.clean`` turns its arguments into a sanitiser on every call,
# which costs about a third of cleaning a paragraph.
_CLEANER = nh3.Cleaner(
    tags=set(SAFE_TAGS),
    attributes={tag: set(names) for tag, names in SAFE_ATTRIBUTES.items()},
    url_schemes=set(SAFE_URL_SCHEMES),
    allowed_classes={tag: set(names) for tag, names in SAFE_CLASSES.items()},
    link_rel=None,
    strip_comments=True,
)


def sanitise_html(html: str) -> str:
    """``html`` with only the tags, attributes and link schemes rich text may have.

    Rich text stored without the editor (imports, the demo loader, the shell) is
    not cleaned by Wagtail's editor converter: this is the last line before the
    HTML leaves the CMS (``javascript:`` links and ``onerror`` attributes go).
    """
    return _CLEANER.clean(html)


def public_html(source: str | None) -> str:
    """Display HTML of stored rich text: links to public pages only, inline
    citations numbered for the page being rendered, sanitised.

    The API's ``html`` format (see ``api.rich_text``), the JSON-LD FAQ answers and the
    admin's plain preview all render rich text through this function.
    """
    source = source or ""
    rendered = _rendered.get()
    key = (source, translation.get_language())
    if rendered is not None and key in rendered:
        return rendered[key]
    html = source
    if LINKTYPE in html:
        html = render_citations(html, _citation_numbers.get()())
    html = sanitise_html(expand_db_html(html))
    if rendered is not None:
        rendered[key] = html
    return html
