"""Who may delete a page: Wagtail's rule, narrowed for people who cannot publish.

Wagtail lets anyone with ``change`` permission delete any page that is not live:
an editor could delete a colleague's draft, or a condition page a doctor is
reviewing. Here someone who cannot publish the page (an editor) deletes only
their own drafts, never a page in a workflow, and never a colleague's subpage.
Publishers (administrators) and superusers keep Wagtail's rule.
"""

from django.core.exceptions import PermissionDenied

from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.models import Page

from .bulk_actions import NamesOnlyActionableObjects


def user_may_delete_page(user, page: Page) -> bool:
    permissions = page.permissions_for_user(user)
    if not permissions.can_delete():
        return False
    if user.is_superuser or permissions.can_publish():
        return True
    pages = page.get_descendants(inclusive=True)
    if pages.exclude(owner=user).exists():
        return False
    return not any(each.specific_deferred.workflow_in_progress for each in pages)


def refuse_deleting_others_pages(request, page: Page) -> None:
    """``before_delete_page`` hook: the delete view, GET and POST."""
    if not user_may_delete_page(request.user, page):
        raise PermissionDenied


class ClinicPageDeleteBulkAction(NamesOnlyActionableObjects, DeleteBulkAction):
    """The pages' bulk delete, with the same rule."""

    def check_perm(self, page):
        return user_may_delete_page(self.request.user, page)
