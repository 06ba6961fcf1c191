"""Helpers for tests that go through the snippet admin views."""

from django.db import connection

LISTING = "/admin/snippets/snippets/{model}/"
ADD = "/admin/snippets/snippets/{model}/add/"
EDIT = "/admin/snippets/snippets/{model}/edit/{pk}/"
CHOOSER = "/admin/snippets/choose/snippets/{model}/"
CHOOSER_RESULTS = "/admin/snippets/choose/snippets/{model}/results/"

PUBLISH = {"action-publish": "action-publish"}

# modelsearch's SQLite backend turns the `fields` a viewset restricts its search to
# into FTS column names, which do not exist: any `?q=` on a snippet listing whose
# SnippetViewSet sets `search_fields` fails with "no such column". PostgreSQL works.
LISTING_SEARCH_BROKEN_ON_SQLITE = (
    "snippets/wagtail_hooks.py sets search_fields on DoctorViewSet, TestimonialViewSet "
    "and ReferenceViewSet; on SQLite the admin listing search then raises "
    "OperationalError: no such column (modelsearch passes the field names to the "
    "FTS MATCH as columns)."
)
ON_SQLITE = connection.vendor == "sqlite"


def listed(response) -> list[str]:
    """The objects an admin listing or chooser shows, as their labels."""
    rows = response.context.get("object_list")
    if rows is None:
        rows = response.context["results"]
    return [str(row) for row in rows]


def form_errors(response) -> dict[str, list[str]]:
    return {
        field: [str(message) for message in messages]
        for field, messages in response.context["form"].errors.items()
    }
