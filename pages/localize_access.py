"""wagtail-localize's views that list content without asking who may see it, with
the checks they lack (``pages.wagtail_hooks`` registers them at wagtail-localize's
URLs, as ``pages.po_files``).

- The translation editor's snippet lookup (``localize/api/snippets/...``) answers
  every logged-in admin user with the names of every snippet of a model, drafts
  included: it now answers only staff with a permission on that model, as the
  snippets admin does.
- The translations report lists the source of every translation (titles of draft
  and restricted pages, names of draft doctors) to anyone with admin access: it is
  now for staff who may translate (``wagtail_localize.submit_translation``), who
  start and sync translations, and its menu item is shown to them only.
"""

from django.core.exceptions import PermissionDenied

from rest_framework.permissions import BasePermission
from wagtail_localize.views.report import TranslationsReportView
from wagtail_localize.views.snippets_api import SnippetViewSet

SNIPPET_ACTIONS = ["add", "change", "delete", "view"]
TRANSLATE = "wagtail_localize.submit_translation"


class MaySeeTheSnippets(BasePermission):
    def has_permission(self, request, view) -> bool:
        policy = view.get_model().snippet_viewset.permission_policy
        return policy.user_has_any_permission(request.user, SNIPPET_ACTIONS)


class PermittedSnippetsApi(SnippetViewSet):
    permission_classes = [MaySeeTheSnippets]


class TranslatorsReportView(TranslationsReportView):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(TRANSLATE):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
