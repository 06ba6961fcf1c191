"""Rich text link handling for a headless site."""

from django.utils.html import escape

from wagtail.rich_text.pages import PageLinkHandler

from .representations import page_is_public


class PublicPageLinkHandler(PageLinkHandler):
    """Internal links become frontend paths, but only to pages the public can see.

    Wagtail's own handler writes the URL of any page, so a paragraph linking to a
    draft or a members-only page would reveal its address. Here such a link keeps
    its text and loses its ``href``, until the target page is published.
    """

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        context: dict = {}
        return [
            f'<a href="{escape(page.localized.url)}">'
            if page_is_public(page, context)
            else "<a>"
            for page in cls.get_many(attrs_list)
        ]
