"""The contract on the demo condition pages (ALS, and multiple sclerosis with the data
table, medical name and codes): each page's JSON is compared with a reviewed snapshot.

Ids, URLs of generated files, timestamps, block ids and Draftail's block keys differ
between runs and databases, so they are replaced by placeholders before comparing. A snapshot changes
only in a change that says why the contract changed; regenerate it with
``UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/api/test_demo_snapshot.py``.
"""

import json
import os
import re

import pytest

from .conftest import SNAPSHOTS

pytestmark = pytest.mark.django_db

ALS_PATH = "/conditions/als/"
# Each demo condition page and its snapshot file.
CONDITION_PAGES = {
    ALS_PATH: "als_page.json",
    "/conditions/multiple-sclerosis/": "ms_page.json",
    # The German translation (wagtail-localize, pages/demo/data/translations/).
    "/de/conditions/als/": "als_page_de.json",
}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")
VOLATILE_KEYS = {"id", "first_published_at", "dateModified", "source_revision"}
ID_IN_URL = re.compile(r"/(pages|images|doctors|testimonials|references)/\d+/")
STORAGE_SUFFIX = re.compile(r"_[A-Za-z0-9]{7}(?=\.)")
# Draftail's block keys in rich text are drawn anew for each new text.
BLOCK_KEY = re.compile(r'(?<= data-block-key=")[^"]*')
# An inline citation names its reference by id.
REFERENCE_ID = re.compile(r'(?<= data-reference-id=")\d+')


def normalise(value, key=None):
    if isinstance(value, dict):
        return {name: normalise(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [normalise(item) for item in value]
    if key in VOLATILE_KEYS and value is not None:
        return f"<{key}>"
    if isinstance(value, str):
        if UUID.match(value):
            return "<uuid>"
        if TIMESTAMP.match(value):
            return "<datetime>"
        value = ID_IN_URL.sub(lambda match: f"/{match.group(1)}/<id>/", value)
        value = BLOCK_KEY.sub("<key>", value)
        value = REFERENCE_ID.sub("<id>", value)
        return STORAGE_SUFFIX.sub("", value)
    return value


@pytest.mark.parametrize("path", CONDITION_PAGES)
def test_demo_condition_page_matches_its_snapshot(
    client, demo_site, validate_response, path
):
    snapshot = SNAPSHOTS / CONDITION_PAGES[path]
    response = client.get(f"/api/v2/pages/find/?html_path={path}")
    assert response.status_code == 200
    data = response.json()
    validate_response(data, "ConditionPage")
    # The script-safe JSON-LD text holds exactly the JSON-LD data: compared once.
    assert json.loads(data.pop("json_ld_script")) == data["json_ld"]
    actual = normalise(data)
    if os.environ.get("UPDATE_SNAPSHOTS"):
        snapshot.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n")
    expected = json.loads(snapshot.read_text())
    assert actual == expected


def test_every_demo_page_and_endpoint_conforms_to_the_schema(
    client, demo_site, validate_response
):
    listing = client.get("/api/v2/pages/?limit=100").json()
    assert listing["meta"]["total_count"] >= 15
    for item in listing["items"]:
        validate_response(item, "PageListItem")
    for item in listing["items"]:
        detail = client.get(f"/api/v2/pages/{item['id']}/")
        assert detail.status_code == 200
        validate_response(detail.json(), item["meta"]["type"].split(".")[1])
    for endpoint, component in [
        ("doctors", "Doctor"),
        ("testimonials", "TestimonialItem"),
        ("references", "ReferenceItem"),
        ("images", "ImageItem"),
    ]:
        items = client.get(f"/api/v2/{endpoint}/?limit=50").json()["items"]
        assert items, endpoint
        for item in items:
            validate_response(item, component)
    site = client.get("/api/v2/site/").json()
    validate_response(site, "Site")
    menu = {item["title"]: len(item["children"]) for item in site["navigation"]}
    assert menu == {"Conditions we treat": 2, "Therapies": 6, "Articles and videos": 0}


URL = re.compile(r"""(?:https?:)?//[^\s"'<>)]+""")


def urls_in(value) -> list[str]:
    """Every absolute URL in a decoded JSON value, inside strings and HTML too."""
    if isinstance(value, dict):
        return [url for item in value.values() for url in urls_in(item)]
    if isinstance(value, list):
        return [url for item in value for url in urls_in(item)]
    return URL.findall(value) if isinstance(value, str) else []


def test_with_a_frontend_base_url_no_page_url_names_the_cms_host(
    client, demo_site, settings
):
    from urllib.parse import urlsplit

    from wagtail.models import Site

    from pages.models import ClinicSettings

    settings.WAGTAILAPI_BASE_URL = "https://api.clinic.example"
    site = Site.objects.get(is_default_site=True)
    clinic_settings = ClinicSettings.for_site(site)
    clinic_settings.frontend_base_url = "https://www.clinic.example/"
    clinic_settings.save()

    data = client.get(f"/api/v2/pages/find/?html_path={ALS_PATH}").json()
    urls = urls_in(data)
    hosts = {urlsplit(url).netloc for url in urls}
    assert site.hostname not in {host.split(":")[0] for host in hosts}, urls
    assert not hosts & {"localhost", "testserver", "127.0.0.1"}, hosts
    # The API host only for API links and media (it serves media here).
    assert "www.clinic.example" in hosts
    assert all(
        urlsplit(url).path.startswith(("/api/", "/media/", "/documents/"))
        for url in urls
        if urlsplit(url).netloc == "api.clinic.example"
    ), urls
    frontend = "https://www.clinic.example/conditions/als/"
    assert data["path"] == ALS_PATH
    assert data["meta"]["html_url"] == data["seo"]["canonical_url"] == frontend
    assert data["meta"]["parent"]["meta"]["html_url"].startswith(
        "https://www.clinic.example/"
    )
    web_page = data["json_ld"]["@graph"][0]
    assert (web_page["url"], web_page["@id"]) == (frontend, frontend + "#webpage")
    listing = client.get("/api/v2/pages/?type=pages.TherapyPage").json()
    assert all(item["path"].startswith("/") for item in listing["items"])
    assert {urlsplit(item["meta"]["html_url"]).netloc for item in listing["items"]} == {
        "www.clinic.example"
    }
