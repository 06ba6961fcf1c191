"""Early answers without a query, on PostgreSQL (``api.listening``): a process that
hears of every change to the rendered pages answers a read it has answered
before, and its revalidation, from what it read; a change is served as soon as it
is heard of; what leaves public view is never answered from memory; a lost
connection forgets everything until the process listens again."""

from contextlib import closing

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import psycopg
import pytest

from api.early import rendered_pages
from api.listening import CHANNEL, RenderedChanges
from api.models import RenderedPage
from cms.tasks import run_ready_tasks
from pages.representations import page_path
from tests.factories.pages import ConditionIndexPageFactory, ConditionPageFactory
from tests.processes import eventually

pytestmark = [
    # Changes must commit for a notification to be sent. serialized_rollback: the
    # flush afterwards leaves the database as the next serialized test expects it.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite has no LISTEN/NOTIFY"
    ),
]


@pytest.fixture
def condition(home_page):
    page = ConditionPageFactory(
        parent=ConditionIndexPageFactory(parent=home_page), title="ALS"
    )
    page.save_revision().publish()
    run_ready_tasks()
    assert RenderedPage.objects.get(page_id=page.pk).body is not None
    return page


def detail(page) -> str:
    return f"/api/v2/pages/{page.pk}/"


def find(page) -> str:
    return f"/api/v2/pages/find/?html_path={page_path(page)}"


def queries_of(client, url: str, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


def test_a_read_answered_before_needs_no_query(client, listening, condition):
    queries = rendered_pages.queries
    for url in (detail(condition), find(condition)):
        first, asked = queries_of(client, url)
        assert (first.status_code, first["X-API-Cache"], asked) == (200, "hit", 1)

        again, asked = queries_of(client, url)
        assert (again.status_code, again["X-API-Cache"], asked) == (200, "hit", 0)
        assert again.content == first.content
        assert again["ETag"] == first["ETag"]
        assert again["Last-Modified"] == first["Last-Modified"]

        revalidated, asked = queries_of(client, url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert (revalidated.status_code, asked) == (304, 0)
        assert revalidated["ETag"] == first["ETag"]
    # What the health check's bookkeeping counts (api.early.EarlyAnswersMiddleware)
    assert rendered_pages.queries == queries + 2


def test_a_change_is_served_as_soon_as_it_is_heard_of(client, listening, condition):
    before = client.get(detail(condition))
    client.get(detail(condition))
    assert listening.row(condition.pk) is not None

    condition.title = "ALS (revised)"
    condition.save_revision().publish()
    run_ready_tasks()
    eventually(lambda: listening.row(condition.pk) is None)

    after, asked = queries_of(client, detail(condition))
    assert asked == 1
    assert after["ETag"] != before["ETag"]
    assert after.json()["title"] == "ALS (revised)"
    again, asked = queries_of(client, detail(condition))
    assert (again.content, asked) == (after.content, 0)


def test_what_leaves_public_view_is_not_answered_from_memory(
    client, listening, condition
):
    for url in (detail(condition), find(condition)):
        client.get(url)
        assert queries_of(client, url)[1] == 0

    condition.unpublish()
    eventually(lambda: listening.row(condition.pk) is None)

    for url in (detail(condition), find(condition)):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"ALS" not in response.content


def test_a_page_moved_to_another_path_is_found_at_the_new_one(
    client, listening, condition
):
    old = find(condition)
    client.get(old)
    assert queries_of(client, old)[1] == 0

    condition.slug = "als-moved"
    condition.save_revision().publish()
    run_ready_tasks()
    eventually(lambda: listening.row(condition.pk) is None)
    condition = type(condition).objects.get(pk=condition.pk)

    assert client.get(old).status_code == 404
    moved = client.get(find(condition))
    assert moved.status_code == 200
    assert moved.json()["id"] == condition.pk


def test_a_row_read_while_a_change_arrives_is_not_kept(listening, condition):
    validators = (condition.pk, '"etag"', 0, None, False)
    token = listening.token()
    listening.heard_of(str(condition.pk))
    listening.keep(token, validators)
    assert listening.row(condition.pk) is None

    listening.keep(listening.token(), validators)
    assert listening.row(condition.pk) == validators

    # Inside a transaction the process may see its own writes, not yet announced.
    with transaction.atomic():
        assert not listening.trusted()
        assert listening.row(condition.pk) is None


def test_a_lost_connection_forgets_everything_until_it_listens_again(
    client, listening, condition
):
    client.get(detail(condition))
    assert queries_of(client, detail(condition))[1] == 0
    generation = listening.generation

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'api-rendered-changes' "
            "AND datname = current_database()"
        )
    eventually(lambda: listening.generation > generation)
    # Forgotten: the next read asks the database again, then is kept anew once
    # the thread listens again.
    assert listening.row(condition.pk) is None
    assert queries_of(client, detail(condition))[1] == 1
    eventually(listening.trusted)
    client.get(detail(condition))
    assert queries_of(client, detail(condition))[1] == 0


def notices(listener: psycopg.Connection) -> list[str]:
    return [n.payload for n in listener.notifies(timeout=0.3)]


def test_the_trigger_announces_what_early_answers_read_and_nothing_else(condition):
    params = RenderedChanges._connection_params()
    with closing(psycopg.connect(autocommit=True, **params)) as listener:
        listener.execute(f"LISTEN {CHANNEL}")
        rows = RenderedPage.objects.filter(page_id=condition.pk)
        pk = condition.pk

        rows.update(wanted=rows.get().wanted + 5)  # a render asked for
        assert notices(listener) == []
        rows.update(rendered_at=rows.get().rendered_at)
        assert notices(listener) == []

        rows.update(etag='"another"')
        assert notices(listener) == [str(pk)]
        rows.update(last_modified=1)
        assert notices(listener) == [str(pk)]
        rows.update(body_br=None)
        assert notices(listener) == [str(pk)]
        rows.update(path="/elsewhere/")
        assert notices(listener) == [f"{pk} path"]

        rows.update(body=None)
        assert notices(listener) == [str(pk)]
        rows.delete()
        assert notices(listener) == [f"{pk} path"]

        site = Site.objects.get(is_default_site=True)
        site.save()
        # Saving a site also asks for its pages' renders (announced after it).
        assert notices(listener)[0] == "*"
