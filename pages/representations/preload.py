"""Bulk loading for API requests: a fixed number of queries, whatever the content.

``preload_pages`` reads the pages' raw StreamField data and rich text, loads every
page, image, doctor, testimonial and reference they show with one query per model
(pages: one more per page type), and rebuilds the stream values from those objects,
so the representation functions find everything in memory.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.encoding import force_str

from wagtail import blocks
from wagtail.blocks.list_block import ListValue
from wagtail.blocks.stream_block import StreamValue
from wagtail.contrib.typed_table_block.blocks import BaseTypedTableBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Locale, Page
from wagtail.rich_text.rewriters import FIND_A_TAG, extract_attrs

from cms.configuration import configuration
from snippets.models import Doctor, Reference, Testimonial

PRELOADED_KEY = "_preloaded"


@dataclass
class Preloaded:
    """Objects loaded in bulk for one request, by model and primary key."""

    objects: dict[type, dict[int, models.Model]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    # Live translations of rich-text link targets, by (translation key, locale id).
    translations: dict[tuple[Any, int], Page] = field(default_factory=dict)
    # Live pages by translation key, for the ``alternates`` of serialised pages.
    alternates: dict[Any, list[Page]] = field(default_factory=dict)
    # The serialised pages, and their translation sync states once one is asked for
    # (``pages.representations.translation_state``), by page id.
    pages: list[Page] = field(default_factory=list)
    translation_states: dict[int, Any] | None = None
    # Each ChoiceBlock's choices as {text of the key: key} (``choice_value``), by
    # the block's id; the block is kept with them, so that its id is not reused.
    choice_keys: dict[int, tuple[blocks.Block, dict[str, Any]]] = field(
        default_factory=dict
    )

    def get(self, model: type, pk: Any) -> models.Model | None:
        try:
            return self.objects[model_key(model)].get(int(pk))
        except (TypeError, ValueError):
            return None


def model_key(model: type[models.Model]) -> type[models.Model]:
    """Pages of every type share one id space, so they share one cache slot."""
    return Page if issubclass(model, Page) else model


def preloaded(context: dict | None) -> Preloaded | None:
    return context.get(PRELOADED_KEY) if context is not None else None


def locales(context: dict | None) -> dict[int, Locale]:
    """Every locale by id, loaded once per request (once per process while
    ``cms.configuration`` can keep it)."""
    return configuration.read_for(context, "locales", _locale_rows, _locales_by_id)


_LOCALE_FIELDS = ["id", "language_code"]


def _locale_rows() -> tuple[tuple[int, str], ...]:
    return tuple(Locale.objects.values_list(*_LOCALE_FIELDS))


def _locales_by_id(rows: tuple[tuple[int, str], ...]) -> dict[int, Locale]:
    return {row[0]: Locale.from_db(None, _LOCALE_FIELDS, row) for row in rows}


def page_link_ids(html: str | None) -> set[int]:
    """Ids of the pages that database-format rich text links to."""
    ids = set()
    for match in FIND_A_TAG.finditer(html or ""):
        attrs = extract_attrs(match.group(1))
        if attrs.get("linktype") == "page" and attrs.get("id", "").isdigit():
            ids.add(int(attrs["id"]))
    return ids


def _list_item(item: Any) -> tuple[Any, str | None]:
    """A ListBlock item in either storage format, as (raw value, id)."""
    if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
        return item["value"], item.get("id")
    return item, None


def collect_block_ids(block: blocks.Block, raw: Any, ids: dict[type, set[int]]) -> None:
    """Walk raw (JSON) block data and note every chosen object and linked page."""
    if raw is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for item in raw:
            child = block.child_blocks.get(item.get("type"))
            if child is not None:
                collect_block_ids(child, item.get("value"), ids)
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            if name in raw:
                collect_block_ids(child, raw[name], ids)
    elif isinstance(block, blocks.ListBlock):
        for item in raw:
            collect_block_ids(block.child_block, _list_item(item)[0], ids)
    elif isinstance(block, blocks.ChooserBlock):
        if str(raw).isdigit():
            ids[model_key(block.model_class)].add(int(raw))
    elif isinstance(block, BaseTypedTableBlock):
        columns = [
            block.child_blocks.get(c.get("type")) for c in raw.get("columns", [])
        ]
        for row in raw.get("rows", []):
            for column, cell in zip(columns, row.get("values", []), strict=False):
                if column is not None:
                    collect_block_ids(column, cell, ids)
    elif isinstance(block, blocks.RichTextBlock):
        ids[Page].update(page_link_ids(raw))


def block_value(block: blocks.Block, raw: Any, loaded: Preloaded) -> Any:
    """The native value of raw block data, with chosen objects taken from ``loaded``.

    The same values Wagtail's ``bulk_to_python`` builds, without its per-block-type
    queries (which a page with nested streams would repeat for each nesting).
    """
    if isinstance(block, blocks.StreamBlock):
        return StreamValue(
            block,
            [
                (
                    item["type"],
                    block_value(
                        block.child_blocks[item["type"]], item["value"], loaded
                    ),
                    item.get("id"),
                )
                for item in raw or []
                if item.get("type") in block.child_blocks
            ],
            is_lazy=False,
        )
    if isinstance(block, blocks.StructBlock):
        return block.meta.value_class(
            block,
            [
                (
                    name,
                    block_value(child, raw[name], loaded)
                    if name in raw
                    else child.get_default(),
                )
                for name, child in block.child_blocks.items()
            ],
        )
    if isinstance(block, blocks.ListBlock):
        children = []
        for item in raw or []:
            value, item_id = _list_item(item)
            children.append(
                ListValue.ListChild(
                    block.child_block,
                    block_value(block.child_block, value, loaded),
                    id=item_id,
                )
            )
        return ListValue(block, bound_blocks=children)
    if isinstance(block, blocks.ChooserBlock):
        return None if raw is None else loaded.get(block.model_class, raw)
    if type(block).to_python is blocks.ChoiceBlock.to_python:
        return choice_value(block, raw, loaded)
    return block.to_python(raw)


def choice_value(block: blocks.ChoiceBlock, raw: Any, loaded: Preloaded) -> Any:
    """``ChoiceBlock.to_python``: the choice's key, the raw value when it is none
    of them. Wagtail builds the list of choices again for each value (they may
    be callable); this builds it once a request, for every value of the block."""
    if raw is None:
        return None
    if id(block) not in loaded.choice_keys:
        keys: dict[str, Any] = {}
        for key, label in block.field.choices:
            if isinstance(label, list | tuple):  # a group
                for subkey, _label in label:
                    keys.setdefault(force_str(subkey), subkey)
            else:
                keys.setdefault(force_str(key), key)
        loaded.choice_keys[id(block)] = (block, keys)
    return loaded.choice_keys[id(block)][1].get(force_str(raw), raw)


# API fields whose output reads no StreamField of the page but their own (when they
# are one): a request that asks only for these (a listing's cards) has no use for the
# other streams, such as a long ``body``, and they are neither read for the objects
# they choose nor rebuilt. Any other field (``body``, ``toc``, ``references``, rich
# text, which may number citations from the body, JSON-LD) rebuilds them all.
SELF_CONTAINED_FIELDS = frozenset(
    {"id", "type", "detail_url", "title", "html_url", "slug", "first_published_at"}
    | {"locale", "show_in_menus", "seo_title", "search_description", "alias_of"}
    | {"summary", "hero_image", "image", "author", "seo", "medical_review"}
    | {"medical_name", "codes", "alternate_names", "related_pages", "alternates"}
)


def _stream_fields(
    page: Page, fields: frozenset[str] | None = None
) -> list[StreamField]:
    """StreamFields of the page that are loaded (not deferred) and that serialising
    ``fields`` reads (all of them when ``fields`` is ``None``)."""
    loaded = [
        model_field
        for model_field in page._meta.concrete_fields
        if isinstance(model_field, StreamField) and model_field.attname in page.__dict__
    ]
    if fields is None or not fields <= SELF_CONTAINED_FIELDS:
        return loaded
    return [model_field for model_field in loaded if model_field.name in fields]


def unread_stream_fields(model: type[models.Model], fields: Iterable[str]) -> list[str]:
    """Names of ``model``'s StreamFields that serialising ``fields`` never reads: a
    listing can leave them unloaded (``QuerySet.defer``), sparing the decoding of
    every page's body."""
    if not frozenset(fields) <= SELF_CONTAINED_FIELDS:
        return []
    return [
        model_field.name
        for model_field in model._meta.concrete_fields
        if isinstance(model_field, StreamField) and model_field.name not in fields
    ]


