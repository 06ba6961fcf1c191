"""Query parameters of the content API, declared once: validated and documented.

Each endpoint declares the parameters of each action as ``Parameter`` objects
whose ``schema`` is the JSON Schema the OpenAPI document publishes
(``api.schema.paths``). The server checks every request against that same schema
before anything else runs (the response cache included): a parameter the
document does not list, or a value it forbids, is a ``400``; a value it allows is
never refused for its form. The document and the server cannot drift apart.

Only the JSON Schema keywords the declarations use are understood: ``type``
(integer, boolean, string), ``minimum``/``maximum``, ``enum``, ``pattern``,
``maxLength``, ``format: date``, ``format: date-time`` and ``anyOf``. A keyword outside that set is an
error at import time, not a silently unchecked value.
"""

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import QueryDict

from wagtail.api.v2.utils import BadRequestError

from pages.medical_codes import (
    CODE_SYSTEMS,
    code_problem,
    code_query_pattern,
    system_and_code,
)

# Largest id PostgreSQL and SQLite accept; bigger numbers are refused with a 400
# instead of overflowing in the database driver.
MAX_ID = 2**63 - 1
MAX_SEARCH_LENGTH = 200
MAX_TEXT_LENGTH = 500
CHANGES_LIMIT_MAX = 500
UNDERSTOOD_KEYWORDS = frozenset(
    {"type", "minimum", "maximum", "enum", "pattern", "maxLength", "format", "anyOf"}
)
# No NUL character: PostgreSQL refuses them in text, and no real value has one.
TEXT_PATTERN = r"^[^\x00]*$"


def text(max_length: int = MAX_TEXT_LENGTH, pattern: str = TEXT_PATTERN) -> dict:
    return {"type": "string", "maxLength": max_length, "pattern": pattern}


def integer(minimum: int = 0, maximum: int = MAX_ID) -> dict:
    return {"type": "integer", "minimum": minimum, "maximum": maximum}


def one_of_values(values: Iterable[str]) -> dict:
    return {"type": "string", "enum": list(values)}


def names_list(names: Iterable[str], *, negation: bool) -> dict:
    """A comma-separated list of names (``title,-id`` with ``negation``), as a
    ``pattern``."""
    name = "(?:" + "|".join(re.escape(n) for n in sorted(set(names))) + ")"
    item = f"-?{name}" if negation else name
    return {"type": "string", "pattern": f"^{item}(?:,{item})*$"}


def extra_fields(names: Iterable[str]) -> dict:
    """``?fields=`` of a listing: fields added to each item's defaults, or ``*``
    for all. Removing fields (``-title``, ``_``) is not offered: every item then
    has at least its documented fields, and its schema stays exact."""
    schema = names_list(names, negation=False)
    schema["pattern"] = "^\\*$|" + schema["pattern"]
    return schema


PAGE_ID = integer()
PAGE_ID_OR_ROOT = {"anyOf": [integer(), one_of_values(["root"])]}


def locale_schema() -> dict:
    return one_of_values(code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES)


@dataclass(frozen=True)
class Parameter:
    """One query parameter: its name, what it means, and the values it accepts."""

    name: str
    description: str
    schema: dict[str, Any] = field(default_factory=text)
    required: bool = False
    # The view answers a missing required value itself (a preview without its
    # token is a 401, like a bad token).
    absence_answered_by_view: bool = False
    # Says what is wrong with a value the schema refuses, where "not in the
    # documented form" would leave the client guessing (``medical_code``).
    explain: Callable[[str], str | None] | None = None

    def __post_init__(self) -> None:
        unknown = set(walk_keywords(self.schema)) - UNDERSTOOD_KEYWORDS
        if unknown:
            raise ValueError(f"{self.name}: unchecked keywords {sorted(unknown)}")

    def openapi(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "in": "query",
            "required": self.required,
            "description": self.description,
            "schema": self.schema,
        }

    def check(self, value: str) -> None:
        problem = schema_problem(self.schema, value)
        if problem:
            explanation = self.explain(value) if self.explain else None
            if explanation:
                raise BadRequestError(f"{self.name}: {explanation}")
            raise BadRequestError(f"{self.name} {problem}")


def walk_keywords(schema: dict[str, Any]):
    for key, value in schema.items():
        yield key
        if key == "anyOf":
            for member in value:
                yield from walk_keywords(member)


def schema_problem(schema: dict[str, Any], value: str) -> str | None:
    """Why ``value`` (a query string value) breaks ``schema``, or ``None``."""
    if "anyOf" in schema:
        problems = [schema_problem(member, value) for member in schema["anyOf"]]
        if all(problems):
            return " or ".join(p for p in problems if p)
        return None
    kind = schema.get("type")
    if kind == "integer":
        return integer_problem(schema, value)
    if kind == "boolean":
        return None if value in ("true", "false") else "must be true or false"
    if "enum" in schema and value not in schema["enum"]:
        return "must be one of: " + ", ".join(schema["enum"])
    if len(value) > schema.get("maxLength", len(value)):
        return f"must be at most {schema['maxLength']} characters long"
    if "pattern" in schema and not re.search(schema["pattern"], value):
        if "\x00" in value:
            return "must not contain null characters"
        return "is not in the documented form"
    if schema.get("format") == "date-time":
        return datetime_problem(value)
    if schema.get("format") == "date":
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return "must be a date in ISO 8601 form (YYYY-MM-DD)"
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return "must be a date in ISO 8601 form (YYYY-MM-DD)"
    return None


