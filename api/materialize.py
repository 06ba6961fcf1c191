"""Public page JSON rendered when content changes, not when it is read.

A change to content (a publish, a doctor or reference edited, a site setting) asks
for renders of the pages it touches (``request_renders``, called in the change's
own transaction by ``api.signal_handlers``); the background worker renders them
(``render_pages``, queue "rendering") through the API's own detail view, so the
bytes are exactly what a request would get, and stores them with their ETag and
compressed codings (``RenderedPage``). ``api.early`` then answers a page's detail
and find-by-path from that row with one indexed read.

While a page waits for its render, its previous body keeps being served: a
storm of changes never makes a reader wait, and each page renders once however
many readers ask meanwhile. A change that takes something out of public view
(an unpublish, a deletion, a restriction, a move) clears the affected bodies in
its own transaction instead, so readers fall back to rendering on request (the
response cache) until the worker has caught up. The hash of the last body stays,
so a page whose JSON comes out the same is no change; a page that itself left
public view loses it with its removal event (``api.changes.write_events``), so
that its return is one.

A render whose bytes differ from the previous one (by hash) is a change for the
feed: the worker writes its ``page_published`` event with the new hash. A render
that yields the same bytes is none.
"""

import datetime
import hashlib
import json
import logging
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.db.models import F
from django.http import HttpRequest
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone, translation

from wagtail.models import Page

from django_tasks import task
from django_tasks_db.models import DBTaskResult

from cms.database import bound_cursor
from cms.memory import freeze_loaded_objects
from cms.transport import ENCODINGS, compress, worth_compressing
from pages.representations import page_path, url_parts

from . import changes
from .bodies import RENDERING_ATTRIBUTE, strong_etag
from .models import ChangeEvent, RenderedField, RenderedPage
from .tags import ALL, page_ids_in, page_tag

logger = logging.getLogger(__name__)


class RenderFailed(RuntimeError):
    """Some pages could not be rendered (each one's error is logged)."""


BATCH_SIZE = 50
# When to look again at pages whose rows a change held while the worker stored.
SKIPPED_RETRY = datetime.timedelta(seconds=2)


def request_renders(tags: Iterable[str], *, removal: bool = False) -> None:
    """Ask the worker to render the pages ``tags`` name (``"all"``: every rendered
    page), in the caller's transaction. With ``removal``, their current bodies
    stop being served now."""
    tags = set(tags)
    ids = page_ids_in(tags)
    rows = RenderedPage.objects.all() if ALL in tags else None
    if rows is None:
        if not ids:
            return
        rows = RenderedPage.objects.filter(page_id__in=ids)
    changes_: dict[str, Any] = {"wanted": F("wanted") + 1}
    if removal:
        changes_.update(body=None, body_br=None, body_gzip=None, etag="")
        RenderedField.objects.filter(page__in=rows).delete()
    touched = rows.update(**changes_)
    missing = ids - set(
        RenderedPage.objects.filter(page_id__in=ids).values_list("page_id", flat=True)
    )
    if missing and not removal:
        # Not while removing: a page being deleted must not gain a row its
        # deletion has already passed over.
        existing = set(Page.objects.filter(pk__in=missing).values_list("pk", flat=True))
        RenderedPage.objects.bulk_create(
            [RenderedPage(page_id=pk) for pk in sorted(existing)],
            ignore_conflicts=True,
        )
        touched += len(existing)
    if touched:
        enqueue_render()


def enqueue_render() -> None:
    """One waiting render task is enough: it renders every page that waits."""
    waiting = DBTaskResult.objects.ready().filter(
        backend_name=settings.BACKGROUND_TASKS,
        task_path=render_pages.module_path,
    )
    if not waiting.exists():
        render_pages.enqueue()


def worker_request(path: str) -> HttpRequest:
    """A request as the middleware hands it to the API: an anonymous visitor
    with an empty session (view restrictions ask it for passwords entered),
    marked as the worker's (``RENDERING_ATTRIBUTE``)."""
    request = RequestFactory().get(
        path, HTTP_HOST=settings.WAGTAILAPI_BASE_URL.split("://", 1)[-1]
    )
    setattr(request, RENDERING_ATTRIBUTE, True)
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request.user = AnonymousUser()
    return request


