"""Configuration kept per process (``cms.configuration``): the site, the view
restrictions, the locales and the frontend URLs are read from the database once
while the process hears of every change to them (``api.listening``), and read
again as soon as a change is heard of; without a listener, on every request."""

import threading
from contextlib import closing

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Site,
)

import psycopg
import pytest

from api.listening import CHANNEL, CONFIGURATION, RenderedChanges
from cms import configuration as configuration_module
from cms.configuration import ProcessConfiguration, configuration
from pages.models.site_settings import ClinicSettings
from tests.factories.images import ImageFactory
from tests.factories.pages import ConditionIndexPageFactory, ConditionPageFactory
from tests.processes import eventually

postgresql_only = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite has no LISTEN/NOTIFY"
    ),
]

# The tables the kept reads come from.
CONFIGURATION_TABLES = (
    "wagtailcore_site",
    "wagtailcore_pageviewrestriction",
    "wagtailcore_collectionviewrestriction",
    "wagtailcore_locale",
    "pages_clinicsettings",
)


class Loads:
    def __init__(self, value="value"):
        self.value = value
        self.count = 0

    def __call__(self):
        self.count += 1
        return self.value


def test_without_a_voucher_every_read_loads():
    kept = ProcessConfiguration()
    load = Loads()
    assert [kept.read("key", load) for _ in range(3)] == ["value"] * 3
    assert load.count == 3
    assert "key" not in kept


def test_a_vouched_read_is_kept_until_forgotten():
    kept = ProcessConfiguration()
    kept.vouched_by(lambda: True)
    load = Loads()
    assert [kept.read("key", load) for _ in range(3)] == ["value"] * 3
    assert load.count == 1

    kept.forget()
    assert kept.read("key", load) == "value"
    assert load.count == 2


def test_a_read_under_way_when_a_change_is_heard_of_is_not_kept():
    kept = ProcessConfiguration()
    kept.vouched_by(lambda: True)

    def load_then_hear_of_a_change():
        kept.forget()  # the listener's thread, while the read is under way
        return "read before the change"

    assert kept.read("key", load_then_hear_of_a_change) == "read before the change"
    assert "key" not in kept


def test_nothing_is_kept_once_the_voucher_stops_vouching():
    kept = ProcessConfiguration()
    vouching = threading.Event()
    vouching.set()
    kept.vouched_by(vouching.is_set)

    def load_then_lose_the_listener():
        vouching.clear()
        return "value"

    kept.read("key", load_then_lose_the_listener)
    assert "key" not in kept


def test_a_request_reads_once_and_builds_its_own_value():
    """Without a voucher too, a request's context keeps what it read; what
    ``build`` makes is the request's own."""
    kept = ProcessConfiguration()
    kept.vouched_by(lambda: True)
    load = Loads(value=(("a", 1),))
    first, second = {}, {}
    built = [kept.read_for(first, "key", load, dict) for _ in range(2)]
    assert built[0] == {"a": 1} and built[0] is built[1]
    assert kept.read_for(second, "key", load, dict) is not built[0]
    assert load.count == 1

    unvouched, load = ProcessConfiguration(), Loads()
    assert [unvouched.read_for(first, "other", load) for _ in range(2)] == ["value"] * 2
    assert load.count == 1
    assert unvouched.read_for(None, "other", load) == "value" and load.count == 2


def test_endless_keys_are_not_kept(monkeypatch):
    monkeypatch.setattr(configuration_module, "MAX_KEYS", 3)
    kept = ProcessConfiguration()
    kept.vouched_by(lambda: True)
    for host in range(10):
        kept.read(("site", f"host-{host}.example", 80), Loads())
    assert [("site", f"host-{host}.example", 80) in kept for host in range(5)] == [
        True,
        True,
        True,
        False,
        False,
    ]


@pytest.fixture
def rendering_every_request(settings):
    """The view's own path on every read: no response cache, no rendered rows."""
    settings.API_RESPONSE_CACHE = False
    settings.API_RENDERED_PAGES = False


@pytest.fixture
def condition(home_page):
    page = ConditionPageFactory(
        parent=ConditionIndexPageFactory(parent=home_page), title="ALS"
    )
    page.save_revision().publish()
    return page


def configuration_queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return [
        query["sql"]
        for query in queries.captured_queries
        if any(f'FROM "{table}"' in query["sql"] for table in CONFIGURATION_TABLES)
    ]


