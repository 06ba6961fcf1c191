"""The change feed: what changed in public content, in commit order.

``record_*`` functions are called by ``api.signal_handlers`` inside the
transaction of the change, so an event exists exactly when its change does. Only
public content makes events: a draft save, or a change to a page the public cannot
see, is none; a page that stops being public (unpublished, moved under or put
behind a view restriction, deleted) is a removal.

The cursor is the event's id. Ids must become visible in id order, or a reader
could pass an id whose transaction commits later and miss it: on PostgreSQL every
writer of events takes one transaction-scoped advisory lock before its first
event and holds it until it commits, so ids are handed out in commit order;
SQLite has a single writer at a time anyway. Publishing is rare and short, so the
serialisation costs nothing a reader would notice (docs/api.md, "Change feed").
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from pages.representations import page_is_public, page_path, page_type

from .models import ChangeEvent, ChangeFeedHorizon, RenderedPage
from .signals import events_recorded

# Any 64-bit number of our own: the advisory lock every event writer takes.
WRITER_LOCK = 0x6368616E676573  # "changes"
DEFAULT_RETENTION_DAYS = 30

# Fields a draft save writes into the live row of a draft-state object
# (``save_revision``): no public change.
DRAFT_ONLY_FIELDS = frozenset(
    {
        "latest_revision",
        "has_unpublished_changes",
        "draft_title",
        "locked",
        "locked_at",
        "locked_by",
        "latest_revision_created_at",
    }
)
PAGE_REMOVALS = frozenset(
    {ChangeEvent.Type.PAGE_UNPUBLISHED, ChangeEvent.Type.PAGE_DELETED}
)
OBJECT_TYPES = ("doctor", "testimonial", "reference", "image", "document")


def retention_days() -> int:
    return getattr(settings, "CHANGE_FEED_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)


def object_type_name(obj: models.Model) -> str:
    """``doctor``, ``image``... (custom image and document models included)."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    if isinstance(obj, get_image_model()):
        return "image"
    if isinstance(obj, get_document_model()):
        return "document"
    return obj._meta.model_name or ""


def write_events(events: list[ChangeEvent]) -> None:
    if not events:
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WRITER_LOCK])
        now = timezone.now()
        for event in events:
            event.created_at = now
        # Ids come back from the insert (PostgreSQL, SQLite 3.35+), which the
        # receivers of ``events_recorded`` (webhook deliveries) refer to.
        ChangeEvent.objects.bulk_create(events)
        # A page back in public view with the same JSON is a change all the same.
        removed = [
            event.object_id
            for event in events
            if event.type in PAGE_REMOVALS and event.object_id is not None
        ]
        if removed:
            RenderedPage.objects.filter(page_id__in=removed).update(content_hash="")
        events_recorded.send(sender=ChangeEvent, events=events)


def is_public(page: Page, context: dict | None = None) -> bool:
    """Public (``page_is_public``) and of a type the API serves (not Wagtail's
    bare ``Page``, such as its stock welcome page). Pass one ``context`` dict to
    check many pages against one read of the view restrictions."""
    return page.specific_class not in (None, Page) and page_is_public(page, context)


def page_fields(page: Page) -> dict[str, Any]:
    return {
        "object_id": page.pk,
        "object_type": page_type(page),
        "locale": page.locale.language_code,
        "path": page_path(page) or "",
        "tree_path": page.path,
    }


def page_event(kind: str, page: Page, **extra) -> ChangeEvent:
    return ChangeEvent(type=kind, **page_fields(page), **extra)


def record_page(kind: str, page: Page) -> None:
    """Published, unpublished or deleted: ``page`` was or is public (the caller
    knows which)."""
    write_events([page_event(kind, page)])


def record_pages_hidden(pages: Iterable[Page]) -> None:
    write_events(
        [page_event(ChangeEvent.Type.PAGE_UNPUBLISHED, page) for page in pages]
    )


def subtree_paths(page: Page) -> dict[int, tuple[str, bool]]:
    """Each page of ``page``'s subtree: its frontend path and whether it is public
    (taken before a move, to tell afterwards what moved where)."""
    context: dict = {}
    return {
        each.pk: (page_path(each) or "", is_public(each, context))
        for each in Page.objects.descendant_of(page, inclusive=True)
    }


def record_move(page: Page, before: dict[int, tuple[str, bool]]) -> None:
    """A page (and its subtree) moved: ``page_moved`` with both paths for what
    stays public, a removal for what is hidden now. What became public is
    announced when the worker has rendered it (``api.materialize``)."""
    context: dict = {}
    events = []
    for each in Page.objects.descendant_of(page, inclusive=True).order_by("path"):
        old_path, was_public = before.get(each.pk, ("", False))
        now_public = is_public(each, context)
        if was_public and now_public:
            fields = page_fields(each)
            if fields["path"] != old_path:
                events.append(
                    ChangeEvent(
                        type=ChangeEvent.Type.PAGE_MOVED, old_path=old_path, **fields
                    )
                )
        elif was_public:
            event = page_event(ChangeEvent.Type.PAGE_UNPUBLISHED, each)
            event.path = old_path  # where it was public, not where it is hidden
            events.append(event)
    write_events(events)