def render_detail(page: Page) -> bytes | None:
    """The page's detail response body, from the API's own view; ``None`` when
    the view does not answer 200 (the page is not public)."""
    path = reverse("api:pages:detail", args=[page.pk])
    request = worker_request(path)
    match = resolve(path)
    with translation.override(settings.LANGUAGE_CODE):
        response = match.func(request, *match.args, **match.kwargs)
        if response.status_code != 200:
            return None
        response.render()
    return response.content


def render_details(page_ids: list[int]) -> dict[int, bytes | None]:
    """The detail bodies of many pages at once, as ``render_detail`` gives them
    one by one, byte for byte: the view's own serialisation and renderer, set
    up once as for the first page's detail request, with what the pages show
    preloaded for all of them together (a fixed number of queries for the
    batch, where a request makes them for its one page). ``None`` for a page
    the view would not answer (not among its public pages)."""
    from .router import api_router
    from .views.pages import PagesAPIViewSet

    if not page_ids:
        return {}
    path = reverse("api:pages:detail", args=[page_ids[0]])
    request = worker_request(path)
    request.wagtailapi_router = api_router  # type: ignore[attr-defined]
    view = PagesAPIViewSet(action_map={"get": "detail_view"})
    view.args, view.kwargs = (), {"pk": str(page_ids[0])}
    view.request = view.initialize_request(request)
    view.format_kwarg = None
    view.headers = view.default_response_headers
    bodies: dict[int, bytes | None] = dict.fromkeys(page_ids)
    with translation.override(settings.LANGUAGE_CODE):
        view.request.accepted_renderer, view.request.accepted_media_type = (
            view.perform_content_negotiation(view.request)
        )
        found = {
            page.pk: page
            for page in view.filter_queryset(view.get_queryset())
            .filter(pk__in=page_ids)
            .specific()
        }
        by_type: dict[type, list[Page]] = {}
        for page_id in page_ids:
            if page_id in found:
                by_type.setdefault(type(found[page_id]), []).append(found[page_id])
        renderer = view.request.accepted_renderer
        renderer_context = view.get_renderer_context()
        for pages in by_type.values():
            view._cached_object = pages[0]  # the type decides the serializer
            # A context per type, as per request: what is preloaded into one
            # (translation states, say) is worked out for its pages alone.
            view.__dict__.pop("serializer_context", None)
            for page, data in zip(pages, view.serialize(pages, many=True), strict=True):
                bodies[page.pk] = renderer.render(
                    data, view.request.accepted_media_type, renderer_context
                )
    return bodies


def last_modified_for(row: dict[str, Any], content_hash: str) -> int:
    """When this body was first produced; a new body is always dated later than
    the previous one, even within the same second."""
    if row["content_hash"] == content_hash and row["last_modified"]:
        return row["last_modified"]
    return max(math.ceil(time.time()), row["last_modified"] + 1)


# What a render reads of a page's row: never its bodies.
ROW_FIELDS = ("wanted", "rendered", "etag", "content_hash", "last_modified")


@dataclass
class Render:
    """One page rendered outside any transaction, for ``store`` to write."""

    page: Page
    wanted: int
    body: bytes
    etag: str
    content_hash: str
    # The stored body is this one (the ETag names the body, and a removal
    # clears it): nothing to compress or store again, only the date to move.
    same: bool
    compressed: dict[str, bytes | None]
    site_id: int | None


def prepare(
    page_id: int,
    row: dict[str, Any],
    page: Page | None,
    public: dict,
    rendered: dict[int, bytes | None],
) -> Render | None:
    """A page's render from the bodies of its batch (``render_details``), or
    ``None`` when there is nothing to store: the row is up to date, or the page
    is no longer public (its row is then removed)."""
    if row["rendered"] >= row["wanted"]:
        return None
    wanted = row["wanted"]
    body = None
    if page is not None and changes.is_public(page, public):
        body = (
            rendered[page_id] if page_id in rendered else render_detail(page.specific)
        )
    if body is None or page is None:
        # Not public (any more): nothing to serve, nothing to announce (the
        # change that hid it wrote its own event).
        RenderedPage.objects.filter(page_id=page_id, wanted=wanted).delete()
        return None
    etag = strong_etag(body)
    content_hash = hashlib.sha256(body).hexdigest()
    same = row["etag"] == etag and row["content_hash"] == content_hash
    # Page.get_site() without its query: the site's id is in the URL parts
    # that page_path() works out anyway (and keeps on the page).
    parts = url_parts(page)
    return Render(
        page=page,
        wanted=wanted,
        body=body,
        etag=etag,
        content_hash=content_hash,
        same=same,
        compressed={} if same else compressed_bodies(body),
        site_id=parts[0] if parts else None,
    )


