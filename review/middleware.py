"""Wagtail's image and document delete views run no "before delete" hook, so this
middleware applies the same refusal as the snippet hook (``review.wagtail_hooks``)."""

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from .views import refuse_delete_if_shown

# URL name of a delete view: the model it deletes and its URL argument.
GUARDED_DELETE_VIEWS = {
    "wagtailimages:delete": (get_image_model, "image_id"),
    "wagtaildocs:delete": (get_document_model, "document_id"),
}


class DeleteShownContentGuard:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        guarded = GUARDED_DELETE_VIEWS.get(match.view_name if match else "")
        if guarded is None or not request.user.is_authenticated:
            return None
        get_model, argument = guarded
        obj = get_model().objects.filter(pk=view_kwargs.get(argument)).first()
        if obj is None:
            return None
        return refuse_delete_if_shown(request, [obj])