def _preloadable_foreign_keys(model: type[models.Model]) -> list[models.ForeignKey]:
    targets = {get_image_model(), Doctor, Testimonial, Reference}
    return [
        model_field
        for model_field in model._meta.concrete_fields
        if isinstance(model_field, models.ForeignKey)
        and model_field.many_to_one
        and model_field.related_model in targets
    ]


def _load(model: type[models.Model], ids: set[int], loaded: Preloaded) -> None:
    """One query (plus prefetches) per model for the ids not loaded yet."""
    key = model_key(model)
    missing = ids - loaded.objects[key].keys()
    if not missing:
        return
    if issubclass(key, Page):  # model_key maps every page type to Page
        queryset = Page.objects.filter(pk__in=missing).defer_streamfields().specific()
    elif key is Doctor:
        queryset = Doctor.objects.filter(pk__in=missing)
    elif key is Testimonial:
        queryset = Testimonial.objects.filter(pk__in=missing).select_related("locale")
    elif key is Reference:
        queryset = Reference.objects.filter(pk__in=missing)
    elif key is get_image_model():
        queryset = (
            key._default_manager.filter(pk__in=missing)
            .prefetch_renditions()
            .prefetch_related("alt_texts__locale")
        )
    else:
        queryset = key._default_manager.filter(pk__in=missing)
    # Kept by primary key: the order of the rows does not matter (and ordering
    # them costs the ORM more than the query itself takes on SQLite).
    objects = list(queryset.order_by())
    if key is Reference:
        prefetch_children(objects, "authors")
    loaded.objects[key].update((obj.pk, obj) for obj in objects)