# ``store`` found the page's row held by another transaction.
SKIPPED = None


@dataclass
class Write:
    """What storing a render changes of its page's row: ``values`` (its dates
    alone when the body stored is the one rendered); with a new body, its
    fields are written again and ``event`` announces it when its JSON changed."""

    page_id: int
    values: dict[str, Any]
    body: bytes | None
    event: ChangeEvent | None


def plan(render: Render, current: dict[str, Any]) -> Write | None:
    """The write that stores ``render`` over its row as it is now (``current``,
    held by the caller's transaction); ``None`` when a newer render has been
    stored meanwhile."""
    if current["rendered"] >= render.wanted:
        return None
    page_id = render.page.pk
    changed = current["content_hash"] != render.content_hash
    values: dict[str, Any] = {
        "site_id": render.site_id,
        "path": page_path(render.page) or "",
        "rendered_on": timezone.localdate(),
        "rendered_at": timezone.now(),
        "rendered": render.wanted,
    }
    if render.same and current["etag"] == render.etag and not changed:
        return Write(page_id, values, body=None, event=None)
    compressed = render.compressed or compressed_bodies(render.body)
    values |= {
        "body": render.body,
        "body_br": compressed["br"],
        "body_gzip": compressed["gzip"],
        "etag": render.etag,
        "content_hash": render.content_hash,
        "last_modified": last_modified_for(current, render.content_hash),
    }
    event = None
    if changed:
        event = changes.page_event(ChangeEvent.Type.PAGE_PUBLISHED, render.page)
        event.content_hash = render.content_hash
    return Write(page_id, values, body=render.body, event=event)


def held_rows(page_ids: list[int]) -> tuple[dict[int, dict[str, Any]], set[int]]:
    """The rows of ``page_ids`` this transaction now holds, and the pages whose
    row another transaction holds (``SKIPPED``): never waited for, so that a
    worker holding its batch's rows and a change updating many rows cannot
    wait for each other. A page in neither has no row any more."""
    rows = RenderedPage.objects.filter(page_id__in=page_ids)
    held = {
        row["page_id"]: row
        for row in rows.select_for_update(skip_locked=True).values(
            "page_id", *ROW_FIELDS
        )
    }
    missing = set(page_ids) - set(held)
    others = set(
        RenderedPage.objects.filter(page_id__in=missing).values_list(
            "page_id", flat=True
        )
        if missing
        else ()
    )
    return held, others


def apply_writes(writes: list[Write], events: list[ChangeEvent]) -> None:
    """Apply ``writes`` in the caller's transaction: their rows, then the fields
    of each new body; their change events go to ``events``."""
    store_rows(writes)
    store_fields({each.page_id: each.body for each in writes if each.body is not None})
    events += [each.event for each in writes if each.event is not None]


def store(render: Render, events: list[ChangeEvent]) -> bool | None:
    """Store a render in the caller's transaction unless a newer one was stored
    meanwhile; its change event goes to ``events``. ``True`` when the page's
    public JSON changed; ``SKIPPED`` when another transaction holds the row (a
    change asking for the page's render again, which enqueues one; another
    worker storing it)."""
    held, others = held_rows([render.page.pk])
    if not held:
        return SKIPPED if others else False
    planned = plan(render, held[render.page.pk])
    if planned is None:
        return False  # a newer render already stored its body
    apply_writes([planned], events)
    return planned.event is not None


