"""Display HTML that is safe whatever was stored.

Imported modules stay free of model imports: page models use these functions.
"""

from wagtail.rich_text import expand_db_html

import nh3

# What the editor's features can produce (pages.blocks.content: bold, italic, link,
# lists, superscript, subscript; headings and images for Wagtail's defaults), and
# nothing else: no scripts, event attributes, styles, frames or forms.
SAFE_TAGS = frozenset(
    {"a", "b", "i", "strong", "em", "p", "br", "ul", "ol", "li", "sup", "sub"}
    | {"h2", "h3", "h4", "h5", "h6", "blockquote", "hr", "code", "img"}
)
SAFE_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "class"},
    "*": {"data-block-key"},
}
SAFE_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def sanitise_html(html: str) -> str:
    """``html`` with only the tags, attributes and link schemes rich text may have.

    Rich text stored without the editor (imports, the demo loader, the shell) is
    not cleaned by Wagtail's editor converter: this is the last line before the
    HTML leaves the CMS (``javascript:`` links and ``onerror`` attributes go).
    """
    return nh3.clean(
        html,
        tags=set(SAFE_TAGS),
        attributes={tag: set(names) for tag, names in SAFE_ATTRIBUTES.items()},
        url_schemes=set(SAFE_URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def public_html(source: str | None) -> str:
    """Display HTML of stored rich text: links to public pages only, sanitised.

    The API's ``html`` format (see ``api.rich_text``), the JSON-LD FAQ answers and the
    admin's plain preview all render rich text through this function.
    """
    return sanitise_html(expand_db_html(source or ""))
