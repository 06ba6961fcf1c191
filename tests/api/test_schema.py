import pytest
from openapi_spec_validator import validate

from api.router import api_router
from api.schema.components import WAGTAIL_ENDPOINTS
from pages.blocks import ConditionBodyBlock
from pages.blocks.content import SectionContentBlock

pytestmark = pytest.mark.django_db


def test_document_is_valid_openapi(openapi_document):
    assert openapi_document["openapi"].startswith("3.1")
    validate(openapi_document)


def test_document_is_served_with_docs_page(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Clinic CMS content API"
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
    assert b"cdn.jsdelivr" not in docs.content


def test_every_endpoint_is_documented(openapi_document):
    paths = set(openapi_document["paths"])
    # The router keeps no public list of what it registered.
    registered = set(api_router._endpoints)
    assert registered == set(WAGTAIL_ENDPOINTS)
    for endpoint in registered - {"site", "preview"}:
        assert f"/api/v2/{endpoint}/" in paths
        assert f"/api/v2/{endpoint}/{{id}}/" in paths
    assert "/api/v2/pages/find/" in paths
    assert "/api/v2/site/" in paths
    assert "/api/v2/preview/" in paths
    assert not any(path.startswith("/admin/") for path in paths)


@pytest.mark.parametrize("stream_block", [ConditionBodyBlock, SectionContentBlock])
def test_streams_are_discriminated_unions_of_every_block(
    openapi_document, stream_block
):
    schemas = openapi_document["components"]["schemas"]
    union = schemas[stream_block.__name__]["items"]
    assert union["discriminator"]["propertyName"] == "type"
    names = set(stream_block.base_blocks)
    assert set(union["discriminator"]["mapping"]) == names
    for name in names:
        variant = schemas[f"{stream_block.__name__}.{name}"]
        assert variant["properties"]["type"] == {"const": name}
        value = variant["properties"]["value"]
        assert value != {} and value.get("type") != "object" or value.get("properties")


def test_no_block_is_typed_as_any(openapi_document):
    schemas = openapi_document["components"]["schemas"]
    for name, schema in schemas.items():
        if name.endswith("Block"):
            assert schema.get("properties") or schema.get("items"), name
