"""Admin views of the medical review that are not Wagtail's own."""

from django.template.response import TemplateResponse

from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.permissions import policy_registry

from .shared import live_medical_pages_showing

DELETE_REFUSED_TEMPLATE = "review/delete_refused.html"


def refuse_delete_if_shown(request, objects) -> TemplateResponse | None:
    """The admin's answer to deleting what live medical pages show: the list of those
    pages instead of "Yes, delete", for the confirmation and the POST alike.

    Users who may not delete the objects get Wagtail's own refusal instead.
    """
    shown = {}
    for obj in objects:
        policy = policy_registry.get(obj)
        if policy.user_has_permission_for_instance(request.user, "delete", obj):
            pages = live_medical_pages_showing([obj])
            if pages:
                shown[obj] = pages
    if not shown:
        return None
    pages = sorted(
        {page.pk: page for pages in shown.values() for page in pages}.values(),
        key=lambda page: page.path,
    )
    return TemplateResponse(
        request,
        DELETE_REFUSED_TEMPLATE,
        {
            "objects": [str(obj) for obj in shown],
            "pages": pages,
            "back_url": get_valid_next_url_from_request(request),
        },
        status=409,
    )
