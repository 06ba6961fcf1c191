"""Bulk actions that never name objects the user has no rights on.

Wagtail's bulk-action confirmation screens list, by title, every object in the
query string the user may not act on ("You don't have permission to delete
these pages: ..."). Any id can be put there, so a patient coordinator could read
the titles of draft pages, testimonials or private images one id at a time. These
subclasses keep Wagtail's actions and drop that list; objects the user may act on
are shown as before.
"""

from wagtail.admin.views.pages.bulk_actions import (
    MoveBulkAction as PageMoveBulkAction,
)
from wagtail.admin.views.pages.bulk_actions import (
    PublishBulkAction as PagePublishBulkAction,
)
from wagtail.admin.views.pages.bulk_actions import (
    UnpublishBulkAction as PageUnpublishBulkAction,
)
from wagtail.documents.views.bulk_actions import (
    AddTagsBulkAction as DocumentAddTagsBulkAction,
)
from wagtail.documents.views.bulk_actions import (
    AddToCollectionBulkAction as DocumentAddToCollectionBulkAction,
)
from wagtail.documents.views.bulk_actions import (
    DeleteBulkAction as DocumentDeleteBulkAction,
)
from wagtail.images.views.bulk_actions import (
    AddTagsBulkAction as ImageAddTagsBulkAction,
)
from wagtail.images.views.bulk_actions import (
    AddToCollectionBulkAction as ImageAddToCollectionBulkAction,
)
from wagtail.images.views.bulk_actions import DeleteBulkAction as ImageDeleteBulkAction
from wagtail.snippets.bulk_actions.delete import (
    DeleteBulkAction as SnippetDeleteBulkAction,
)


class NamesOnlyActionableObjects:
    def get_actionable_objects(self):
        objects, context = super().get_actionable_objects()
        return objects, {**context, "items_with_no_access": []}


# Page deletion is replaced by ``pages.deletion.ClinicPageDeleteBulkAction``,
# which names only actionable objects too.
WAGTAIL_BULK_ACTIONS = [
    PageMoveBulkAction,
    PagePublishBulkAction,
    PageUnpublishBulkAction,
    ImageAddTagsBulkAction,
    ImageAddToCollectionBulkAction,
    ImageDeleteBulkAction,
    DocumentAddTagsBulkAction,
    DocumentAddToCollectionBulkAction,
    DocumentDeleteBulkAction,
    SnippetDeleteBulkAction,
]

# Same action types and models as Wagtail's, registered after them (see
# pages.wagtail_hooks), so they take their place.
BULK_ACTIONS = [
    type(
        action.__name__, (NamesOnlyActionableObjects, action), {"__module__": __name__}
    )
    for action in WAGTAIL_BULK_ACTIONS
]