def prefetch_children(instances: list, relation_name: str) -> None:
    """The children of a ParentalKey relation (``page.codes``, ``reference.authors``)
    of every instance, in one query, kept in memory as modelcluster keeps them:
    ``instance.<relation>.all()`` then reads them without a query.

    ``prefetch_related`` gives the same children at a higher price: it builds a
    filtered queryset for each instance, which costs more than the query.
    """
    if not instances:
        return
    relation = type(instances[0])._meta.get_field(relation_name)
    parent_key = relation.field
    children: dict[Any, list] = {instance.pk: [] for instance in instances}
    for child in relation.related_model._default_manager.filter(
        **{f"{parent_key.attname}__in": list(children)}
    ):
        children[getattr(child, parent_key.attname)].append(child)
    for instance in instances:
        for child in children[instance.pk]:
            parent_key.set_cached_value(child, instance)
        if not hasattr(instance, "_cluster_related_objects"):
            instance._cluster_related_objects = {}
        instance._cluster_related_objects[relation_name] = children[instance.pk]


def url_parts(page: Page) -> tuple | None:
    """``page.get_url_parts()``, computed once per page object: a page linked many
    times on a page (or shown by several fields) reverses its URL once."""
    try:
        return page.__dict__["_api_url_parts"]
    except KeyError:
        parts = page.__dict__["_api_url_parts"] = page.get_url_parts()
        return parts


def frontend_roots(context: dict | None = None) -> dict[int, str]:
    """The frontend base URL of each site that sets one in its clinic settings, by
    site id, loaded once per request (once per process while ``cms.configuration``
    can keep it)."""
    return configuration.read_for(context, "frontend_roots", _frontend_roots, dict)


def _frontend_roots() -> tuple[tuple[int, str], ...]:
    from pages.models.site_settings import ClinicSettings

    return tuple(
        (site_id, url.rstrip("/"))
        for site_id, url in ClinicSettings.objects.exclude(
            frontend_base_url=""
        ).values_list("site_id", "frontend_base_url")
    )


def frontend_root(site_id: int, cms_root: str, context: dict | None = None) -> str:
    """Where the site's pages live for the public: its clinic settings' frontend
    base URL, else ``FRONTEND_BASE_URL``, else the Wagtail site's own root URL (a
    site whose hostname is its frontend's, as before the setting existed)."""
    return (
        frontend_roots(context).get(site_id)
        or settings.FRONTEND_BASE_URL.rstrip("/")
        or cms_root
    )


def full_url(page: Page, context: dict | None = None) -> str | None:
    """The page's absolute URL on its site's frontend (``frontend_root``)."""
    parts = url_parts(page)
    if parts is None or parts[1] is None or parts[2] is None:
        return None
    site_id, cms_root, path = parts
    return frontend_root(site_id, cms_root, context) + path


def prepare_pages(pages: Iterable[Page], context: dict | None) -> None:
    """Give pages their locale and the request's site root paths without a query each."""
    by_id = locales(context)
    request = context.get("request") if context is not None else None
    locale_field = Page._meta.get_field("locale")
    for page in pages:
        if page.locale_id in by_id:
            locale_field.set_cached_value(page, by_id[page.locale_id])
        if request is not None:
            # Wagtail caches Site.get_site_root_paths() on the object it is given
            # (the request or, for page.url and page.full_url, the page itself).
            site_root_paths = page._get_site_root_paths(request)
            page._wagtail_cached_site_root_paths = site_root_paths


