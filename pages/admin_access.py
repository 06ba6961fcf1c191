"""Admin views of pages and snippets only for users with a permission on them.

Wagtail lets any signed-in admin user open the page chooser (browse and search:
every page title, drafts and other sites included), a page's move confirmation,
and the snippet choosers (a chosen doctor's or testimonial's name). A patient
coordinator, with no permission on pages or snippets, could read the titles of
draft pages and unpublished testimonials there. This middleware refuses those
views, with a 403, to users with no permission at all on the model they show;
users with any permission keep Wagtail's behaviour.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from wagtail.permission_policies.pages import PagePermissionPolicy

PAGE_ACTIONS = ["add", "change", "publish", "bulk_delete", "lock", "unlock"]
SNIPPET_ACTIONS = ("view", "add", "change", "delete", "publish")
PAGE_VIEW_PREFIXES = ("wagtailadmin_choose_page", "wagtailadmin_pages:")
SNIPPET_NAMESPACE_PREFIXES = ("wagtailsnippetchoosers_", "wagtailsnippets_")


def may_see_pages(user) -> bool:
    return PagePermissionPolicy().user_has_any_permission(user, PAGE_ACTIONS)


def may_see_snippets(user, app_label: str, model_name: str) -> bool:
    return any(
        user.has_perm(f"{app_label}.{action}_{model_name}")
        for action in SNIPPET_ACTIONS
    )


def snippet_of_namespace(namespace: str) -> tuple[str, str] | None:
    """``("snippets", "doctor")`` from ``wagtailsnippetchoosers_snippets_doctor``."""
    for prefix in SNIPPET_NAMESPACE_PREFIXES:
        if namespace.startswith(prefix):
            app_label, _, model_name = namespace[len(prefix) :].partition("_")
            return (app_label, model_name) if model_name else None
    return None


def refused(request: HttpRequest) -> bool:
    match = request.resolver_match
    user = getattr(request, "user", None) or AnonymousUser()
    if match is None or not user.is_authenticated:
        return False
    if match.view_name.startswith(PAGE_VIEW_PREFIXES):
        return not may_see_pages(user)
    for namespace in match.namespaces:
        snippet = snippet_of_namespace(namespace)
        if snippet is not None:
            return not may_see_snippets(user, *snippet)
    return False


class ContentPermissionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith("/admin/") and refused(request):
            raise PermissionDenied
        return None
