"""The change feed (issue 13): every change to public content, in order, with a
cursor; nothing about drafts or hidden pages; a 410 past the retention."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction

import pytest

from api.changes import latest_cursor
from api.materialize import materialize_all
from api.models import ChangeEvent
from cms.tasks import run_ready_tasks
from pages.models import ArticlePage
from pages.representations import page_path

pytestmark = pytest.mark.django_db


def changes_since(client, cursor: int, **params) -> dict:
    run_ready_tasks()  # the worker writes the events of rendered pages
    response = client.get("/api/v2/changes/", {"since": cursor, **params})
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "private, no-store"
    return response.json()


@pytest.fixture
def cursor(clinic_site) -> int:
    """The feed's end before the test changes anything, every public page
    rendered by the worker as on a running site."""
    materialize_all()
    run_ready_tasks()
    return latest_cursor()


def test_publishing_a_page_is_an_event_for_it_and_each_page_showing_it(
    client, clinic_site, cursor, validate_response
):
    from snippets.usage import referencing_page_ids

    page = clinic_site.therapy.specific
    page.title = "Mesenchymal stem cells (updated)"
    page.save_revision().publish()
    feed = changes_since(client, cursor)
    validate_response(feed, "ChangeFeed")
    assert feed["has_more"] is False
    event, *others = feed["items"]
    # The pages that link to it show its new title: their JSON changed too.
    assert {other["page"]["id"] for other in others} == {
        pk for pk in referencing_page_ids([page]) if Page.objects.get(pk=pk).live
    }
    assert {other["type"] for other in others} == {"page_published"}
    assert event["type"] == "page_published"
    assert event["page"] == {
        "id": page.pk,
        "type": "pages.TherapyPage",
        "locale": "en",
        "path": page_path(page),
    }
    assert feed["next_cursor"] == feed["items"][-1]["id"] > event["id"] > cursor


def test_a_first_publish_is_an_event_and_a_draft_save_is_none(
    client, clinic_site, cursor
):
    page = clinic_site.draft_page.specific
    page.summary = "Still a draft"
    page.save_revision()
    assert changes_since(client, cursor)["items"] == []
    page.save_revision().publish()
    [event] = [
        e for e in changes_since(client, cursor)["items"] if e["page"]["id"] == page.pk
    ]
    assert event["type"] == "page_published"


def test_unpublishing_is_an_event_with_the_last_public_path(
    client, clinic_site, cursor
):
    page = clinic_site.therapy.specific
    path = page_path(page)
    page.unpublish()
    [event] = [
        e for e in changes_since(client, cursor)["items"] if e["page"]["id"] == page.pk
    ]
    assert event["type"] == "page_unpublished"
    assert event["page"]["path"] == path


def test_restricting_a_page_removes_it_and_lifting_the_restriction_adds_it(
    client, clinic_site, cursor
):
    page = clinic_site.therapy
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    restriction.delete()
    events = changes_since(client, cursor)["items"]
    assert [(e["type"], e["page"]["id"]) for e in events] == [
        ("page_unpublished", page.pk),
        ("page_published", page.pk),
    ]


def test_moving_a_page_names_its_old_and_new_path(client, clinic_site, cursor):
    old = page_path(clinic_site.article)
    clinic_site.article.move(clinic_site.therapies, pos="last-child")
    moved = [
        e for e in changes_since(client, cursor)["items"] if e["type"] == "page_moved"
    ]
    new = page_path(Page.objects.get(pk=clinic_site.article.pk))
    assert [(e["page"]["id"], e["old_path"], e["page"]["path"]) for e in moved] == [
        (clinic_site.article.pk, old, new)
    ]


def test_deleting_a_page_leaves_a_tombstone(client, clinic_site, cursor):
    page = clinic_site.therapy
    path = page_path(page)
    page.delete()
    [event] = [
        e for e in changes_since(client, cursor)["items"] if e["type"] == "page_deleted"
    ]
    assert event["page"] == {
        "id": page.pk,
        "type": "pages.TherapyPage",
        "locale": "en",
        "path": path,
    }


def test_a_hidden_page_changes_make_no_event(client, clinic_site, cursor):
    restricted = clinic_site.restricted_page.specific
    restricted.title = "Members only, updated"
    restricted.save_revision().publish()
    restricted.unpublish()
    clinic_site.draft_page.delete()
    assert changes_since(client, cursor)["items"] == []


def test_a_doctor_edit_lists_exactly_the_public_pages_that_show_it(
    client, clinic_site, cursor, validate_response
):
    doctor = clinic_site.doctor
    # A draft and a restricted page show the doctor too: they are not named.
    clinic_site.articles.add_child(
        instance=ArticlePage(
            title="Draft about Lana",
            slug="draft-lana",
            summary="Draft",
            kind="article",
            author=doctor,
            live=False,
        )
    )
    clinic_site.restricted_page.add_child(
        instance=ArticlePage(
            title="Members on Lana",
            slug="members-lana",
            summary="Members",
            kind="article",
            author=doctor,
        )
    )
    cursor = latest_cursor()
    doctor.role = "Neurologist"
    doctor.save_revision().publish()
    events = [
        e
        for e in changes_since(client, cursor)["items"]
        if e["type"] == "object_changed"
    ]
    assert events, "no event for the doctor"
    for event in events:
        validate_response(event, "ObjectChangedEvent")
    event = events[-1]
    assert event["object"] == {"type": "doctor", "id": doctor.pk, "locale": "en"}
    shown_by = {
        clinic_site.article.pk,
        clinic_site.condition.pk,
        clinic_site.german_condition.pk,
    }
    assert {page["id"] for page in event["pages"]} == shown_by
    for page in event["pages"]:
        assert page["path"] == page_path(Page.objects.get(pk=page["id"]))


def test_a_doctor_draft_save_is_no_event(client, clinic_site, cursor):
    doctor = clinic_site.doctor
    doctor.role = "Draft role"
    doctor.save_revision()
    assert changes_since(client, cursor)["items"] == []


def test_redirects_are_in_the_feed(client, clinic_site, cursor):
    redirect = Redirect.objects.create(
        old_path="/old-msc", redirect_page=clinic_site.therapy
    )
    redirect.delete()
    # One to a hidden page would name its path: not in the feed.
    Redirect.objects.create(
        old_path="/old-members", redirect_page=clinic_site.restricted_page
    )
    events = changes_since(client, cursor)["items"]
    assert [(e["type"], e["redirect"]["old_path"]) for e in events] == [
        ("redirect_created", "/old-msc"),
        ("redirect_deleted", "/old-msc"),
    ]
    assert events[0]["redirect"]["target"] == page_path(clinic_site.therapy)


def test_cursor_pagination_walks_every_event_once_in_order(client, clinic_site, cursor):
    page = clinic_site.therapy.specific
    for number in range(5):
        page.summary = f"Version {number}"
        page.save_revision().publish()
        run_ready_tasks()  # the worker renders each version before the next
    seen, since = [], cursor
    while True:
        feed = changes_since(client, since, limit=2)
        seen += [(event["id"], event["page"]["id"]) for event in feed["items"]]
        since = feed["next_cursor"]
        if not feed["has_more"]:
            break
    assert [pk for _, pk in seen].count(page.pk) == 5
    assert seen == sorted(seen) and len(set(seen)) == len(seen)
    assert changes_since(client, since)["items"] == []
    # Without a cursor: from the oldest change kept.
    assert client.get("/api/v2/changes/").json()["items"]


@pytest.mark.parametrize("query", ["since=-1", "since=x", "limit=0", "limit=501"])
def test_bad_cursors_and_limits_are_refused(client, query):
    assert client.get(f"/api/v2/changes/?{query}").status_code == 400


def test_pruning_drops_old_events_and_an_older_cursor_answers_410(
    client, clinic_site, cursor, settings, validate_response
):
    settings.CHANGE_FEED_RETENTION_DAYS = 30
    page = clinic_site.therapy.specific
    page.summary = "Old"
    page.save_revision().publish()
    run_ready_tasks()
    old_id = latest_cursor()
    ChangeEvent.objects.filter(pk__lte=old_id).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    page.summary = "New"
    page.save_revision().publish()
    run_ready_tasks()
    out = StringIO()
    call_command("prune_change_feed", stdout=out)
    assert "Deleted" in out.getvalue()
    assert not ChangeEvent.objects.filter(pk__lte=old_id).exists()
    response = client.get("/api/v2/changes/", {"since": cursor})
    assert response.status_code == 410
    assert response["Cache-Control"] == "private, no-store"
    gone = response.json()
    validate_response(gone, "ChangesGone")
    assert "sitemap" in gone["message"]
    assert gone["next_cursor"] == latest_cursor()
    # From the horizon on, nothing was lost.
    assert [
        event["page"]["id"] for event in changes_since(client, old_id)["items"]
    ].count(page.pk) == 1
    assert client.get("/api/v2/changes/").json()["next_cursor"] == latest_cursor()


def test_every_event_type_has_its_schema(openapi_document):
    union = openapi_document["components"]["schemas"]["Change"]
    assert set(union["discriminator"]["mapping"]) == set(ChangeEvent.Type.values)


def test_a_410_varies_like_the_feed_itself(client, clinic_site, settings):
    """The 410 is built outside DRF: its Vary must still be the feed's (docs/api.md)."""
    clinic_site.therapy.specific.save_revision().publish()
    ChangeEvent.objects.update(created_at=timezone.now() - datetime.timedelta(days=99))
    call_command("prune_change_feed", stdout=StringIO())
    feed = client.get("/api/v2/changes/", HTTP_ORIGIN="http://localhost:3000")
    gone = client.get("/api/v2/changes/?since=0", HTTP_ORIGIN="http://localhost:3000")
    assert gone.status_code == 410
    assert gone["Vary"] == feed["Vary"]


