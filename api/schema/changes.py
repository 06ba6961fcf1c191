"""The change feed's document: its events, one schema per ``type``."""

from typing import Any

from ..changes import OBJECT_TYPES
from .components import DATETIME, INTEGER, STRING, nullable, obj, ref

PAGE_EVENTS = ("page_published", "page_unpublished", "page_deleted")
OBJECT_EVENTS = ("object_changed", "object_deleted")
REDIRECT_EVENTS = ("redirect_created", "redirect_changed", "redirect_deleted")
PAGE_EVENT_DESCRIPTIONS = {
    "page_published": "A page became public or its public content changed: "
    "(re)build page.path.",
    "page_unpublished": "A page stopped being public (unpublished, or hidden by a "
    "view restriction): drop page.path, its last public path.",
    "page_deleted": "A public page was deleted (a tombstone): drop page.path, its "
    "last public path.",
}


def schema_name(kind: str) -> str:
    """``page_published`` -> ``PagePublishedEvent``: one schema per event type."""
    return "".join(word.capitalize() for word in kind.split("_")) + "Event"


def event(kind: str, properties: dict[str, Any], description: str):
    return obj(
        {
            "id": {**INTEGER, "description": "The change's cursor."},
            "type": {"const": kind},
            "created_at": DATETIME,
            **properties,
        },
        description=description,
    )


def change_components(components: dict[str, Any]) -> None:
    components["ChangedPage"] = obj(
        {
            "id": INTEGER,
            "type": ref("PageType"),
            "locale": STRING,
            "path": {
                **STRING,
                "description": "Frontend path: the new one, or the last public "
                "one for a page unpublished, hidden or deleted.",
            },
        }
    )
    for kind, description in PAGE_EVENT_DESCRIPTIONS.items():
        components[schema_name(kind)] = event(
            kind, {"page": ref("ChangedPage")}, description
        )
    components[schema_name("page_moved")] = event(
        "page_moved",
        {"page": ref("ChangedPage"), "old_path": STRING},
        "A public page moved (or its parent did): drop old_path, build page.path.",
    )
    changed_object = obj(
        {
            "type": {"type": "string", "enum": list(OBJECT_TYPES)},
            "id": INTEGER,
            "locale": nullable(STRING),
        }
    )
    for kind in OBJECT_EVENTS:
        components[schema_name(kind)] = event(
            kind,
            {
                "object": changed_object,
                "pages": {
                    "type": "array",
                    "items": ref("ChangedPage"),
                    "description": "The public pages whose JSON shows this "
                    "object: rebuild them.",
                },
            },
            f"A doctor, testimonial, reference, image or document was "
            f"{kind.split('_')[1]}.",
        )
    redirect = obj(
        {
            "id": INTEGER,
            "old_path": STRING,
            "target": {
                **STRING,
                "description": "Frontend path or external URL it leads to.",
            },
        }
    )
    for kind in REDIRECT_EVENTS:
        components[schema_name(kind)] = event(
            kind,
            {"redirect": redirect},
            f"A redirect was {kind.split('_')[1]}.",
        )
    kinds = [*PAGE_EVENTS, "page_moved", *OBJECT_EVENTS, *REDIRECT_EVENTS]
    components["Change"] = {
        "oneOf": [ref(schema_name(kind)) for kind in kinds],
        "discriminator": {
            "propertyName": "type",
            "mapping": {kind: ref(schema_name(kind))["$ref"] for kind in kinds},
        },
    }
    components["ChangeFeed"] = obj(
        {
            "items": {"type": "array", "items": ref("Change")},
            "next_cursor": {
                **INTEGER,
                "description": "Send it as ?since= next time.",
            },
            "has_more": {
                "type": "boolean",
                "description": "true: more changes wait; ask again at once.",
            },
        }
    )
    components["ChangesGone"] = obj(
        {
            "message": STRING,
            "next_cursor": {
                **INTEGER,
                "description": "Where to continue once re-synced from the sitemap.",
            },
        },
        description="The cursor is older than the feed's retention.",
    )
