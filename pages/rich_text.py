"""Rich text link handling for a headless site."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.utils import translation
from django.utils.html import escape

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from .representations import (
    frontend_root,
    locales,
    page_is_public,
    preloaded,
    url_parts,
)

# The serializer context of the API request being rendered, if any: while it is
# set, links are resolved from the pages the request preloaded, without queries.
_serializer_context: ContextVar[dict | None] = ContextVar(
    "rich_text_serializer_context", default=None
)


@contextmanager
def resolving_links_with(context: dict) -> Iterator[None]:
    """Resolve rich-text links from ``context``'s preloaded pages while inside."""
    token = _serializer_context.set(context)
    try:
        yield
    finally:
        _serializer_context.reset(token)


def _active_locale_id(context: dict) -> int | None:
    try:
        code = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        code = settings.LANGUAGE_CODE
    return next(
        (pk for pk, locale in locales(context).items() if locale.language_code == code),
        None,
    )


def _link_url(page: Page, context: dict | None = None) -> str | None:
    """The page's frontend path (single-site install), else its frontend URL."""
    parts = url_parts(page)
    if parts is None or parts[1] is None or parts[2] is None:
        return None
    site_id, root_url, path = parts
    sites = {root_path.site_id for root_path in page._get_site_root_paths()}
    return path if len(sites) == 1 else frontend_root(site_id, root_url, context) + path


class PublicPageLinkHandler(PageLinkHandler):
    """Internal links become frontend paths, but only to pages the public can see.

    Wagtail's own handler writes the URL of any page, so a paragraph linking to a
    draft or a members-only page would reveal its address. Here such a link keeps
    its text and loses its ``href``, until the target page is published.

    A link points to the target's live translation in the active language (the
    language of the page being serialised, in the API) when there is one.
    """

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        context = _serializer_context.get()
        if context is None or preloaded(context) is None:
            context = {}
            return [
                f'<a href="{escape(url)}">'
                if page_is_public(page, context) and (url := _link_url(page.localized))
                else "<a>"
                for page in cls.get_many(attrs_list)
            ]
        return [
            f'<a href="{escape(url)}">'
            if page_is_public(page, context)
            and (url := cls.localized_url(page, context))
            else "<a>"
            for page in cls.get_preloaded(attrs_list, context)
        ]

    @classmethod
    def get_preloaded(cls, attrs_list: list[dict], context: dict) -> list[Page | None]:
        loaded = preloaded(context)
        pages = [loaded.get(Page, attrs.get("id")) for attrs in attrs_list]
        missing = [
            attrs for attrs, page in zip(attrs_list, pages, strict=True) if page is None
        ]
        if missing:
            fetched = iter(cls.get_many(missing))
            pages = [page if page is not None else next(fetched) for page in pages]
        return pages

    @classmethod
    def localized_url(cls, page: Page, context: dict) -> str | None:
        locale_id = _active_locale_id(context)
        target = page
        if locale_id is not None and locale_id != page.locale_id:
            candidate = preloaded(context).translations.get(
                (page.translation_key, locale_id)
            )
            if candidate is not None and page_is_public(candidate, context):
                target = candidate
        return _link_url(target, context)