def test_listings_filter_and_order_by_last_publish(client, clinic_site):
    old = timezone.now() - datetime.timedelta(days=3)
    Page.objects.update(last_published_at=old)
    first = clinic_site.therapy.specific
    first.save_revision().publish()
    since = first.last_published_at
    latest = clinic_site.article.specific
    latest.save_revision().publish()
    response = client.get(
        "/api/v2/pages/",
        {"updated_since": since.isoformat(), "order": "-last_published_at"},
    )
    assert response.status_code == 200, response.content
    assert [item["id"] for item in response.json()["items"]] == [latest.pk, first.pk]
    naive_utc = since.astimezone(datetime.UTC).replace(tzinfo=None).isoformat()
    response = client.get("/api/v2/pages/", {"updated_since": naive_utc})
    assert {item["id"] for item in response.json()["items"]} == {latest.pk, first.pk}
    everything = client.get("/api/v2/pages/?order=last_published_at&limit=100")
    assert everything.json()["items"][-1]["id"] == latest.pk


@pytest.mark.parametrize(
    "query",
    [
        "updated_since=yesterday",
        "updated_since=2026-02-30T00:00:00Z",
        "updated_since=2026-03-05",
        "order=last_published",
    ],
)
def test_bad_update_filters_are_refused(client, query):
    response = client.get(f"/api/v2/pages/?{query}")
    assert response.status_code == 400, response.content
