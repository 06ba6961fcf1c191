import json
from pathlib import Path

from django.test import Client

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.processes import eventually


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def listening(settings):
    """This process listening for changes (``api.listening``), as each app
    server's process does when deployed on PostgreSQL."""
    from api.listening import rendered_changes

    settings.API_CHANGE_LISTENER = True
    rendered_changes.start()
    eventually(rendered_changes.trusted)
    yield rendered_changes
    rendered_changes.stop()


@pytest.fixture(scope="session")
def openapi_document(django_db_setup, django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(json.dumps(document, default=str))


@pytest.fixture(scope="session")
def validate_response(openapi_document):
    """Validate a decoded JSON body against a component of the OpenAPI document."""
    resource = Resource(contents=openapi_document, specification=DRAFT202012)
    registry = Registry().with_resource("urn:openapi", resource)

    def validate(data, component: str):
        schema = {"$ref": f"urn:openapi#/components/schemas/{component}"}
        validator = Draft202012Validator(
            schema,
            registry=registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        errors = sorted(validator.iter_errors(data), key=lambda error: list(error.path))
        assert not errors, "\n".join(
            f"{list(error.path)}: {error.message}" for error in errors[:10]
        )

    return validate


SNAPSHOTS = Path(__file__).parent / "snapshots"