def store_rows(writes: list[Write]) -> None:
    """Each write's ``RenderedPage.objects.filter(page_id=...).update(**values)``,
    as one statement for all rows that set the same columns, sent at once
    (``executemany``: one round trip on PostgreSQL, in psycopg's pipeline mode),
    with the bodies sent as parameters (``cms.database.bound_cursor``)."""
    fields = {field.attname: field for field in RenderedPage._meta.concrete_fields}
    by_columns: dict[tuple[str, ...], list[Write]] = {}
    for each in writes:
        by_columns.setdefault(tuple(each.values), []).append(each)
    for names, group in by_columns.items():
        columns = ", ".join(f"{fields[name].column} = %s" for name in names)
        with bound_cursor() as cursor:
            cursor.executemany(
                f"UPDATE {RenderedPage._meta.db_table} SET {columns} "  # noqa: S608
                "WHERE page_id = %s",
                [
                    [
                        *(
                            fields[name].get_db_prep_save(each.values[name], connection)
                            for name in names
                        ),
                        each.page_id,
                    ]
                    for each in group
                ],
            )


def store_batch(renders: list[Render], failed: list[int], skipped: list[int]) -> int:
    """Store a batch's renders in one transaction, which waits for the disk
    once rather than once a page: all rows held with one statement and written
    with a few, with one write of their change events. Should that fail, each
    page is stored again in a savepoint of its own, so that one page's failure
    is its own. The number of pages whose JSON changed."""
    try:
        return store_together(renders, skipped)
    except Exception:
        logger.warning(
            "storing pages %s together failed; storing each alone",
            [render.page.pk for render in renders][:20],
            exc_info=True,
        )
    changed = 0
    events: list[ChangeEvent] = []
    with transaction.atomic():
        for render in renders:
            try:
                with transaction.atomic():
                    outcome = store(render, events)
            except Exception:
                logger.exception("storing page %s failed", render.page.pk)
                failed.append(render.page.pk)
                continue
            if outcome is SKIPPED:
                skipped.append(render.page.pk)
            else:
                changed += outcome
        changes.write_events(events)
    return changed


def store_together(renders: list[Render], skipped: list[int]) -> int:
    """``store_batch`` at once; what it skipped goes to ``skipped`` only once
    its transaction has committed."""
    events: list[ChangeEvent] = []
    with transaction.atomic():
        held, others = held_rows([render.page.pk for render in renders])
        writes = [
            planned
            for render in renders
            if render.page.pk in held
            and (planned := plan(render, held[render.page.pk])) is not None
        ]
        apply_writes(writes, events)
        changes.write_events(events)
    skipped += [render.page.pk for render in renders if render.page.pk in others]
    return len(events)


def compressed_bodies(body: bytes) -> dict[str, bytes | None]:
    worth = worth_compressing(len(body))
    return {
        encoding: compress(body, encoding) if worth else None for encoding in ENCODINGS
    }


@task(backend=settings.BACKGROUND_TASKS, queue_name="rendering")
def render_pages() -> dict[str, int]:
    """Render every page that waits for it, in page order, in batches. A page
    that fails to render is logged and left waiting (its previous body, if any,
    is still served) until the next change asks again; the task then fails,
    naming them."""
    freeze_loaded_objects()  # once per worker process (cms.memory)
    rendered = changed = 0
    failed: list[int] = []
    skipped: list[int] = []
    after = 0
    while True:
        rows = {
            row["page_id"]: row
            for row in RenderedPage.objects.filter(
                rendered__lt=F("wanted"), page_id__gt=after
            )
            .order_by("page_id")
            .values("page_id", *ROW_FIELDS)[:BATCH_SIZE]
        }
        if not rows:
            break
        pages = Page.objects.filter(pk__in=rows).select_related("locale").in_bulk()
        public: dict = {}  # the view restrictions, read once per batch
        waiting = [
            page_id
            for page_id, row in rows.items()
            if page_id in pages and changes.is_public(pages[page_id], public)
        ]
        try:
            bodies = render_details(waiting)
        except Exception:
            # One page's failure must not hold up the others: each renders
            # alone (and fails alone, logged) below.
            logger.exception("rendering pages %s together failed", waiting[:20])
            bodies = {}
        renders = []
        batch_failed: list[int] = []
        batch_skipped: list[int] = []
        for page_id, row in rows.items():
            try:
                render = prepare(page_id, row, pages.get(page_id), public, bodies)
            except Exception:
                logger.exception("rendering page %s failed", page_id)
                batch_failed.append(page_id)
                continue
            if render is not None:
                renders.append(render)
        changed += store_batch(renders, batch_failed, batch_skipped)
        rendered += len(rows) - len(batch_failed) - len(batch_skipped)
        failed += batch_failed
        skipped += batch_skipped
        after = max(rows)
    if skipped:
        # Their rows were held by changes, which ask for a render of their own
        # once committed; one rolled back asks for none, so look again shortly.
        render_pages.using(run_after=timezone.now() + SKIPPED_RETRY).enqueue()
    if failed:
        # Recorded as the task's failure, with this traceback, for whoever
        # looks at the worker's results; the pages wait for the next change.
        raise RenderFailed(f"{len(failed)} pages failed to render: {failed[:20]}")
    return {"rendered": rendered, "changed": changed, "skipped": len(skipped)}


