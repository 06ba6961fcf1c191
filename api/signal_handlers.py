"""Keep cached API responses (ours and a CDN's) in step with the content, and
record each change to public content in the change feed (``api.changes``).

Each handler names what changed; ``affected_tags`` works out which cached
responses that touches, through Wagtail's reference index (who shows what).
Tags get new generations in the transaction that changes the content (they are
database rows), so every process sees both at once; a CDN is purged after commit.
Change events are rows written in that same transaction.

A raw save (``loaddata``, a test's ``serialized_rollback``) loads rows as they
were dumped, generations, rendered pages and events included: every save handler
returns on ``raw`` and derives nothing from it.
"""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import Signal
from django.urls import reverse

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

from pages.models import ClinicSettings, InterfaceLabels
from pages.representations import page_path
from review.signals import review_changed
from snippets.models import Doctor, Reference, ReferenceAuthor, Testimonial
from snippets.usage import referencing_page_ids

from . import changes, materialize
from .cache import ALL, LISTINGS, invalidate, page_tag
from .models import ChangeEvent
from .tags import page_ids_in


def page_tags(page: Page) -> set[str]:
    """A page, the pages showing it and its translations (their ``alternates``);
    every response when the page has children (their parent and their paths)."""
    tags = {LISTINGS, page_tag(page.pk)}
    tags |= {page_tag(pk) for pk in referencing_page_ids([page])}
    translations = Page.objects.filter(translation_key=page.translation_key)
    tags |= {page_tag(pk) for pk in translations.values_list("pk", flat=True)}
    if not page.is_leaf():
        tags.add(ALL)
    return tags


def object_tags(obj: models.Model, page_ids: Iterable[int] | None = None) -> set[str]:
    """A snippet, image or document: the pages showing it (``page_ids`` when the
    caller looked them up already), and every listing."""
    if page_ids is None:
        page_ids = referencing_page_ids([obj])
    return {LISTINGS} | {page_tag(pk) for pk in page_ids}


def api_urls(tags: Iterable[str]) -> list[str]:
    """The API URLs a CDN may hold for ``tags``: page details, the same pages found
    by path, the default page listing and the site endpoint."""
    base = settings.WAGTAILAPI_BASE_URL.rstrip("/")
    urls = [base + reverse("api:pages:listing"), base + reverse("api:site:detail")]
    page_ids = page_ids_in(tags)
    find = base + reverse("api:pages:find") + "?html_path="
    for page in Page.objects.filter(pk__in=page_ids).defer_streamfields():
        urls.append(base + reverse("api:pages:detail", args=[page.pk]))
        path = page_path(page)
        if path:
            urls.append(find + path)
    return urls


def expire(tags: set[str], *, removal: bool = False, render: bool = True) -> None:
    """New generations and renders asked for in the current transaction; the CDN
    is purged after commit. ``removal``: something left public view, so the
    rendered pages showing it stop being served now (``api.materialize``)."""
    invalidate(tags)
    if render:
        materialize.request_renders(tags, removal=removal)
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        transaction.on_commit(lambda: PurgeBatch(api_urls(tags)).purge())


def page_published_changed(sender, instance, **kwargs) -> None:
    """Its ``page_published`` event is written by the worker once the render
    shows the public JSON changed (``api.materialize``)."""
    expire(page_tags(instance))


def page_unpublished_changed(sender, instance, **kwargs) -> None:
    expire(page_tags(instance), removal=True)
    if Page.objects.filter(pk=instance.pk, live=True).exists():
        # Wagtail unpublishes a page it is about to delete without saving it
        # (``commit=False``): the deletion leaves the tombstone.
        return
    # It was live; it was public unless a view restriction already hid it.
    was_live = Page(pk=instance.pk, path=instance.path, live=True)
    was_live.content_type_id = instance.content_type_id
    if changes.is_public(was_live):
        changes.record_page(ChangeEvent.Type.PAGE_UNPUBLISHED, instance)


def page_saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """Any save of a page row: publishing, but also code that edits a live page
    directly (review records, imports) without a publish signal."""
    if raw or not isinstance(instance, Page):
        return
    # A draft save changes no public JSON: nothing to render.
    draft_only = update_fields is not None and (
        set(update_fields) <= changes.DRAFT_ONLY_FIELDS
    )
    expire(page_tags(instance), render=not draft_only)


def review_changed_in_place(sender, pages, **kwargs) -> None:
    """A review record or flag written straight into live rows (``review.signals``)."""
    expire(set().union(*(page_tags(page) for page in pages)))


def page_deleted(sender, instance, **kwargs) -> None:
    # Sent for the base Page row of every deleted page, before the delete: the
    # reference index still knows who links here, and the page its public path.
    expire(page_tags(instance), removal=True)
    _pages_being_deleted.add(instance.path)
    # From the database: Wagtail may have unpublished the instance already
    # (``commit=False``, in its own pre_delete handler).
    if Page.objects.filter(pk=instance.pk, live=True).exists() and changes.is_public(
        Page.objects.get(pk=instance.pk)
    ):
        changes.record_page(ChangeEvent.Type.PAGE_DELETED, instance)


# Tree paths of pages whose deletion has begun: the restrictions deleted with
# them must not announce them as shown again.
_pages_being_deleted: set[str] = set()


