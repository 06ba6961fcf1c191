"""Every live response of the demo content meets the served OpenAPI document, read
strictly (``tests.api.strict_contract``): every page, every listing per type with
all its fields, find, preview, snippets, images, documents, the site and errors."""

import copy
from urllib.parse import urlsplit

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

import pytest

from api.models import ChangeEvent
from cms.tasks import run_ready_tasks
from pages.models import LABEL_DEFAULTS, PAGE_TYPES, ConditionPage
from pages.preview import make_preview_token
from tests.factories import DocumentFactory

from .strict_contract import Contract, describe

pytestmark = pytest.mark.django_db

SNIPPET_ENDPOINTS = ["doctors", "testimonials", "references", "images", "documents"]


@pytest.fixture
def contract(client, demo_site) -> Contract:
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return Contract(response.json())


class Checker:
    """GETs URLs and validates each answer against the operation's documented schema."""

    def __init__(self, client, contract: Contract):
        self.client, self.contract = client, contract
        self.checked: list[str] = []

    def get(self, url: str, status: int = 200):
        response = self.client.get(url)
        assert response.status_code == status, (url, response.content[:300])
        assert response["Content-Type"].startswith("application/json"), url
        data = response.json()
        pointer = self.contract.response_schema(urlsplit(url).path, status)
        errors = self.contract.errors(data, pointer)
        assert not errors, f"{url}\n{describe(errors)}"
        self.checked.append(url)
        return data


