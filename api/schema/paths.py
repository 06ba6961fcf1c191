"""The operations of the content API: parameters, responses, headers and links.

Parameters come from the viewsets themselves (``query_parameters``, built from
``api.parameters``), the declarations the server validates every request with:
the document lists exactly what the server accepts. Every status the server can
answer is listed with its headers; every error has the ``Error`` body.
"""

from typing import Any

from ..parameters import MAX_ID
from .components import API_PREFIX, INTEGER, STRING, obj, ref


def listing(item: dict[str, Any]) -> dict[str, Any]:
    return obj(
        {
            "meta": obj({"total_count": INTEGER}),
            "items": {"type": "array", "items": item},
        }
    )


ID_PATH = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ID},
}
CONDITIONAL_REQUEST = [
    {
        "name": "If-None-Match",
        "in": "header",
        "required": False,
        "description": "ETag of the copy the client holds: 304 if it is current.",
        "schema": {"type": "string"},
    },
    {
        "name": "If-Modified-Since",
        "in": "header",
        "required": False,
        "description": "Last-Modified of the copy the client holds: 304 if it is current.",
        "schema": {"type": "string"},
    },
]


def header(description: str, schema: dict | None = None, required=True) -> dict:
    return {
        "description": description,
        "required": required,
        "schema": schema or {"type": "string"},
    }


CACHE_HEADERS = {
    "ETag": header("Strong validator of the body; send it as If-None-Match."),
    "Cache-Control": header("public, max-age=…, stale-while-revalidate=…"),
    "Last-Modified": header(
        "When this body was first produced (absent when the server cache is off).",
        required=False,
    ),
    "Vary": header("The request headers the body depends on."),
    "X-API-Cache": header(
        "Whether the server cache answered.",
        {"type": "string", "enum": ["hit", "miss", "off"]},
    ),
}
RETRY_AFTER = {"Retry-After": header("Seconds to wait.", {"type": "string"})}


def error_response(description: str, headers: dict | None = None) -> dict[str, Any]:
    """Every error answers with the same ``Error`` body."""
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": ref("Error")}},
    }
    if headers:
        response["headers"] = headers
    return response


def error_responses(*statuses: str) -> dict[str, Any]:
    """The errors of a read-only endpoint; ``statuses`` adds 401 or 404."""
    responses = {
        "400": error_response(
            "A parameter the operation does not have, or a value it does not allow."
        ),
        "404": error_response("Not found (or not public)."),
        "405": error_response(
            "Method not allowed: the content API is read-only.",
            {"Allow": header("The methods the resource supports.")},
        ),
        "429": error_response("Too many requests from this client.", RETRY_AFTER),
        "500": error_response("Internal error; the team has been notified."),
        "503": error_response("The database is unavailable; retry later.", RETRY_AFTER),
    }
    if "401" in statuses:
        responses["401"] = error_response(
            "Missing, tampered or expired token.",
            {"WWW-Authenticate": header('Bearer realm="preview"')},
        )
    return responses


def operation(
    op_id: str,
    summary: str,
    tag: str,
    schema: dict[str, Any],
    parameters: list,
    *,
    cached: bool = True,
    links: dict[str, Any] | None = None,
    statuses: tuple[str, ...] = (),
) -> dict[str, Any]:
    ok: dict[str, Any] = {
        "description": "OK",
        "content": {"application/json": {"schema": schema}},
    }
    if cached:
        ok["headers"] = CACHE_HEADERS
    if links:
        ok["links"] = links
    responses: dict[str, Any] = {"200": ok}
    if cached:
        responses["304"] = {
            "description": "Not modified: the client's copy is current.",
            "headers": {
                name: CACHE_HEADERS[name] for name in ("ETag", "Cache-Control")
            },
        }
        parameters = parameters + CONDITIONAL_REQUEST
    else:
        ok["headers"] = {
            "Cache-Control": header("private, no-store: never kept by a cache.")
        }
    responses.update(error_responses(*statuses))
    return {
        "get": {
            "operationId": op_id,
            "summary": summary,
            "tags": [tag],
            "parameters": parameters,
            "responses": responses,
        }
    }


def query(viewset, action: str) -> list[dict[str, Any]]:
    return [parameter.openapi() for parameter in viewset.query_parameters(action)]


def to_detail(tag: str, pointer: str) -> dict[str, Any]:
    return {
        "operationId": f"{tag}_retrieve",
        "parameters": {"id": f"$response.body#{pointer}"},
    }


def endpoint(tag: str, viewset, summary: str, item: str, detail: str):
    """``GET /<tag>/`` (a page of objects with the total count) and
    ``GET /<tag>/{id}/`` (one object, or 404 when it does not exist or is not public)."""
    p = API_PREFIX
    return {
        f"{p}{tag}/": operation(
            f"{tag}_list",
            f"List {summary}",
            tag,
            listing(ref(item)),
            query(viewset, "listing_view"),
            links={"first_item": to_detail(tag, "/items/0/id")},
        ),
        f"{p}{tag}/{{id}}/": operation(
            f"{tag}_retrieve",
            detail,
            tag,
            ref(item),
            [ID_PATH, *query(viewset, "detail_view")],
        ),
    }


