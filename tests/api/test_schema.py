import pytest
from openapi_spec_validator import validate

from api.router import api_router
from api.schema.components import WAGTAIL_ENDPOINTS
from api.schema.hooks import response_components
from pages.blocks import ConditionBodyBlock
from pages.blocks.content import SectionContentBlock
from pages.models import PAGE_TYPES
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
    single = {"site", "preview", "redirects", "sitemap", "changes"}
    for endpoint in registered - single:
        assert f"/api/v2/{endpoint}/" in paths
        assert f"/api/v2/{endpoint}/{{id}}/" in paths
    assert "/api/v2/pages/find/" in paths
    assert "/api/v2/site/" in paths
    assert "/api/v2/preview/" in paths
    assert "/api/v2/redirects/" in paths
    assert "/api/v2/sitemap/" in paths
    assert "/api/v2/changes/" in paths
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


def subschemas(schema, where="#"):
    """Every schema dict inside ``schema`` with its location, ``schema`` first."""
    if isinstance(schema, dict):
        yield where, schema
        for key, value in schema.items():
            if key not in {"enum", "const", "example", "examples", "default"}:
                yield from subschemas(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            yield from subschemas(value, f"{where}/{index}")


def response_schemas(document) -> dict:
    """The components response bodies use: what the server emits."""
    return {
        name: document["components"]["schemas"][name]
        for name in response_components(document)
    }


def component(document, reference: str) -> dict:
    return document["components"]["schemas"][reference.rsplit("/", 1)[1]]


def test_every_union_is_discriminated_by_a_required_constant(openapi_document):
    """What a strict validator (Ajv's discriminator) and TypeScript's narrowing need:
    each member fixes the discriminating property to its own mapping key."""
    unions = 0
    for where, schema in subschemas(response_schemas(openapi_document)):
        if "oneOf" not in schema:
            continue
        unions += 1
        assert "discriminator" in schema, where
        name = schema["discriminator"]["propertyName"]
        mapping = schema["discriminator"]["mapping"]
        assert sorted(mapping.values()) == sorted(m["$ref"] for m in schema["oneOf"])
        for value, reference in mapping.items():
            member = component(openapi_document, reference)
            assert name in member["required"], (where, reference)
            assert member["properties"][name] == {"const": value}, (where, reference)
    assert unions >= 8


def test_every_object_is_closed(openapi_document):
    """No object of the content API is open: a typed map (``additionalProperties``
    with a schema) or a fixed set of properties with no others."""
    for where, schema in subschemas(response_schemas(openapi_document)):
        if "properties" in schema:
            assert schema.get("additionalProperties") is False, where
        if schema.get("type") == "object" and "properties" not in schema:
            assert isinstance(schema.get("additionalProperties"), dict), where
        assert schema.get("additionalProperties") is not True, where
        assert schema != {"type": "object"}, where


def test_html_is_marked_by_one_named_schema(openapi_document):
    """HTML strings are ``Html`` (generated types name it); plain text stays string."""
    schemas = openapi_document["components"]["schemas"]
    assert schemas["Html"]["contentMediaType"] == "text/html"
    for where, schema in subschemas(schemas):
        if where != "#/Html":
            assert schema.get("contentMediaType") != "text/html", where
    assert schemas["ConditionPage"]["properties"]["intro"] == {
        "$ref": "#/components/schemas/Html"
    }
    assert schemas["ConditionPage"]["properties"]["summary"] == {"type": "string"}


def test_page_types_are_an_enum_and_each_has_detail_and_listing_schemas(
    openapi_document,
):
    schemas = openapi_document["components"]["schemas"]
    names = [f"{model._meta.app_label}.{model.__name__}" for model in PAGE_TYPES]
    assert schemas["PageType"]["enum"] == names
    for union in ("PageDetail", "PageListItem"):
        assert list(schemas[union]["discriminator"]["mapping"]) == names
    for model in PAGE_TYPES:
        detail = schemas[model.__name__]
        item = schemas[f"{model.__name__}ListItem"]
        always = ["id", "type", "path", "meta", "title"]
        fields = set(always) | {f.name for f in model.api_fields}
        assert set(detail["properties"]) == set(detail["required"]) == fields
        # ?fields= adds any field to a listing item's id, type, path, meta and title.
        assert set(item["properties"]) == fields
        assert item["required"] == always
        meta = schemas[f"{model.__name__}Meta"]["properties"]
        assert meta["type"] == {"const": f"{model._meta.app_label}.{model.__name__}"}
        assert meta["parent"]["anyOf"][0] == {"$ref": "#/components/schemas/PageStub"}


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
