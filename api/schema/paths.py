"""The operations of the content API: listings, details, filters and errors."""

from typing import Any

from review.status import ReviewStatus

from ..filters import MAX_SEARCH_LENGTH, REVIEW_FILTERS, REVIEW_STATUS_PARAMETER
from .components import API_PREFIX, DATE, INTEGER, STRING, obj, ref


def listing(item: dict[str, Any]) -> dict[str, Any]:
    return obj(
        {
            "meta": obj({"total_count": INTEGER}),
            "items": {"type": "array", "items": item},
        }
    )


def query(
    name: str, description: str, schema: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or STRING,
    }


ID_PATH = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 0},
}
PAGINATION = [
    query(
        "limit",
        "Items per page (at most 100).",
        {"type": "integer", "minimum": 0, "maximum": 100},
    ),
    query("offset", "Items to skip.", {"type": "integer", "minimum": 0}),
    query("order", "Field to order by, '-' for descending, or 'random'."),
]
SEARCH = [
    query(
        "search",
        "Full-text search.",
        {"type": "string", "maxLength": MAX_SEARCH_LENGTH},
    ),
    query(
        "search_operator",
        "How search terms combine.",
        {"type": "string", "enum": ["and", "or"]},
    ),
]
RICH_TEXT_FORMAT = query(
    "rich_text_format",
    "Rich text output format: display-ready, sanitised HTML, the only format the "
    "public API offers (others are refused with a 400).",
    {"type": "string", "enum": ["html"]},
)


PAGE_FILTERS = (
    [
        query(
            "type",
            'Page type, e.g. "pages.ConditionPage"; needed to filter on its fields.',
        ),
        query(
            "fields",
            "Extra fields for each item, comma separated (e.g. summary,medical_review); '*' for all.",
        ),
        query("locale", 'Language code, e.g. "de".'),
        query("translation_of", "Id of a page: its translations.", {"type": "integer"}),
        query("child_of", "Id of a parent page, or 'root'."),
        query("descendant_of", "Id of an ancestor page, or 'root'."),
        query("ancestor_of", "Id of a descendant page.", {"type": "integer"}),
        query("site", "Hostname of the site (for multi-site setups)."),
        RICH_TEXT_FORMAT,
    ]
    + [
        query(
            name,
            f"Medical review date filter ({lookup.replace('__', ' ').replace('_', ' ')}); ISO date.",
            DATE,
        )
        for name, lookup in REVIEW_FILTERS.items()
    ]
    + [
        query(
            REVIEW_STATUS_PARAMETER,
            "Only condition and therapy pages with this medical review status.",
            {"type": "string", "enum": ReviewStatus.values},
        )
    ]
)


def error_response(description: str) -> dict[str, Any]:
    """Every error answers with the same ``Error`` body."""
    return {
        "description": description,
        "content": {"application/json": {"schema": ref("Error")}},
    }


ERRORS = {
    "400": error_response("Bad parameters."),
    "404": error_response("Not found (or not public)."),
}


def operation(
    op_id: str,
    summary: str,
    tag: str,
    schema: dict[str, Any],
    parameters: list,
    errors=("400",),
) -> dict[str, Any]:
    responses = {
        "200": {
            "description": "OK",
            "content": {"application/json": {"schema": schema}},
        }
    }
    responses.update({code: ERRORS[code] for code in errors})
    return {
        "get": {
            "operationId": op_id,
            "summary": summary,
            "tags": [tag],
            "parameters": parameters,
            "responses": responses,
        }
    }


def retrieve(tag: str, summary: str, component: str) -> dict[str, Any]:
    """``GET /<tag>/{id}/``: one object, or 404 when it does not exist or is not public."""
    return operation(
        f"{tag}_retrieve",
        summary,
        tag,
        ref(component),
        [ID_PATH],
        errors=("400", "404"),
    )