def parse_datetime_value(value: str) -> datetime.datetime:
    """An ISO 8601 date and time; without an offset, in UTC."""
    moment = datetime.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def datetime_problem(value: str) -> str | None:
    message = (
        "must be a date and time in ISO 8601 form, e.g. 2026-03-05T14:30:00Z "
        "(UTC without an offset; encode + as %2B)"
    )
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T[0-9:.+\-Z]+", value):
        return message
    try:
        parse_datetime_value(value)
    except ValueError:
        return message
    return None


def integer_problem(schema: dict[str, Any], value: str) -> str | None:
    if not re.fullmatch(r"-?[0-9]+", value):
        return "must be an integer"
    number = int(value)
    if number < schema.get("minimum", number) or number > schema.get("maximum", number):
        return f"must be between {schema['minimum']} and {schema['maximum']}"
    return None


def check_query(
    query: QueryDict,
    parameters: Iterable[Parameter],
    refusals: dict[str, str] | None = None,
) -> None:
    """A ``BadRequestError`` unless every parameter of ``query`` is declared, given
    once, and valid; and every required one is there. ``refusals`` explains why
    some undeclared parameter is not offered here."""
    declared = {parameter.name: parameter for parameter in parameters}
    unknown = sorted(set(query) - set(declared))
    for name in unknown:
        if refusals and name in refusals:
            raise BadRequestError(f"{name}: {refusals[name]}")
    if unknown:
        raise BadRequestError(
            "query parameter is not an operation or a recognised field: "
            + ", ".join(unknown)
        )
    for name, parameter in declared.items():
        values = query.getlist(name)
        if not values:
            if parameter.required and not parameter.absence_answered_by_view:
                raise BadRequestError(f"{name} is required")
            continue
        if len(values) > 1:
            raise BadRequestError(f"{name} is given more than once")
        parameter.check(values[0])


# What every listing and search accepts; endpoints add their own.
def pagination() -> list[Parameter]:
    limit_max = settings.WAGTAILAPI_LIMIT_MAX
    return [
        Parameter(
            "limit",
            f"Items per page (default 20, at most {limit_max}).",
            integer(0, limit_max),
        ),
        Parameter("offset", "Items to skip.", integer(0, MAX_ID - limit_max)),
    ]


def changes_pagination(default_limit: int) -> list[Parameter]:
    """The change feed's cursor and page size."""
    return [
        Parameter(
            "since",
            "The `next_cursor` of the previous answer; without it, from the "
            "oldest change still kept.",
            integer(),
        ),
        Parameter(
            "limit",
            f"Changes per answer (default {default_limit}, at most "
            f"{CHANGES_LIMIT_MAX}).",
            integer(1, CHANGES_LIMIT_MAX),
        ),
    ]


def search() -> list[Parameter]:
    return [
        Parameter(
            "search",
            f"Full-text search (at most {MAX_SEARCH_LENGTH} characters); results "
            "in order of relevance unless `order` is given. Combines with every "
            "other parameter.",
            text(MAX_SEARCH_LENGTH),
        ),
        Parameter(
            "search_operator",
            "How search terms combine (with `search`).",
            one_of_values(["and", "or"]),
        ),
    ]


def updated_since() -> Parameter:
    return Parameter(
        "updated_since",
        "Only pages published (first or again) at or after this moment, an ISO "
        "8601 date and time such as `2026-03-05T14:30:00Z` (UTC without an "
        "offset). With `order=-last_published_at`, the newest first.",
        {"type": "string", "format": "date-time", "maxLength": 40},
    )


def order(fields: Iterable[str]) -> Parameter:
    return Parameter(
        "order",
        "Fields to order by, comma separated, each prefixed with '-' for "
        "descending order.",
        names_list(fields, negation=True),
    )


def field_filters(viewset, model) -> list[Parameter]:
    """``?<field>=<value>``: Wagtail's exact-match filters on the endpoint's
    database fields, each typed as its column (dates are not filterable)."""
    from django.db import models

    from taggit.managers import TaggableManager

    parameters = []
    for name in viewset.get_available_fields(model, db_fields_only=True):
        if name == "locale":
            continue  # its own parameter, by language code
        column = model._meta.get_field(name)
        if isinstance(column, models.BooleanField):
            schema: dict[str, Any] = {"type": "boolean"}
        elif isinstance(column, models.IntegerField | models.ForeignKey):
            schema = integer()
        elif isinstance(column, TaggableManager | models.CharField | models.TextField):
            schema = text()
        else:
            continue
        parameters.append(
            Parameter(name, f"Only items whose `{name}` equals this value.", schema)
        )
    return parameters


def medical_code() -> Parameter:
    """``?code=ICD-10:G35``: condition pages that carry this code."""
    systems = ", ".join(CODE_SYSTEMS)
    return Parameter(
        "code",
        "Only condition pages with this code, written `system:code`, e.g. "
        f"`ICD-10:G35`, `ICD-11:8B60.0`, `SNOMED-CT:86044005`, `MeSH:D000690`; "
        f"systems: {systems}. Combines with every other parameter. An unknown "
        "system or a code not in its system's form is a 400; a SNOMED CT "
        "identifier whose check digit is wrong matches no page.",
        {"type": "string", "maxLength": 40, "pattern": code_query_pattern()},
        explain=explain_code,
    )


def explain_code(value: str) -> str | None:
    parts = system_and_code(value)
    if parts is None:
        return f'write it as system:code, e.g. ICD-10:G35 (got "{value[:40]}").'
    return code_problem(*parts)


def orderable_fields(viewset, model) -> list[str]:
    """Database fields that order a listing: columns, not many-to-many relations."""
    return [
        name
        for name in viewset.get_available_fields(model, db_fields_only=True)
        if not model._meta.get_field(name).many_to_many
    ]
