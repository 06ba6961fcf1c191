"""Keep a reference's search entry in step with its authors, and make an image's
renditions when it is saved.

The admin saves a reference with its authors in memory, so the index sees them; an
author saved or deleted on its own (the demo loader, factories, the shell) changes
what "search by author" must find without saving the reference itself.

A raw save (``loaddata``, a test's ``serialized_rollback``) loads rows as they
were dumped: like Wagtail's own search handler, these return on ``raw``.
"""

from django.db.models.signals import post_delete, post_save

from wagtail.images import get_image_model
from wagtail.search import index

from .models import Reference, ReferenceAuthor


def reindex_reference_of_author(
    sender, instance: ReferenceAuthor, raw=False, **kwargs
) -> None:
    if raw:
        return
    reindex_reference(instance)


def reindex_reference(author: ReferenceAuthor) -> None:
    # Read afresh: in a cascade delete the reference row may already be gone.
    reference = Reference.objects.filter(pk=author.reference_id).first()
    if reference is not None:
        index.insert_or_update_object(reference)


def make_renditions_of_saved_image(sender, instance, raw=False, **kwargs) -> None:
    """In the background worker (``snippets.tasks``); enqueued in the saving
    transaction, so an upload rolled back asks for nothing."""
    if raw:
        return
    from .tasks import make_renditions

    make_renditions.enqueue(instance.pk)


def register_signal_handlers() -> None:
    post_save.connect(make_renditions_of_saved_image, sender=get_image_model())
    post_save.connect(reindex_reference_of_author, sender=ReferenceAuthor)
    post_delete.connect(reindex_reference_of_author, sender=ReferenceAuthor)