def page_delete_done(sender, instance, **kwargs) -> None:
    _pages_being_deleted.discard(instance.path)


# Each moving page's subtree before the move: its paths and who was public.
_paths_before_move: dict[int, dict[int, tuple[str, bool]]] = {}


def page_moving(sender, instance, **kwargs) -> None:
    _paths_before_move[instance.pk] = changes.subtree_paths(instance)


def page_moved(sender, instance, **kwargs) -> None:
    before = _paths_before_move.pop(instance.pk, None)
    # Each page of the subtree is rendered again (one that became public is
    # announced by its render).
    subtree = {page_tag(pk) for pk in before or ()}
    expire({ALL, LISTINGS, *subtree}, removal=True)
    if before is not None:
        changes.record_move(instance, before)


def object_changed(
    sender, instance, created=False, update_fields=None, raw=False, **kwargs
) -> None:
    if raw:
        return
    page_ids = referencing_page_ids([instance])  # once, for the cache and the feed
    hidden = getattr(instance, "live", True) is False
    expire(object_tags(instance, page_ids), removal=hidden)
    if changes.is_public_change(instance, update_fields, created):
        changes.record_object(ChangeEvent.Type.OBJECT_CHANGED, instance, page_ids)


def object_deleted(sender, instance, **kwargs) -> None:
    page_ids = referencing_page_ids([instance])
    expire(object_tags(instance, page_ids), removal=True)
    if getattr(instance, "live", True):
        changes.record_object(ChangeEvent.Type.OBJECT_DELETED, instance, page_ids)


def reference_author_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    expire(object_tags(Reference(pk=instance.reference_id)))


def site_structure_changed(sender, instance, raw=False, **kwargs) -> None:
    """Sites, locales, collections and their restrictions: a deletion, a
    restriction or a site's new root or hostname may hide pages or media."""
    if raw:
        return
    added = kwargs.get("created") is not None and sender in (Collection, Locale)
    expire({ALL, LISTINGS}, removal=not added)


def redirect_changed(sender, instance, raw=False, **kwargs) -> None:
    """The redirects endpoint answers from the listings' generation."""
    if raw:
        return
    expire({LISTINGS})
    if "created" not in kwargs:
        kind = ChangeEvent.Type.REDIRECT_DELETED
    elif kwargs["created"]:
        kind = ChangeEvent.Type.REDIRECT_CREATED
    else:
        kind = ChangeEvent.Type.REDIRECT_CHANGED
    changes.record_redirect(kind, instance)


def restriction_changed(sender, instance, raw=False, **kwargs) -> None:
    """A page view restriction added hides its live pages; removed, shows them."""
    if raw:
        return
    expire({ALL, LISTINGS}, removal="created" in kwargs)
    if kwargs.get("created") is False:
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None or page.path in _pages_being_deleted:
        return
    others = tuple(
        PageViewRestriction.objects.exclude(pk=instance.pk).values_list(
            "page__path", flat=True
        )
    )
    pages = [
        page
        for page in Page.objects.filter(path__startswith=page.path, live=True).order_by(
            "path"
        )
        if not any(page.path.startswith(path) for path in others)
    ]
    if "created" in kwargs:
        changes.record_pages_hidden(pages)
    else:
        # Shown again: the worker renders them and announces each.
        expire({page_tag(page.pk) for page in pages})


def settings_changed(sender, instance, raw=False, **kwargs) -> None:
    """Every response: the frontend base URL is in every page's URLs."""
    if raw:
        return
    expire({ALL, LISTINGS})


def labels_changed(sender, instance, raw=False, **kwargs) -> None:
    """The site endpoint's answers (the labels dictionary); they carry ``ALL``."""
    if raw:
        return
    expire({ALL})


def register_signal_handlers() -> None:
    """Connect each handler to its signals. Shared content that pages show is
    handled before deletion, while the reference index still names those pages;
    the other objects are handled after they are saved or deleted alike."""
    connections: list[tuple[Signal, Callable[..., object], type | None]] = [
        (page_published, page_published_changed, None),
        (review_changed, review_changed_in_place, None),
        (page_unpublished, page_unpublished_changed, None),
        (pre_page_move, page_moving, None),
        (post_page_move, page_moved, None),
        (post_save, page_saved, None),
        (pre_delete, page_deleted, Page),
        (post_delete, page_delete_done, Page),
    ]
    shown = (Doctor, Testimonial, Reference, get_image_model(), get_document_model())
    for model in shown:
        connections += [(post_save, object_changed, model)]
        connections += [(pre_delete, object_deleted, model)]
    saved_or_deleted: list[tuple[Callable[..., object], type]] = [
        (reference_author_changed, ReferenceAuthor),
        (redirect_changed, Redirect),
        (settings_changed, ClinicSettings),
        (labels_changed, InterfaceLabels),
        (restriction_changed, PageViewRestriction),
        *(
            (site_structure_changed, model)
            for model in (Site, Locale, CollectionViewRestriction, Collection)
        ),
    ]
    for handler, model in saved_or_deleted:
        connections += [(post_save, handler, model), (post_delete, handler, model)]
    for signal, handler, sender in connections:
        # Django keys a connection by uid and sender, per signal: connecting again
        # (a test, a reloaded app) replaces it instead of running it twice.
        signal.connect(handler, sender=sender, dispatch_uid=f"api_{handler.__name__}")
