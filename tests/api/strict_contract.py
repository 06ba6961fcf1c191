"""A strict reader of the served OpenAPI document, as a new frontend team's tools read it.

Draft 2020-12 with format checking, every ``$ref`` resolved inside the served
document, and OpenAPI's ``discriminator`` enforced the way Ajv's ``discriminator``
option and generated TypeScript clients use it: the discriminating property must be
there, name a mapped member, and the response must be valid under that member. A
``oneOf`` is exactly-one by itself, so an ambiguous union fails too.
"""

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from jsonschema.validators import extend
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DOCUMENT_URI = "urn:openapi"


def discriminator(validator, value, instance, schema) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    name = value["propertyName"]
    if name not in instance:
        yield ValidationError(f"no discriminator property {name!r}")
        return
    target = value.get("mapping", {}).get(instance[name])
    if target is None:
        yield ValidationError(f"{name}={instance[name]!r} is in no mapping")
        return
    yield from validator.descend(instance, {"$ref": target})


StrictValidator = extend(Draft202012Validator, {"discriminator": discriminator})

FORMATS = FormatChecker()
for format_name, check in Draft202012Validator.FORMAT_CHECKER.checkers.items():
    FORMATS.checkers[format_name] = check


@FORMATS.checks("uri", raises=ValueError)
def is_absolute_uri(value: object) -> bool:
    """jsonschema checks ``uri`` only with an optional package: an absolute URI here."""
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and (parts.netloc or parts.path)) and " " not in value


class Contract:
    """The served document, and the schema each documented response must meet."""

    def __init__(self, document: dict[str, Any]):
        self.document = document
        resource = Resource(contents=document, specification=DRAFT202012)
        self.registry = Registry().with_resource(DOCUMENT_URI, resource)
        self.routes = [
            (re.compile("^" + re.sub(r"\{[^}/]+\}", "[^/]+", path) + "$"), path)
            for path in document["paths"]
        ]

    def response_schema(self, path: str, status: int, method: str = "get") -> str:
        """A JSON pointer to the schema documented for this response."""
        # OpenAPI: a concrete path wins over a templated one (find/ over {id}/).
        templates = (
            [path]
            if path in self.document["paths"]
            else [template for pattern, template in self.routes if pattern.match(path)]
        )
        assert len(templates) == 1, f"{path} matches {templates or 'no operation'}"
        responses = self.document["paths"][templates[0]][method]["responses"]
        assert str(status) in responses, (
            f"{method} {templates[0]}: {status} undocumented"
        )
        assert "application/json" in responses[str(status)]["content"]
        return "/".join(
            ["#", "paths", escape(templates[0]), method, "responses", str(status)]
            + ["content", escape("application/json"), "schema"]
        )

    def errors(self, data: Any, pointer: str) -> list[ValidationError]:
        validator = StrictValidator(
            {"$ref": DOCUMENT_URI + pointer},
            registry=self.registry,
            format_checker=FORMATS,
        )
        return sorted(validator.iter_errors(data), key=lambda error: list(error.path))

    def component_errors(self, data: Any, component: str) -> list[ValidationError]:
        return self.errors(data, f"#/components/schemas/{component}")


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def describe(errors: list[ValidationError]) -> str:
    return "\n".join(
        f"{list(error.absolute_path)}: {error.message}" for error in errors[:10]
    )