@pytest.mark.django_db
def test_without_a_listener_every_request_reads_the_configuration(
    client, rendering_every_request, condition
):
    url = f"/api/v2/pages/{condition.pk}/"
    configuration_queries(client, url)
    assert len(configuration_queries(client, url)) >= 4


class TestWhileListening:
    pytestmark = postgresql_only

    def test_a_read_asks_the_database_for_no_configuration(
        self, client, listening, rendering_every_request, condition
    ):
        url = f"/api/v2/pages/{condition.pk}/"
        before = client.get(url).content
        assert configuration_queries(client, url) == []
        assert "restricted_page_paths" in configuration
        assert client.get(url).content == before

    def test_a_restriction_added_hides_the_page_as_soon_as_it_is_heard_of(
        self, client, listening, rendering_every_request, condition
    ):
        url = f"/api/v2/pages/{condition.pk}/"
        client.get(url)
        assert configuration_queries(client, url) == []

        PageViewRestriction.objects.create(
            page=condition, restriction_type="password", password="secret"
        )
        eventually(lambda: "restricted_page_paths" not in configuration)
        response = client.get(url)
        assert response.status_code == 404
        assert b"ALS" not in response.content

    def test_an_image_whose_collection_is_restricted_is_hidden_at_once(
        self, client, listening, rendering_every_request, condition
    ):
        private = Collection.get_first_root_node().add_child(name="Private")
        condition.hero_image = ImageFactory(collection=private)
        condition.hero_alt_text = "A bright hospital room."
        condition.save_revision().publish()
        url = f"/api/v2/pages/{condition.pk}/"
        assert client.get(url).json()["hero_image"] is not None
        assert configuration_queries(client, url) == []
        assert "restricted_collection_ids" in configuration

        CollectionViewRestriction.objects.create(
            collection=private, restriction_type="login"
        )
        eventually(lambda: "restricted_collection_ids" not in configuration)
        response = client.get(url)
        assert response.json()["hero_image"] is None
        assert condition.hero_image.file.name not in response.content.decode()

    def test_a_site_given_another_root_serves_that_tree_at_once(
        self, client, listening, rendering_every_request, root_page, condition
    ):
        url = f"/api/v2/pages/{condition.pk}/"
        client.get(url)
        assert configuration_queries(client, url) == []
        assert ("site", "testserver", "80") in configuration

        site = Site.objects.get(is_default_site=True)
        site.root_page = root_page.add_child(instance=Page(title="Other", slug="o"))
        site.save()
        eventually(lambda: ("site", "testserver", "80") not in configuration)
        assert client.get(url).status_code == 404


def notices(listener: psycopg.Connection) -> list[str]:
    return [notice.payload for notice in listener.notifies(timeout=0.3)]


def add_restricted_collection(page):
    collection = Collection.get_first_root_node().add_child(name="Private")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="login"
    )


def move_page(page):
    page.slug = "als-moved"
    page.save_revision().publish()


def translate_home_page(page):
    german, _ = Locale.objects.get_or_create(language_code="de")
    page.get_parent().get_parent().copy_for_translation(german)


CHANGES = {
    "page view restriction": lambda page: PageViewRestriction.objects.create(
        page=page, restriction_type="login"
    ),
    "collection view restriction": add_restricted_collection,
    "locale": lambda page: Locale.objects.create(language_code="it"),
    "clinic settings": lambda page: ClinicSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"frontend_base_url": "https://clinic.example"},
    ),
    "page moved": move_page,
    "page created": lambda page: ConditionPageFactory(parent=page.get_parent()),
    "page deleted": lambda page: page.delete(),
    "site root translated": translate_home_page,
}


class TestTriggers:
    pytestmark = postgresql_only

    @pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
    def test_a_change_to_what_is_kept_is_announced(self, change, condition):
        params = RenderedChanges._connection_params()
        with closing(psycopg.connect(autocommit=True, **params)) as listener:
            listener.execute(f"LISTEN {CHANNEL}")
            change(Page.objects.get(pk=condition.pk).specific)
            assert CONFIGURATION in notices(listener)

    def test_a_page_published_in_place_is_no_configuration_change(self, condition):
        params = RenderedChanges._connection_params()
        with closing(psycopg.connect(autocommit=True, **params)) as listener:
            listener.execute(f"LISTEN {CHANNEL}")
            condition.title = "ALS (revised)"
            condition.save_revision().publish()
            assert CONFIGURATION not in notices(listener)
