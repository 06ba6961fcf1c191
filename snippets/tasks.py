"""Background work on the objects this app shows: an image's renditions, made
once when the image is saved, by the background worker.

The API shows each image in every size and format of ``rendition_specs``. Made on
first use, they would be made by whichever render or request shows the image
first: the worker rendering a page just published with it, or an editor's
preview. Made here instead, soon after the upload and one at a time
(``renditions_of``), a page's render only reads them.
"""

from django.conf import settings

from wagtail.images import get_image_model

from django_tasks import task

from .representations import image_is_public, rendition_filters, renditions_of


@task(backend=settings.BACKGROUND_TASKS, queue_name="renditions")
def make_renditions(image_id: int) -> int:
    """Make the renditions the API offers of one image that are still missing;
    the number of renditions it has. Nothing for an image gone since, or in a
    collection the public cannot see (the API never shows it)."""
    image = get_image_model().objects.filter(pk=image_id).prefetch_renditions().first()
    if not image_is_public(image):
        return 0
    return len(renditions_of(image, rendition_filters(image)))
