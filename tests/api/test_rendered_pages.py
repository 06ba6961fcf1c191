"""Page JSON rendered by the worker when content changes, served from the
database (issue 14): a publish renders the page in the worker, a change to a
doctor renders exactly the pages showing it, a page waiting for its render keeps
serving the previous body, what leaves public view is never served from a
rendered body, and a render with the same bytes is no change for the feed."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

import pytest

from api.bodies import local_bodies
from api.changes import latest_cursor
from api.early import rendered_pages
from api.listening import RenderedChanges
from api.materialize import (
    render_detail,
    render_details,
    render_pages,
    request_renders,
)
from api.models import ChangeEvent, RenderedField, RenderedPage
from cms.tasks import ready_tasks, run_ready_tasks
from pages.representations import page_path
from tests.factories.pages import ConditionPageFactory

pytestmark = pytest.mark.django_db

# Headers the middleware outside the early answer adds to both answers alike.
SAME_HEADERS = (
    "Content-Type",
    "ETag",
    "Cache-Control",
    "Vary",
    "X-Frame-Options",
    "Content-Encoding",
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Resource-Policy",
)


def detail_url(page) -> str:
    return f"/api/v2/pages/{page.pk}/"


def rendered(page) -> RenderedPage:
    return RenderedPage.objects.get(page_id=page.pk)


def waiting_renders() -> int:
    return ready_tasks().filter(task_path=render_pages.module_path).count()


def publish(page, **changes):
    page = page.specific
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def published_copies(parent, count: int, title: str) -> list:
    """``count`` condition pages under ``parent``, titled ``<title> <n>``, each
    published (asking for its render)."""
    pages = [
        ConditionPageFactory(
            parent=parent, title=f"{title} {n}", slug=f"{title}-{count}-{n}".lower()
        )
        for n in range(count)
    ]
    for page in pages:
        page.save_revision().publish()
    return pages


@pytest.fixture
def rendered_condition(clinic_site):
    """The condition page, rendered by the worker."""
    page = publish(clinic_site.condition)
    run_ready_tasks()
    return page


def test_a_publish_is_rendered_by_the_worker_not_in_the_request(client, clinic_site):
    page = publish(clinic_site.therapy, title="Stem cells (revised)")
    row = rendered(page)
    assert row.body is None and row.rendered < row.wanted
    assert waiting_renders() == 1

    assert run_ready_tasks() == 1
    row = rendered(page)
    assert row.rendered == row.wanted
    assert row.path == page_path(page)
    with override_settings(API_RESPONSE_CACHE=False):
        fresh = client.get(detail_url(page))
    assert bytes(row.body) == fresh.content
    assert b"Stem cells (revised)" in fresh.content


def test_the_rendered_answer_has_the_views_bytes_and_headers(
    client, rendered_condition
):
    page = rendered_condition
    served = client.get(detail_url(page), HTTP_ORIGIN="http://localhost:3000")
    assert served["X-API-Cache"] == "hit"
    RenderedPage.objects.filter(page_id=page.pk).delete()
    viewed = client.get(detail_url(page), HTTP_ORIGIN="http://localhost:3000")
    assert viewed["X-API-Cache"] == "miss"
    assert served.content == viewed.content
    for header in SAME_HEADERS:
        assert served.get(header) == viewed.get(header), header
    assert served.headers.keys() - {"Last-Modified"} == viewed.headers.keys() - {
        "Last-Modified"
    }


def test_each_content_coding_is_served_with_its_own_etag(client, rendered_condition):
    page = rendered_condition
    for encoding in ("br", "gzip"):
        response = client.get(detail_url(page), HTTP_ACCEPT_ENCODING=encoding)
        assert response["Content-Encoding"] == encoding
        assert response["ETag"].endswith(f'-{encoding}"')
        assert bytes(getattr(rendered(page), f"body_{encoding}")) == response.content


def test_revalidation_is_a_304_without_reading_the_body(client, rendered_condition):
    page = rendered_condition
    etag = client.get(detail_url(page))["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(detail_url(page), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert len(queries) == 1


def test_a_hit_is_one_query_once_the_process_holds_the_body(client, rendered_condition):
    page = rendered_condition
    client.get(detail_url(page))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(detail_url(page))
    assert response.status_code == 200
    assert len(queries) == 1


def body_selected(query: dict) -> bool:
    """Whether the query could return a body: the early read asks for it only
    where this process does not hold it (``api.early.RenderedPages``)."""
    return "CASE WHEN" in query["sql"]


@pytest.mark.parametrize("encoding", [None, "br", "gzip"])
def test_a_first_read_is_one_query_with_its_body(client, rendered_condition, encoding):
    """The first read of a page after it was rendered, by a process that holds no
    body of it: the validators and the body come in one round trip."""
    page = rendered_condition
    headers = {"HTTP_ACCEPT_ENCODING": encoding} if encoding else {}
    for path in (detail_url(page), f"/api/v2/pages/find/?html_path={page_path(page)}"):
        rendered_pages.held.clear()
        local_bodies.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, **headers)
        assert response.status_code == 200
        assert response.get("Content-Encoding") == encoding
        column = f"body_{encoding}" if encoding else "body"
        assert response.content == bytes(getattr(rendered(page), column))
        assert len(queries) == 1 and body_selected(queries[0])


def test_a_re_render_is_served_at_once_by_a_process_holding_the_old_body(
    client, rendered_condition
):
    page = rendered_condition
    old = client.get(detail_url(page))
    publish(page, summary="Rewritten summary")
    run_ready_tasks()
    with CaptureQueriesContext(connection) as queries:
        new = client.get(detail_url(page))
    assert new["ETag"] != old["ETag"]
    assert b"Rewritten summary" in new.content
    assert new.content == bytes(rendered(page).body)
    assert len(queries) == 1


def test_without_bodies_kept_in_process_every_read_is_one_query(
    client, rendered_condition, settings
):
    settings.API_LOCAL_BODIES = 0
    page = rendered_condition
    first = client.get(detail_url(page))
    with CaptureQueriesContext(connection) as queries:
        again = client.get(detail_url(page))
    assert again.content == first.content
    assert len(queries) == 1


def test_find_by_path_is_answered_from_the_rendered_page(client, rendered_condition):
    page = rendered_condition
    path = page_path(page)
    detail = client.get(detail_url(page))
    for asked in (path, path.rstrip("/"), "/" + path.strip("/").replace("/", "//")):
        found = client.get("/api/v2/pages/find/", {"html_path": asked})
        assert found["X-API-Cache"] == "hit", asked
        assert found.content == detail.content
    # Any other parameter goes to the view.
    other = client.get("/api/v2/pages/find/", {"html_path": path, "fields": "*"})
    assert other.get("X-API-Cache") != "hit"


def test_a_page_not_yet_rendered_is_rendered_on_request(client, clinic_site):
    page = clinic_site.article
    assert not RenderedPage.objects.filter(page_id=page.pk, body__isnull=False)
    response = client.get(detail_url(page))
    assert response.status_code == 200
    assert response["X-API-Cache"] == "miss"
    assert response.json()["title"] == page.title


def test_a_waiting_page_serves_its_previous_body_and_renders_once(
    client, rendered_condition
):
    page = rendered_condition
    before = client.get(detail_url(page))
    publish(page, title="Amyotrophic lateral sclerosis (revised)")
    first = client.get(detail_url(page))
    second = client.get(detail_url(page), HTTP_IF_NONE_MATCH=before["ETag"])
    assert first.content == before.content
    assert first["Last-Modified"] == before["Last-Modified"]
    assert second.status_code == 304
    assert waiting_renders() == 1

    assert run_ready_tasks() == 1
    after = client.get(detail_url(page))
    assert b"(revised)" in after.content
    assert after["ETag"] != before["ETag"]


def test_a_render_with_the_same_bytes_is_no_change(client, rendered_condition):
    page = rendered_condition
    row = rendered(page)
    cursor = latest_cursor()
    request_renders({f"page:{page.pk}"})
    run_ready_tasks()
    again = rendered(page)
    assert again.rendered == again.wanted > row.rendered
    assert (again.etag, again.last_modified) == (row.etag, row.last_modified)
    assert not ChangeEvent.objects.filter(pk__gt=cursor)


def test_a_render_with_the_same_bytes_rewrites_nothing_but_its_date(
    client, rendered_condition
):
    page = rendered_condition
    fields = dict(
        RenderedField.objects.filter(page_id=page.pk).values_list("name", "pk")
    )
    row = rendered(page)
    RenderedPage.objects.filter(page_id=page.pk).update(
        rendered_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    request_renders({f"page:{page.pk}"})
    run_ready_tasks()
    again = rendered(page)
    assert again.rendered_on == timezone.localdate()
    assert again.rendered_at > row.rendered_at
    assert bytes(again.body_br) == bytes(row.body_br)
    # The same field rows: not deleted and written again.
    assert fields
    assert (
        dict(RenderedField.objects.filter(page_id=page.pk).values_list("name", "pk"))
        == fields
    )


def test_pages_rendered_together_have_the_bytes_of_each_request(client, clinic_site):
    pages = [
        clinic_site.condition,
        clinic_site.therapy,
        clinic_site.article,
        clinic_site.conditions,
        clinic_site.home,
    ]
    hidden = [clinic_site.restricted_page, clinic_site.unpublished_page]
    together = render_details([page.pk for page in [*hidden, *pages]])
    assert [together[page.pk] for page in hidden] == [None, None]
    with override_settings(API_RESPONSE_CACHE=False, API_RENDERED_PAGES=False):
        for page in pages:
            response = client.get(detail_url(page))
            assert response.status_code == 200
            assert together[page.pk] == response.content == render_detail(page)


def test_rendering_pages_together_takes_as_many_queries_for_six_as_for_two(
    clinic_site,
):
    """What the pages of a batch show (their parents included) is read once for
    all of them."""

    def queries_for(count: int) -> int:
        pages = published_copies(clinic_site.conditions, count, "Together")
        ids = [page.pk for page in pages]
        render_details(ids)  # each page's image renditions made on first use
        with CaptureQueriesContext(connection) as queries:
            bodies = render_details(ids)
        for page in pages:
            assert b'"parent":{"id":%d' % clinic_site.conditions.pk in bodies[page.pk]
        return len(queries)

    assert queries_for(2) == queries_for(6)


def test_a_changed_render_is_one_feed_event_with_its_hash(client, rendered_condition):
    page = rendered_condition
    cursor = latest_cursor()
    publish(page, summary="A revised summary.")
    assert not ChangeEvent.objects.filter(pk__gt=cursor)  # not before the render
    run_ready_tasks()
    [event] = ChangeEvent.objects.filter(pk__gt=cursor)
    assert event.type == ChangeEvent.Type.PAGE_PUBLISHED
    assert event.object_id == page.pk
    assert event.content_hash == rendered(page).content_hash


def test_editing_a_doctor_renders_exactly_the_pages_showing_it(client, clinic_site):
    from snippets.usage import referencing_page_ids

    doctor = clinic_site.doctor
    showing = set(referencing_page_ids([doctor]))
    assert showing, "the test site shows its doctor somewhere"
    for page in (clinic_site.condition, clinic_site.therapy, clinic_site.article):
        publish(page)
    run_ready_tasks()
    before = {row.page_id: row.wanted for row in RenderedPage.objects.all()}

    doctor.name = "Dr. Renamed"
    doctor.save_revision().publish()
    after = {row.page_id: row.wanted for row in RenderedPage.objects.all()}
    asked = {pk for pk in after if after[pk] != before.get(pk)}
    assert asked == showing
    cursor = latest_cursor()
    run_ready_tasks()
    events = ChangeEvent.objects.filter(
        pk__gt=cursor, type=ChangeEvent.Type.PAGE_PUBLISHED
    )
    assert {event.object_id for event in events} <= showing
    for page_id in showing & set(before):
        assert b"Dr. Renamed" in bytes(RenderedPage.objects.get(page_id=page_id).body)


def test_an_unpublished_page_is_never_served_from_its_rendered_body(
    client, rendered_condition
):
    page = rendered_condition
    assert client.get(detail_url(page))["X-API-Cache"] == "hit"
    page.unpublish()
    assert client.get(detail_url(page)).status_code == 404
    assert (
        client.get("/api/v2/pages/find/", {"html_path": page_path(page)}).status_code
        == 404
    )
    run_ready_tasks()
    assert not RenderedPage.objects.filter(page_id=page.pk).exists()


def test_a_restricted_page_is_never_served_from_its_rendered_body(
    client, rendered_condition
):
    from wagtail.models import PageViewRestriction

    page = rendered_condition
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(detail_url(page)).status_code == 404


def test_an_unpublished_doctor_leaves_the_pages_showing_it_at_once(client, clinic_site):
    doctor = clinic_site.doctor
    page = publish(clinic_site.condition)
    run_ready_tasks()
    assert doctor.name.encode() in client.get(detail_url(page)).content
    doctor.unpublish()
    response = client.get(detail_url(page))
    assert response["X-API-Cache"] != "hit"
    assert doctor.name.encode() not in response.content


def test_a_body_rendered_yesterday_is_not_served(client, rendered_condition):
    page = rendered_condition
    RenderedPage.objects.filter(page_id=page.pk).update(
        rendered_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert client.get(detail_url(page))["X-API-Cache"] != "hit"


def test_rendered_answers_have_their_own_switch(client, rendered_condition):
    with override_settings(API_RESPONSE_CACHE=False):
        assert client.get(detail_url(rendered_condition))["X-API-Cache"] == "hit"
    with override_settings(API_RENDERED_PAGES=False):
        assert client.get(detail_url(rendered_condition))["X-API-Cache"] == "miss"


def test_materialize_pages_asks_for_every_public_page(clinic_site):
    from django.core.management import call_command

    call_command("materialize_pages", verbosity=0)
    run_ready_tasks()
    served = set(
        RenderedPage.objects.filter(body__isnull=False).values_list(
            "page_id", flat=True
        )
    )
    assert clinic_site.condition.pk in served
    for hidden in (
        clinic_site.draft_page,
        clinic_site.unpublished_page,
        clinic_site.restricted_page,
    ):
        assert hidden.pk not in served


def test_materialize_pages_can_expire_every_cached_response(client, clinic_site):
    """After data loaded without the CMS's signals (``loaddata``, a restore):
    the cached responses carry the generations it renews."""
    from django.core.management import call_command

    from api.cache import ALL, LISTINGS, current_generations

    before = current_generations([ALL, LISTINGS])
    call_command("materialize_pages", verbosity=0)
    assert current_generations([ALL, LISTINGS]) == before

    listing = "/api/v2/pages/?type=pages.ConditionPage"
    client.get(listing)
    assert client.get(listing)["X-API-Cache"] == "hit"
    call_command("materialize_pages", "--expire-responses", verbosity=0)
    after = current_generations([ALL, LISTINGS])
    assert after[ALL] != before[ALL] and after[LISTINGS] != before[LISTINGS]
    assert client.get(listing)["X-API-Cache"] == "miss"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?type=pages.ConditionPage&fields=summary",
        "/api/v2/site/",
        "/api/v2/doctors/",
    ],
)
def test_a_cache_hit_is_answered_before_the_viewset_with_the_views_headers(
    client, clinic_site, url
):
    """Any URL the response cache holds is answered early, like a rendered page."""
    from django.urls import resolve

    miss = client.get(url, HTTP_ORIGIN="http://localhost:3000")
    assert miss["X-API-Cache"] == "miss"
    view = resolve(url.split("?")[0]).func
    calls = []
    original = view.cls.dispatch
    view.cls.dispatch = lambda self, *args, **kwargs: (
        calls.append(1) or original(self, *args, **kwargs)
    )
    try:
        hit = client.get(url, HTTP_ORIGIN="http://localhost:3000")
        revalidated = client.get(url, HTTP_IF_NONE_MATCH=miss["ETag"])
    finally:
        view.cls.dispatch = original
    assert calls == []
    assert hit["X-API-Cache"] == "hit"
    assert hit.content == miss.content
    assert dict(hit.headers) == dict(miss.headers) | {"X-API-Cache": "hit"}
    assert revalidated.status_code == 304


@pytest.mark.parametrize("rendered_first", [False, True])
def test_deleting_pages_leaves_no_rendered_row_behind(
    client, clinic_site, rendered_first
):
    """A deletion asks for no render of the pages it deletes (their rows would
    outlive them: a foreign key violation when the transaction commits)."""
    if rendered_first:
        publish(clinic_site.therapies)
        run_ready_tasks()
    section = clinic_site.therapies
    deleted = [page.pk for page in section.get_descendants(inclusive=True)]
    section.delete()
    connection.check_constraints()
    assert not RenderedPage.objects.filter(page_id__in=deleted).exists()


def test_a_listener_not_heard_from_is_not_used(client, rendered_condition):
    """Unless this process listens for changes (PostgreSQL, ``api.listening``) and
    has heard from its thread lately, what it read is neither kept nor used."""
    quiet = RenderedChanges()
    assert not quiet.trusted()
    validators = (rendered_condition.pk, '"etag"', 0, None, False)
    quiet.keep(quiet.token(), validators)
    assert quiet.row(rendered_condition.pk) is None
    client.get(detail_url(rendered_condition))
    with CaptureQueriesContext(connection) as queries:
        client.get(detail_url(rendered_condition))
    assert len(queries) == 1


def test_a_page_that_fails_to_store_leaves_the_rest_of_its_batch_stored(
    clinic_site, monkeypatch
):
    """A batch is stored in one transaction; when storing it together fails,
    each page is stored in a savepoint of its own: one page's failure rolls back
    that page alone."""
    import api.materialize

    condition, therapy = clinic_site.condition, clinic_site.therapy
    publish(condition, title="ALS (stored?)")
    publish(therapy, title="Stem cells (stored)")
    cursor = latest_cursor()
    store_fields = api.materialize.store_fields

    def failing(bodies: dict[int, bytes]) -> None:
        store_fields(bodies)
        if condition.pk in bodies:
            raise RuntimeError("disk full")

    monkeypatch.setattr(api.materialize, "store_fields", failing)
    run_ready_tasks(raise_failures=False)

    assert rendered(condition).body is None
    assert rendered(condition).rendered < rendered(condition).wanted
    assert not RenderedField.objects.filter(page_id=condition.pk)
    assert b"Stem cells (stored)" in bytes(rendered(therapy).body)
    assert RenderedField.objects.filter(page_id=therapy.pk)
    events = ChangeEvent.objects.filter(pk__gt=cursor, type="page_published")
    announced = set(events.values_list("object_id", flat=True))
    assert therapy.pk in announced and condition.pk not in announced

    monkeypatch.setattr(api.materialize, "store_fields", store_fields)
    request_renders({f"page:{condition.pk}"})
    run_ready_tasks()
    assert b"ALS (stored?)" in bytes(rendered(condition).body)


def test_a_batch_is_stored_with_as_many_statements_for_six_pages_as_for_two(
    clinic_site, monkeypatch
):
    """The worker holds a batch's rows with one statement and writes their
    bodies, fields and events with a few, whatever the number of pages."""
    import api.materialize

    store_batch = api.materialize.store_batch
    counted: list[int] = []

    def counting(renders, failed, skipped):
        with CaptureQueriesContext(connection) as queries:
            changed = store_batch(renders, failed, skipped)
        assert changed == len(renders) and not failed and not skipped
        counted.append(len(queries))
        return changed

    monkeypatch.setattr(api.materialize, "store_batch", counting)
    for count in (2, 6):
        pages = published_copies(clinic_site.conditions, count, "Copy")
        run_ready_tasks()
        for page in pages:
            assert f"Copy {pages.index(page)}".encode() in bytes(rendered(page).body)
            assert RenderedField.objects.filter(page_id=page.pk, name="title")
    assert len(counted) == 2 and counted[0] == counted[1]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite compresses nothing"
)
def test_postgresql_compresses_bodies_and_fields_with_lz4(rendered_condition):
    """pglz cost the worker twice as long to store a page (api/0006)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_compression(body) FROM api_renderedpage "
            "WHERE page_id = %s",
            [rendered_condition.pk],
        )
        assert cursor.fetchone() == ("lz4",)
        cursor.execute(
            "SELECT DISTINCT pg_column_compression(value) FROM api_renderedfield "
            "WHERE page_id = %s AND pg_column_compression(value) IS NOT NULL",
            [rendered_condition.pk],
        )
        assert cursor.fetchall() == [("lz4",)]