def type_name(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def test_every_demo_response_meets_the_document(client, contract):
    check = Checker(client, contract)
    listing = check.get("/api/v2/pages/?limit=100")
    assert listing["meta"]["total_count"] == len(listing["items"]) >= 15
    seen_types = set()
    for item in listing["items"]:
        detail = check.get(f"/api/v2/pages/{item['id']}/")
        assert detail["type"] == detail["meta"]["type"] == item["type"]
        seen_types.add(detail["type"])
        path = urlsplit(detail["meta"]["html_url"]).path
        assert check.get(f"/api/v2/pages/find/?html_path={path}")["id"] == item["id"]
    assert seen_types == {type_name(model) for model in PAGE_TYPES}

    als = ConditionPage.objects.get(slug="als", locale__language_code="en")
    token = make_preview_token(als, als.latest_revision)
    assert check.get(f"/api/v2/preview/?token={token}")["id"] == als.pk

    DocumentFactory(title="Patient leaflet")
    for endpoint in SNIPPET_ENDPOINTS:
        items = check.get(f"/api/v2/{endpoint}/?limit=100")["items"]
        assert items, endpoint
        for item in items:
            check.get(f"/api/v2/{endpoint}/{item['id']}/")
    check.get("/api/v2/site/")
    check.get("/api/v2/site/?locale=en")
    assert set(check.get("/api/v2/site/?locale=de")["labels"]) == set(LABEL_DEFAULTS)
    untranslated = next(
        page
        for page in ConditionPage.objects.live().filter(locale__language_code="en")
        if not page.get_translations().filter(locale__language_code="it").exists()
    )
    missing = check.get(
        f"/api/v2/pages/find/?html_path=/it{untranslated.get_url()}", status=404
    )
    assert [item["locale"] for item in missing["alternates"]][0] == "en"

    check.get("/api/v2/pages/999999/", status=404)
    check.get("/api/v2/pages/find/?html_path=/no/such/page/", status=404)
    check.get("/api/v2/pages/?fields=no_such_field", status=400)
    check.get("/api/v2/doctors/999999/", status=404)
    check.get("/api/v2/references/?limit=-1", status=400)
    assert len(check.checked) > 60


def test_every_kind_of_change_meets_the_document(client, contract):
    """The change feed on the demo, once every event type has happened."""
    from snippets.models import Doctor

    als = ConditionPage.objects.get(slug="als", locale__language_code="en")
    als.save_revision().publish()
    doctor = Doctor.objects.filter(live=True).first()
    doctor.save_revision().publish()
    # Leaves outside the conditions section: moving one there changes its path.
    leaf = (
        Page.objects.live()
        .filter(depth__gt=3, numchild=0)
        .exclude(path__startswith=als.get_parent().path)
    )
    moved, unpublished, deleted = leaf[:3]
    moved.move(als.get_parent(), pos="last-child")
    Page.objects.get(pk=unpublished.pk).specific.unpublish()
    redirect = Redirect.objects.create(old_path="/contract-old", redirect_page=als)
    redirect.redirect_link = "https://example.com/"
    redirect.redirect_page = None
    redirect.save()
    redirect.delete()
    Page.objects.get(pk=deleted.pk).delete()
    from wagtail.images import get_image_model

    image = get_image_model().objects.first()
    image.title = "Renamed"
    image.save()
    run_ready_tasks()  # the worker writes the events of rendered pages
    check = Checker(client, contract)
    seen, since = set(), 0
    while True:
        feed = check.get(f"/api/v2/changes/?since={since}&limit=500")
        seen |= {item["type"] for item in feed["items"]}
        since = feed["next_cursor"]
        if not feed["has_more"]:
            break
    # A shared object's deletion is recorded like its change (same schema).
    assert seen >= set(ChangeEvent.Type.values) - {"object_deleted"}
    check.get("/api/v2/changes/?since=x", status=400)


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_listing_per_type_returns_every_field_it_documents(client, contract, model):
    """With ``?type=`` and ``fields=*`` each item carries every field its schema
    lists: the listing item schema is neither short of fields nor padded."""
    schemas = contract.document["components"]["schemas"]
    item_schema = schemas[f"{model.__name__}ListItem"]
    meta_schema = schemas[f"{model.__name__}ListItemMeta"]
    check = Checker(client, contract)
    data = check.get(f"/api/v2/pages/?type={type_name(model)}&fields=*&limit=100")
    assert data["items"]
    for item in data["items"]:
        assert list(item) == list(item_schema["properties"])
        assert list(item["meta"]) == list(meta_schema["properties"])
    defaults = ["id", "type", "path", "meta", "title"]
    extra = [name for name in item_schema["properties"] if name not in defaults]
    asked = check.get(
        f"/api/v2/pages/?type={type_name(model)}&fields={','.join(extra[:1])}"
    )
    assert {tuple(item) for item in asked["items"]} == {(*defaults, *extra[:1])}


def test_a_response_the_document_does_not_describe_fails(client, contract):
    """The strict reader is not a rubber stamp: each of these alterations of a real
    response breaks it."""
    check = Checker(client, contract)
    page = check.get(
        f"/api/v2/pages/{ConditionPage.objects.get(slug='als', locale__language_code='en').pk}/"
    )
    pointer = contract.response_schema(f"/api/v2/pages/{page['id']}/", 200)

    def altered(change):
        data = copy.deepcopy(page)
        change(data)
        return contract.errors(data, pointer)

    assert not altered(lambda data: None)
    assert altered(lambda data: data.update(type="pages.TherapyPage"))
    assert altered(lambda data: data.pop("type"))
    assert altered(lambda data: data.update(unexpected=1))
    assert altered(lambda data: data["meta"].update(type="pages.TherapyPage"))
    assert altered(lambda data: data["meta"].update(detail_url="not a url"))
    assert altered(lambda data: data["medical_review"].update(last_reviewed="soon"))
    assert altered(lambda data: data["json_ld"]["@graph"][0].update({"@type": "X"}))
    assert altered(lambda data: data["body"][0].update(type="no_such_block"))
    assert altered(lambda data: data["body"][0]["value"].update(extra=""))
    assert altered(lambda data: data.pop("meta"))


def test_each_page_is_valid_under_exactly_one_member(client, contract):
    """Condition and therapy pages share a shape, and so do the index pages: only
    their ``type`` keeps a page from being valid under two members of the union."""
    check = Checker(client, contract)
    members = contract.document["components"]["schemas"]["PageDetail"]["oneOf"]
    for item in check.get("/api/v2/pages/?limit=100")["items"]:
        page = check.get(f"/api/v2/pages/{item['id']}/")
        valid = [
            member["$ref"]
            for member in members
            if not contract.errors(page, member["$ref"])
        ]
        assert valid == [f"#/components/schemas/{page['type'].split('.')[1]}"]
        untyped = {key: value for key, value in page.items() if key != "type"}
        assert contract.errors(untyped, "#/components/schemas/PageDetail")
