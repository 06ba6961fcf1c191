"""Plain functions that turn pages into API dicts, shared by blocks and API fields.

API requests call ``preload_pages`` (see ``.preload``) before serialising, so these
functions find every object they show already loaded.
"""

from typing import Any, Literal, TypeGuard

from django.conf import settings
from django.utils.translation import get_language_info

from wagtail.models import Page, PageViewRestriction

from rest_framework import serializers

from cms.configuration import configuration
from cms.translations import translation_state as sync_state
from cms.translations import translation_states as sync_states
from review.citations import cited_in_order, listed_ids
from snippets.inline_citations import reference_numbers
from snippets.representations import (
    doctor_summary,
    image_representation,
    once_per_request,
    reference_is_public,
    reference_representation,
)

from .preload import (
    Preloaded,
    frontend_root,
    full_url,
    locales,
    page_link_ids,
    preload_pages,
    preloaded,
    prepare_pages,
    unread_stream_fields,
    url_parts,
)

__all__ = [
    "Preloaded",
    "RepresentationField",
    "alternate_names",
    "alternates",
    "author",
    "card_image",
    "citation_numbers",
    "frontend_root",
    "full_url",
    "hero_image",
    "language_versions",
    "locale_code",
    "locales",
    "medical_codes",
    "medical_review",
    "numbered_references",
    "page_direction",
    "page_is_public",
    "page_link",
    "page_link_ids",
    "page_path",
    "preload_pages",
    "preloaded",
    "prepare_pages",
    "related_pages",
    "restricted_paths",
    "seo",
    "table_of_contents",
    "text_direction",
    "translation_state",
    "unread_stream_fields",
    "url_parts",
]


def restricted_paths(context: dict | None) -> tuple[str, ...]:
    """Tree paths of every page under a view restriction, loaded once per request
    (once per process while ``cms.configuration`` can keep it)."""
    return configuration.read_for(context, "restricted_page_paths", _restricted_paths)


def _restricted_paths() -> tuple[str, ...]:
    return tuple(PageViewRestriction.objects.values_list("page__path", flat=True))


def page_is_public(page: Page | None, context: dict | None = None) -> TypeGuard[Page]:
    """Live, and neither the page nor an ancestor is under a view restriction."""
    if page is None or not page.live:
        return False
    return not any(page.path.startswith(path) for path in restricted_paths(context))


def page_path(page: Page) -> str | None:
    """The page's path on the frontend, with the locale prefix for translations."""
    parts = url_parts(page)
    if parts is None:
        return None
    return parts[2]


def page_type(page: Page) -> str:
    """The page's type as the API names it everywhere, e.g. "pages.ConditionPage"."""
    model = page.specific_class or type(page)
    return f"{model._meta.app_label}.{model.__name__}"


def page_link(page: Page | None, context: dict | None = None) -> dict[str, Any] | None:
    """A chosen page as a frontend needs it to render a link or a card."""
    return once_per_request(_page_link, page, context)


def _page_link(page: Page | None, context: dict | None) -> dict[str, Any] | None:
    if not page_is_public(page, context):
        return None
    specific = page.specific_deferred
    return {
        "id": page.pk,
        "type": page_type(page),
        "title": page.title,
        "path": page_path(page),
        "locale": locale_code(page, context),
        "summary": getattr(specific, "summary", "") or page.search_description or "",
    }


def locale_code(page: Page, context: dict | None = None) -> str:
    """The page's language code, without a query per page."""
    return locales(context)[page.locale_id].language_code


def text_direction(language_code: str) -> Literal["ltr", "rtl"]:
    """How text in the language runs (Django's ``bidi``): "rtl" for Arabic."""
    try:
        bidi = get_language_info(language_code)["bidi"]
    except KeyError:
        bidi = False
    return "rtl" if bidi else "ltr"


def page_direction(page: Page, context: dict | None = None) -> str:
    """How the page's language runs: its ``meta.direction``."""
    return text_direction(locale_code(page, context))


def hero_image(page: Page, context: dict | None = None) -> dict[str, Any] | None:
    return image_representation(
        page.hero_image,
        alt=getattr(page, "hero_alt_text", ""),
        context=context,
        fallback_alt=page.title,
    )


def card_image(page: Page, context: dict | None = None) -> dict[str, Any] | None:
    return image_representation(page.image, context=context, fallback_alt=page.title)


def author(page: Page, context: dict | None = None) -> dict[str, Any] | None:
    return doctor_summary(page.author, context)


def alternate_names(page: Page, context: dict | None = None) -> list[str]:
    return [child.value for child in page.alternate_names]


def medical_codes(page: Page, context: dict | None = None) -> list[dict[str, str]]:
    """A condition's codes, in the editor's order: ``{"system", "value"}``."""
    return [{"system": code.system, "value": code.value} for code in page.codes.all()]


def table_of_contents(page: Page, context: dict | None = None) -> list[dict[str, str]]:
    """One entry per section, in page order, for a frontend's table of contents."""
    return [
        {"anchor": child.value["anchor"], "heading": child.value["heading"]}
        for child in page.body
        if child.block_type == "section"
    ]


