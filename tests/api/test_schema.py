import pytest
from openapi_spec_validator import validate

from api.router import api_router
from api.schema.components import WAGTAIL_ENDPOINTS
from pages.blocks import ConditionBodyBlock
from pages.blocks.content import SectionContentBlock
from tests.block_tree import all_blocks

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


def defined_in(block_class: type, name: str) -> type | None:
    """The class of ``block_class``'s MRO that defines ``name``."""
    return next((cls for cls in block_class.__mro__ if name in vars(cls)), None)


BLOCK_CLASSES = sorted(
    {type(block) for _path, block in all_blocks()}, key=lambda cls: cls.__name__
)


@pytest.mark.parametrize(
    "block_class", BLOCK_CLASSES, ids=[cls.__name__ for cls in BLOCK_CLASSES]
)
def test_a_block_that_changes_its_json_describes_it_beside_the_code(block_class):
    """The schema of a block is derived from its definition unless the block says
    otherwise: a ``get_api_representation`` of ours needs an ``api_schema`` (or
    ``api_property_schemas``) written by the same class or below it, never only an
    inherited one that describes another shape."""
    producer = defined_in(block_class, "get_api_representation")
    if producer is None or producer.__module__.startswith("wagtail."):
        return
    described_by = [
        defined_in(block_class, name) for name in ("api_schema", "api_property_schemas")
    ]
    assert any(cls is not None and issubclass(cls, producer) for cls in described_by), (
        f"{block_class.__name__}'s JSON comes from {producer.__name__}."
        "get_api_representation, which has no api_schema beside it"
    )
