"""Images and documents for staff, limited to what each user may use: the admin
API's endpoints, and the download of documents in private collections.

Wagtail's admin endpoints (``/admin/api/main/images/``, ``/documents/``) apply the
public collection restrictions, which any signed-in user passes: a patient
coordinator, who has no image or document permission, could list every file of a
private collection with its original URL. Here each user sees the images and
documents of the collections they may choose, add, change or delete in.
"""

from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet

COLLECTION_ACTIONS = ["choose", "add", "change", "delete"]


class PermittedImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        from wagtail.images.permissions import permission_policy

        permitted = permission_policy.instances_user_has_any_permission_for(
            self.request.user, COLLECTION_ACTIONS
        )
        return super().get_queryset().filter(pk__in=permitted.values("pk"))


class PermittedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        from wagtail.documents.permissions import permission_policy

        permitted = permission_policy.instances_user_has_any_permission_for(
            self.request.user, COLLECTION_ACTIONS
        )
        return super().get_queryset().filter(pk__in=permitted.values("pk"))


def private_document_refused(document, request) -> bool:
    """A document in a restricted collection, asked for by a signed-in user with no
    permission on it: Wagtail's login restriction admits any signed-in user, a
    patient coordinator included; here only those who may use the file."""
    from wagtail.documents.permissions import permission_policy

    if not request.user.is_authenticated:
        return False
    if not document.collection.get_view_restrictions().exists():
        return False
    return not permission_policy.user_has_any_permission_for_instance(
        request.user, COLLECTION_ACTIONS, document
    )