def public_pages_showing(ids: Iterable[int]) -> list[dict[str, Any]]:
    """The public pages among ``ids`` (those showing an object), as events list them."""
    ids = list(ids)
    if not ids:
        return []
    context: dict = {}
    pages = Page.objects.filter(pk__in=ids, live=True).select_related("locale")
    return [
        {
            "id": page.pk,
            "type": page_type(page),
            "locale": page.locale.language_code,
            "path": page_path(page) or "",
            "tree_path": page.path,
        }
        for page in pages.order_by("pk")
        if is_public(page, context)
    ]


def is_public_change(obj: models.Model, update_fields, created: bool) -> bool:
    """Not a draft save: a draft-state object changes the public only when it is
    live, or when a save switches ``live`` (an unpublish)."""
    if update_fields is not None and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return False
    if hasattr(obj, "live") and not obj.live:
        return update_fields is not None and "live" in update_fields and not created
    return True


def record_object(kind: str, obj: models.Model, page_ids: Iterable[int]) -> None:
    """``page_ids``: the pages showing ``obj`` (``snippets.usage``), which the
    caller has looked up for the cache already."""
    locale = getattr(obj, "locale", None)
    write_events(
        [
            ChangeEvent(
                type=kind,
                object_id=obj.pk,
                object_type=object_type_name(obj),
                locale=locale.language_code if locale is not None else "",
                pages=public_pages_showing(page_ids),
            )
        ]
    )


def public_redirect_target(redirect: Redirect) -> str | None:
    """The frontend path (or link) a redirect leads to, ``None`` when it leads to
    a page the public cannot see: such a redirect is not in the feed, since its
    paths may name a hidden page."""
    page = redirect.redirect_page
    if page is None:
        return redirect.redirect_link or None
    if not is_public(page):
        return None
    return page_path(page)


def record_redirect(kind: str, redirect: Redirect) -> None:
    target = public_redirect_target(redirect)
    if target is None:
        return
    write_events(
        [
            ChangeEvent(
                type=kind,
                object_id=redirect.pk,
                object_type="redirect",
                old_path=redirect.old_path,
                path=target,
                tree_path=redirect.redirect_page.path if redirect.redirect_page else "",
            )
        ]
    )


# Reading


def pruned_through() -> int:
    """The highest cursor whose events are gone (0: nothing pruned yet)."""
    horizon = ChangeFeedHorizon.objects.filter(pk=1).first()
    return horizon.pruned_through if horizon else 0


def latest_cursor() -> int:
    latest = ChangeEvent.objects.order_by("-id").values_list("id", flat=True).first()
    return max(latest or 0, pruned_through())


def prune(days: int | None = None) -> int:
    """Delete events older than the retention; returns how many."""
    days = retention_days() if days is None else days
    cutoff = timezone.now() - datetime.timedelta(days=days)
    with transaction.atomic():
        old = ChangeEvent.objects.filter(created_at__lt=cutoff)
        last = old.order_by("-id").values_list("id", flat=True).first()
        if last is None:
            return 0
        deleted, _ = ChangeEvent.objects.filter(id__lte=last).delete()
        ChangeFeedHorizon.objects.update_or_create(
            pk=1, defaults={"pruned_through": max(last, pruned_through())}
        )
    return deleted


def site_events(root_paths: Iterable[str]):
    """The events a site's feed shows: its own pages' and redirects', external
    redirects, and every shared object's (whose pages ``serialize_event``
    narrows to the site)."""
    roots = list(root_paths)
    mine = models.Q(type__startswith="object_") | models.Q(tree_path="")
    for root in roots:
        mine |= models.Q(tree_path__startswith=root)
    return ChangeEvent.objects.filter(mine)


def serialize_event(
    event: ChangeEvent, root_paths: tuple[str, ...] = ("",)
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": event.pk,
        "type": event.type,
        "created_at": event.created_at,
    }
    if event.type.startswith("page_"):
        item["page"] = {
            "id": event.object_id,
            "type": event.object_type,
            "locale": event.locale,
            "path": event.path,
        }
        if event.type == ChangeEvent.Type.PAGE_MOVED:
            item["old_path"] = event.old_path
    elif event.type.startswith("object_"):
        item["object"] = {
            "type": event.object_type,
            "id": event.object_id,
            "locale": event.locale or None,
        }
        item["pages"] = [
            {key: page[key] for key in ("id", "type", "locale", "path")}
            for page in event.pages
            if page["tree_path"].startswith(root_paths)
        ]
    else:
        item["redirect"] = {
            "id": event.object_id,
            "old_path": event.old_path,
            "target": event.path,
        }
    return item