def preload_pages(
    pages: Iterable[Page], context: dict, fields: Iterable[str] | None = None
) -> Preloaded:
    """Load everything that serialising ``pages`` will show, with a fixed number of
    queries, and rebuild their stream values from it.

    With ``fields`` (the API fields to be serialised), the stream fields that none of
    them reads are left as loaded (``SELF_CONTAINED_FIELDS``).

    Missing image renditions are still generated on first use (that writes).
    """
    pages = list(pages)
    loaded = context.setdefault(PRELOADED_KEY, Preloaded())
    loaded.pages.extend(pages)
    ids: dict[type, set[int]] = defaultdict(set)
    raw_streams = []
    foreign_keys = []
    wanted = None if fields is None else frozenset(fields)
    for page in pages:
        for stream_field in _stream_fields(page, wanted):
            raw = list(getattr(page, stream_field.attname).raw_data)
            collect_block_ids(stream_field.stream_block, raw, ids)
            raw_streams.append((page, stream_field, raw))
        for model_field in page._meta.concrete_fields:
            if isinstance(model_field, RichTextField):
                ids[Page].update(page_link_ids(getattr(page, model_field.attname)))
        for model_field in _preloadable_foreign_keys(type(page)):
            value = getattr(page, model_field.attname)
            if value is not None:
                ids[model_key(model_field.related_model)].add(value)
                foreign_keys.append((page, model_field, value))

    _load(Doctor, ids[Doctor], loaded)
    image_model = get_image_model()
    doctors = loaded.objects[Doctor].values()
    ids[image_model].update(d.photo_id for d in doctors if d.photo_id is not None)
    for model in (Testimonial, Reference, image_model, Page):
        _load(model, ids[model], loaded)
    photo_field = Doctor._meta.get_field("photo")
    for doctor in doctors:
        photo = loaded.get(image_model, doctor.photo_id) if doctor.photo_id else None
        photo_field.set_cached_value(doctor, photo)
    for page, model_field, value in foreign_keys:
        model_field.set_cached_value(page, loaded.get(model_field.related_model, value))
    for page, stream_field, raw in raw_streams:
        setattr(
            page,
            stream_field.attname,
            block_value(stream_field.stream_block, raw, loaded),
        )

    _prefetch_child_relations(pages, wanted)
    linked = [loaded.get(Page, pk) for pk in ids[Page]]
    linked = [page for page in linked if page is not None]
    # Rich-text links and ``alternates`` read translations; of the self-contained
    # fields, only ``alternates`` does.
    translations = (
        _load_translations(pages, linked, loaded)
        if wanted is None
        or not wanted <= SELF_CONTAINED_FIELDS
        or "alternates" in wanted
        else []
    )
    prepare_pages([*pages, *linked, *translations], context)
    return loaded


def _prefetch_child_relations(
    pages: list[Page], fields: frozenset[str] | None = None
) -> None:
    """The child relations a page type shows in the API (its ``api_prefetch``,
    e.g. a condition's codes): one query per relation, not one per page; none for a
    relation that serialising ``fields`` does not read."""
    by_type: dict[type, list[Page]] = defaultdict(list)
    for page in pages:
        by_type[type(page)].append(page)
    for model, group in by_type.items():
        for lookup in getattr(model, "api_prefetch", ()):
            if (
                fields is None
                or not fields <= SELF_CONTAINED_FIELDS
                or lookup in fields
            ):
                prefetch_children(group, lookup)


def _load_translations(
    pages: list[Page], linked: list[Page], loaded: Preloaded
) -> list[Page]:
    """Live translations of the pages (their ``alternates``) and of the pages they
    link to (rich-text links point to the translation in the page's language).

    A linked page is already loaded: it is not read again as its own translation
    (the one in its own language, which no link looks up), only as another's."""
    page_keys = {page.translation_key for page in pages}
    link_keys = {page.translation_key for page in linked}
    locale_ids = {page.locale_id for page in pages}
    if not page_keys | link_keys:
        return []
    for page in linked:
        if page.live and page.locale_id in locale_ids:
            loaded.translations[(page.translation_key, page.locale_id)] = page
    found = (
        Page.objects.live()
        .filter(
            models.Q(translation_key__in=page_keys)
            | (
                models.Q(translation_key__in=link_keys, locale_id__in=locale_ids)
                & ~models.Q(pk__in=[page.pk for page in linked])
            )
        )
        .defer_streamfields()
        .order_by("path")
    )
    for page in found:
        if page.translation_key in page_keys:
            loaded.alternates.setdefault(page.translation_key, []).append(page)
        if page.translation_key in link_keys and page.locale_id in locale_ids:
            loaded.translations[(page.translation_key, page.locale_id)] = page
    for key in page_keys:
        loaded.alternates.setdefault(key, [])
    return list(found)