def list_items(
    tag: str,
    summary: str,
    component: str,
    parameters: list,
    errors=("400",),
) -> dict[str, Any]:
    """``GET /<tag>/``: a page of objects with the total count."""
    return operation(
        f"{tag}_list",
        summary,
        tag,
        listing(ref(component)),
        PAGINATION + parameters,
        errors=errors,
    )


def content_paths() -> dict[str, Any]:
    p = API_PREFIX
    return {
        f"{p}pages/": list_items(
            "pages",
            "List live, public pages",
            "PageListItem",
            SEARCH + PAGE_FILTERS,
            errors=("400", "404"),  # 404: ?site= names no site
        ),
        f"{p}pages/{{id}}/": operation(
            "pages_retrieve",
            "A page with all its content",
            "pages",
            ref("PageDetail"),
            [
                ID_PATH,
                query("fields", "Fields to include or exclude (-field)."),
                RICH_TEXT_FORMAT,
            ],
            errors=("400", "404"),
        ),
        f"{p}pages/find/": operation(
            "pages_find",
            "Find a page by its frontend path (locale prefix allowed), answered with the page",
            "pages",
            ref("PageDetail"),
            [
                query(
                    "html_path",
                    'Frontend path, e.g. "/conditions/als/" or "/de/conditions/als/".',
                ),
                query("id", "Page id.", {"type": "integer"}),
            ],
            errors=("400", "404"),
        ),
        f"{p}images/": list_items(
            "images",
            "List public images",
            "ImageItem",
            SEARCH
            + [query("fields", "Ignored shape selector (images always come whole).")],
        ),
        f"{p}images/{{id}}/": retrieve(
            "images", "An image with renditions", "ImageItem"
        ),
        f"{p}documents/": list_items(
            "documents",
            "List public documents",
            "Document",
            SEARCH + [query("fields", "Extra fields.")],
        ),
        f"{p}documents/{{id}}/": retrieve("documents", "A document", "Document"),
        f"{p}doctors/": list_items(
            "doctors",
            "List published doctors",
            "Doctor",
            SEARCH + [query("locale", "Language code.")],
        ),
        f"{p}doctors/{{id}}/": retrieve("doctors", "A doctor", "Doctor"),
        f"{p}testimonials/": list_items(
            "testimonials",
            "List published testimonials with valid consent",
            "TestimonialItem",
            [
                query("locale", "Language code."),
                query("condition", "Id of a condition page.", {"type": "integer"}),
            ],
        ),
        f"{p}testimonials/{{id}}/": retrieve(
            "testimonials", "A testimonial", "TestimonialItem"
        ),
        f"{p}references/": list_items(
            "references", "List references", "ReferenceItem", SEARCH
        ),
        f"{p}references/{{id}}/": retrieve(
            "references", "A reference", "ReferenceItem"
        ),
        f"{p}preview/": preview_operation(),
        f"{p}site/": operation(
            "site_retrieve",
            "Site settings and main navigation",
            "site",
            ref("Site"),
            [query("locale", 'Language code, e.g. "de".'), query("site", "Hostname.")],
            errors=("400", "404"),
        ),
    }


def preview_operation() -> dict[str, Any]:
    unauthorised = error_response("Missing, tampered or expired token.")
    get = operation(
        "preview_retrieve",
        "A draft revision unlocked by a preview token, in the live detail shape",
        "pages",
        ref("PageDetail"),
        [
            {
                "name": "token",
                "in": "query",
                "required": True,
                "description": "The signed token the admin's Preview sent to the frontend.",
                "schema": STRING,
            },
            RICH_TEXT_FORMAT,
        ],
        errors=("400", "404"),
    )
    get["get"]["responses"]["401"] = unauthorised
    return get


def with_meta(schema_ref: str) -> dict[str, Any]:
    return {
        "allOf": [
            ref(schema_ref),
            {
                "type": "object",
                "properties": {"meta": ref("ObjectMeta")},
                "required": ["meta"],
            },
        ]
    }