def materialize_all() -> int:
    """Ask for a render of every public page (deploys, the nightly re-render of
    date-dependent status); the number of pages asked for."""
    ids = [
        page.pk for page in Page.objects.live().iterator() if changes.is_public(page)
    ]
    with transaction.atomic():
        request_renders({ALL, *(page_tag(pk) for pk in ids)})
    return len(ids)


def compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# Rows an INSERT: about 9 pages. A whole batch's at once would leave the worker
# 10 MB larger for good; 900 parameters are within SQLite's limit.
FIELDS_A_STATEMENT = 300


def store_fields(bodies: dict[int, bytes]) -> None:
    """Each top-level field of each page's detail JSON, and each meta field as
    ``meta.<name>``: what a listing item is made of."""
    if not bodies:
        return
    rows = []
    for page_id, body in bodies.items():
        data = json.loads(body)
        values = {name: value for name, value in data.items() if name != "meta"}
        values |= {
            f"meta.{name}": value for name, value in data.get("meta", {}).items()
        }
        rows += [(page_id, name, compact(value)) for name, value in values.items()]
    RenderedField.objects.filter(page_id__in=bodies).delete()
    if not rows:
        return
    # INSERTs of a few pages each, with a row of parameters a field. Django's
    # bulk_create sends PostgreSQL arrays (UNNEST), and psycopg escapes each
    # element of a text array in Python, character class by character class
    # (25 ms a page); sent in binary, arrays leave the worker 4 MB larger.
    table = RenderedField._meta.db_table
    with bound_cursor() as cursor:
        for start in range(0, len(rows), FIELDS_A_STATEMENT):
            chunk = rows[start : start + FIELDS_A_STATEMENT]
            cursor.execute(
                f"INSERT INTO {table} (page_id, name, value) VALUES "  # noqa: S608
                + ", ".join(["(%s, %s, %s)"] * len(chunk)),
                [value for row in chunk for value in row],
            )


def enabled() -> bool:
    """``API_RENDERED_PAGES``: reads answered from the rendered pages."""
    return getattr(settings, "API_RENDERED_PAGES", True)


def stored_items(pages: list[Page], serializer_class) -> dict[int, dict[str, Any]]:
    """Listing items of ``pages`` assembled from their rendered fields, in the
    serializer's field order, for the pages whose body is current today; a page
    missing any field is left out (the caller renders it)."""
    field_names = list(serializer_class.Meta.fields)
    meta_names = set(serializer_class.meta_fields)
    wanted = ["type", "path"]
    for name in field_names:
        wanted.append(f"meta.{name}" if name in meta_names else name)
    today = timezone.localdate()
    stored: dict[int, dict[str, str]] = {}
    ids = [page.pk for page in pages]
    for page_id, name, value in RenderedField.objects.filter(
        page_id__in=ids,
        # Said of the rendered page too: else PostgreSQL reads every rendered
        # page to join the few wanted (1.2 ms at 5,000 pages, growing).
        page__page_id__in=ids,
        page__rendered_on=today,
        page__body__isnull=False,
        name__in=wanted,
    ).values_list("page_id", "name", "value"):
        stored.setdefault(page_id, {})[name] = value
    items = {}
    for page_id, values in stored.items():
        if len(values) != len(set(wanted)):
            continue
        meta = {
            name: json.loads(values[f"meta.{name}"])
            for name in field_names
            if name in meta_names
        }
        item: dict[str, Any] = {"id": page_id}
        item["type"] = json.loads(values["type"])
        item["path"] = json.loads(values["path"])
        if meta:
            item["meta"] = meta
        for name in field_names:
            if name not in meta_names and name != "id":
                item[name] = json.loads(values[name])
        items[page_id] = item
    return items