def medical_review(page: Page, context: dict | None = None) -> dict[str, Any]:
    return {
        "reviewer": doctor_summary(page.reviewed_by, context),
        "last_reviewed": page.last_reviewed,
        "next_review_due": page.next_review_due,
        "is_overdue": page.review_is_overdue,
        "status": page.review_status.value,
    }


_CITATION_NUMBERS_KEY = "_citation_numbers"


def citation_numbers(page: Page, context: dict | None = None) -> dict[int, int]:
    """Reference id -> number on ``page``: the references it lists and readers may
    see, numbered in the order of their first citation in the body, then those never
    cited in the order of the list. Worked out once per page and request."""
    cache = context.setdefault(_CITATION_NUMBERS_KEY, {}) if context is not None else {}
    key = (page.pk, id(page))
    if key not in cache:
        if not hasattr(page, "references"):
            cache[key] = {}
        else:
            shown = {
                child.value.pk
                for child in page.references
                if reference_is_public(child.value)
            }
            listed = [pk for pk in listed_ids(page) if pk in shown]
            cache[key] = reference_numbers(listed, cited_in_order(page))
    return cache[key]


def numbered_references(
    page: Page, context: dict | None = None
) -> list[dict[str, Any]]:
    """The page's references, each once, numbered as the body cites them
    (``citation_numbers``) and in the order of those numbers."""
    numbers = citation_numbers(page, context)
    references = {
        child.value.pk: child.value
        for child in page.references
        if child.value is not None and child.value.pk in numbers
    }
    shown = (
        (numbers[pk], reference_representation(reference, context))
        for pk, reference in references.items()
    )
    return [
        {"number": number, **reference}
        for number, reference in sorted(shown, key=lambda item: item[0])
        if reference
    ]


def related_pages(page: Page, context: dict | None = None) -> list[dict[str, Any]]:
    links = (page_link(child.value, context) for child in page.related_pages)
    return [link for link in links if link]


def alternates(page: Page, context: dict | None = None) -> list[dict[str, Any]]:
    """Live, public versions of this page in the other languages, then, when there
    is one, ``x-default``: the version in the default language (the one to show a
    reader whose language has none). Never a draft or a restricted translation."""
    loaded = preloaded(context)
    if loaded is not None and page.translation_key in loaded.alternates:
        versions = loaded.alternates[page.translation_key]
    else:
        versions = list(page.get_translations(inclusive=True).live().order_by("path"))
        prepare_pages(versions, context)
    public = [version for version in versions if page_is_public(version, context)]
    items = [
        _alternate(version, context) for version in public if version.pk != page.pk
    ]
    default = next(
        (
            version
            for version in public
            if locale_code(version, context) == settings.LANGUAGE_CODE
        ),
        None,
    )
    if items and default is not None:
        items.append({**_alternate(default, context), "locale": "x-default"})
    return items


def _alternate(page: Page, context: dict | None) -> dict[str, Any]:
    return {
        "id": page.pk,
        "locale": locale_code(page, context),
        "title": page.title,
        "path": page_path(page),
        "url": full_url(page, context),
    }


def language_versions(page: Page, context: dict | None = None) -> list[dict[str, Any]]:
    """Every live, public version of the page (this one included), in tree order:
    what a request for the page in a language it lacks is offered instead."""
    versions = list(page.get_translations(inclusive=True).live().order_by("path"))
    prepare_pages(versions, context)
    return [
        {
            "locale": locale_code(version, context),
            "path": page_path(version),
            "url": full_url(version, context),
        }
        for version in versions
        if page_is_public(version, context)
    ]


def translation_state(page: Page, context: dict | None = None) -> dict[str, Any] | None:
    """Which page this one translates and whether it is in step with it
    (``cms.translations``); ``None`` for a page that is not a translation."""
    loaded = preloaded(context)
    if loaded is not None and any(other.pk == page.pk for other in loaded.pages):
        if loaded.translation_states is None:
            loaded.translation_states = sync_states(loaded.pages)
        state = loaded.translation_states.get(page.pk)
    else:
        state = sync_state(page)
    return state.as_dict() if state is not None else None


def seo(page: Page, context: dict | None = None) -> dict[str, Any]:
    description = page.search_description or getattr(page, "summary", "") or ""
    return {
        "title": page.seo_title or page.title,
        "description": description,
        "canonical_url": full_url(page, context),
        "social_image": image_representation(
            page.social_image, context=context, fallback_alt=page.title
        ),
    }


class RepresentationField(serializers.Field):
    """A read-only API field computed from the whole page by a representation function.

    Used in ``api_fields``: ``APIField("toc", serializer=RepresentationField(table_of_contents))``.
    The function receives the serializer context, so per-request caches are shared.
    """

    def __init__(self, function, **kwargs):
        self.function = function
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, page):
        return self.function(page, self.context)