def sitemap_xml_operation() -> dict[str, Any]:
    errors = error_responses()
    return {
        "get": {
            "operationId": "sitemap_xml",
            "summary": "The frontend's sitemap.xml (sitemaps.org, hreflang "
            "alternates), from the same entries as /api/v2/sitemap/",
            "tags": ["routing"],
            "parameters": [],
            "responses": {
                "200": {
                    "description": "OK",
                    "headers": {"Cache-Control": CACHE_HEADERS["Cache-Control"]},
                    "content": {"application/xml": {"schema": STRING}},
                },
                **{status: errors[status] for status in ("404", "405", "500", "503")},
            },
        }
    }


def changes_operation() -> dict[str, Any]:
    from ..views import ChangesAPIViewSet

    feed = operation(
        "changes_list",
        "Changes to public content after a cursor, oldest first",
        "changes",
        ref("ChangeFeed"),
        query(ChangesAPIViewSet, "changes_view"),
        cached=False,
    )
    responses = feed["get"]["responses"]
    responses["410"] = {
        "description": "The cursor is older than the retention: re-sync from "
        "the sitemap, then continue from next_cursor.",
        "headers": responses["200"]["headers"],
        "content": {"application/json": {"schema": ref("ChangesGone")}},
    }
    return feed


def content_paths() -> dict[str, Any]:
    from ..preview import PreviewAPIViewSet
    from ..views import (
        DoctorsAPIViewSet,
        DocumentsAPIViewSet,
        ImagesAPIViewSet,
        PagesAPIViewSet,
        RedirectsAPIViewSet,
        ReferencesAPIViewSet,
        SiteAPIViewSet,
        SitemapAPIViewSet,
        TestimonialsAPIViewSet,
    )

    p = API_PREFIX
    page_links = {
        "parent": to_detail("pages", "/meta/parent/id"),
        "translations": {
            "operationId": "pages_list",
            "parameters": {"translation_of": "$response.body#/id"},
        },
        "children": {
            "operationId": "pages_list",
            "parameters": {"child_of": "$response.body#/id"},
        },
    }
    pages = endpoint(
        "pages",
        PagesAPIViewSet,
        "live, public pages",
        "PageListItem",
        "A page with all its content",
    )
    pages[f"{p}pages/{{id}}/"] = operation(
        "pages_retrieve",
        "A page with all its content",
        "pages",
        ref("PageDetail"),
        [ID_PATH, *query(PagesAPIViewSet, "detail_view")],
        links=page_links,
    )
    return {
        **pages,
        f"{p}pages/find/": find_operation(
            operation(
                "pages_find",
                "Find a page by its frontend path (locale prefix allowed), answered with the page",
                "pages",
                ref("PageDetail"),
                query(PagesAPIViewSet, "find_view"),
                links=page_links,
            )
        ),
        **endpoint(
            "images",
            ImagesAPIViewSet,
            "public images",
            "ImageItem",
            "An image with renditions",
        ),
        **endpoint(
            "documents",
            DocumentsAPIViewSet,
            "public documents",
            "Document",
            "A document",
        ),
        **endpoint(
            "doctors", DoctorsAPIViewSet, "published doctors", "Doctor", "A doctor"
        ),
        **endpoint(
            "testimonials",
            TestimonialsAPIViewSet,
            "published testimonials with valid consent",
            "TestimonialItem",
            "A testimonial",
        ),
        **endpoint(
            "references",
            ReferencesAPIViewSet,
            "references",
            "ReferenceItem",
            "A reference",
        ),
        f"{p}preview/": operation(
            "preview_retrieve",
            "A draft revision unlocked by a preview token, in the live detail shape",
            "pages",
            ref("PageDetail"),
            query(PreviewAPIViewSet, "preview_view"),
            cached=False,
            statuses=("401",),
        ),
        f"{p}site/": operation(
            "site_retrieve",
            "Site settings and main navigation",
            "site",
            ref("Site"),
            query(SiteAPIViewSet, "site_view"),
        ),
        f"{p}redirects/": operation(
            "redirects_retrieve",
            "Where an old frontend path now leads (404: no redirect)",
            "routing",
            ref("Redirect"),
            query(RedirectsAPIViewSet, "redirect_view"),
        ),
        f"{p}sitemap/": operation(
            "sitemap_list",
            "Every live, public page with its frontend URL and languages",
            "routing",
            listing(ref("SitemapEntry")),
            query(SitemapAPIViewSet, "sitemap_view"),
        ),
        f"{p}sitemap.xml": sitemap_xml_operation(),
        f"{p}changes/": changes_operation(),
    }


def find_operation(find: dict[str, Any]) -> dict[str, Any]:
    """Its 404 names the page's languages when the path's language lacks it."""
    find["get"]["responses"]["404"] = {
        "description": "Not found (or not public); with alternates when the page "
        "has no live, public version in the path's language.",
        "content": {"application/json": {"schema": ref("NotInLanguage")}},
    }
    return find


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
