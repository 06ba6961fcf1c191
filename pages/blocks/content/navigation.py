"""Navigation blocks: page links, links and related content."""

from wagtail import blocks

from cms.openapi import STRING, nullable, obj, ref

from ...representations import page_link
from ..compare import ReadableComparisonMixin
from .base import ChecksTogetherMixin, OmitsMissingChoicesMixin


class PageLinkChooserBlock(blocks.PageChooserBlock):
    """A chosen page; in the API, its id, type, title and path (never a bare id).

    Pages that are not live or sit under a view restriction come out as ``None``.
    """

    api_schema = nullable(ref("PageLink"))

    def get_api_representation(self, value, context=None):
        return page_link(value, context)


class LinkBlock(ChecksTogetherMixin, blocks.StructBlock):
    """A call to read more: an internal page or an external address, with a label."""

    label = blocks.CharBlock(max_length=80, help_text='Link text, e.g. "Learn more".')
    page = PageLinkChooserBlock(required=False, help_text="A page on this site…")
    url = blocks.URLBlock(required=False, help_text="…or an address on another site.")

    api_schema = obj(
        {
            "label": STRING,
            "page": nullable(ref("PageLink")),
            "url": {
                "type": "string",
                "description": "The page's path, or the external address.",
            },
            "external": {"type": "boolean"},
        }
    )

    def cross_field_errors(self, value, submitted) -> dict[str, str]:
        if bool(value.get("page")) == bool(value.get("url")):
            return {
                "page": "Choose either a page or an external address (one of the two)."
            }
        return {}

    def get_api_representation(self, value, context=None):
        page = page_link(value.get("page"), context)
        return {
            "label": value.get("label"),
            "page": page,
            "url": page["path"] if page else value.get("url", ""),
            "external": not value.get("page"),
        }

    class Meta:
        icon = "link"
        label = "Link"
        group = "Navigation"
        description = 'A "Learn more" or "Read more" link to a page or another site.'
        preview_value = {"label": "Learn more", "url": "https://example.org/"}


class RelatedContentBlock(
    OmitsMissingChoicesMixin, ReadableComparisonMixin, blocks.StructBlock
):
    chosen_list = "items"

    heading = blocks.CharBlock(max_length=120, default="May interest you")
    items = blocks.ListBlock(PageLinkChooserBlock(), min_num=1, label="Pages")

    class Meta:
        icon = "doc-empty-inverse"
        label = "Related content"
        group = "Navigation"
        description = (
            "Cards linking to related articles, videos, therapies or conditions."
        )


# Migrations name this block by its package path (see content/__init__.py).
DECONSTRUCT_ALIASES = {
    PageLinkChooserBlock: "pages.blocks.content.PageLinkChooserBlock",
}
