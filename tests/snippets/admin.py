"""Helpers for tests that go through the snippet admin views."""

LISTING = "/admin/snippets/snippets/{model}/"
ADD = "/admin/snippets/snippets/{model}/add/"
EDIT = "/admin/snippets/snippets/{model}/edit/{pk}/"
CHOOSER = "/admin/snippets/choose/snippets/{model}/"
CHOOSER_RESULTS = "/admin/snippets/choose/snippets/{model}/results/"

PUBLISH = {"action-publish": "action-publish"}


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
