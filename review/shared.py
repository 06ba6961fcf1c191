"""Shared content under review: objects that medical pages show but do not own.

The policy (docs/medical-review.md has it as a table):

- references, doctors and testimonials have drafts and a workflow of their own: an
  edit reaches live pages only once a reviewer (never its author) approves it;
- images and documents have no drafts in Wagtail: a change to what a reader sees
  (file, title, alt text, focal point, collection) marks every live medical page
  that shows it ``changed_since_review`` at once, and the next approval clears it;
- none of them can be deleted while a live medical page shows it: the admin refuses
  and lists those pages.
"""

from collections.abc import Iterable

from django.db import models

from wagtail.fields import StreamField
from wagtail.models import Page

from snippets.usage import referencing_page_ids

from .records import medical_page_models
from .signals import review_changed

# What a reader sees of an image or a document; other fields (file size, hash,
# upload time, owner, tags) change nothing on a page.
VISIBLE_FIELDS = {
    "wagtailimages.image": (
        "title",
        "description",
        "file",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
        "collection_id",
    ),
    "wagtaildocs.document": ("title", "file", "collection_id"),
}


def live_medical_pages_showing(objects: Iterable[models.Model]) -> list[Page]:
    """Live condition and therapy pages whose content shows any of ``objects``."""
    page_ids = referencing_page_ids(objects)
    if not page_ids:
        return []
    pages = []
    for model in medical_page_models():
        pages.extend(model.objects.live().filter(pk__in=page_ids))
    return sorted(pages, key=lambda page: page.path)


def visible_fields(obj: models.Model) -> tuple[str, ...]:
    return VISIBLE_FIELDS.get(obj._meta.label_lower, ())


def visible_state(obj: models.Model) -> dict:
    return {name: str(getattr(obj, name)) for name in visible_fields(obj)}


def mark_pages_changed_since_review(objects: Iterable[models.Model]) -> list[Page]:
    """Flag every live medical page that shows ``objects``; returns those pages."""
    pages = live_medical_pages_showing(objects)
    for model in medical_page_models():
        model.objects.filter(pk__in=[page.pk for page in pages]).update(
            has_unreviewed_changes=True
        )
    if pages:
        review_changed.send(sender=Page, pages=pages)
    return pages


def embedded_objects(obj: models.Model, model: type[models.Model]) -> list:
    """The ``model`` instances that ``obj``'s stream fields choose, in order."""
    ids: list[str] = []
    for field in obj._meta.get_fields():
        if isinstance(field, StreamField):
            value = field.value_from_object(obj)
            for target, object_id, _path, _content in field.extract_references(value):
                if issubclass(target, model) and str(object_id) not in ids:
                    ids.append(str(object_id))
    found = model._default_manager.in_bulk([int(pk) for pk in ids if pk.isdigit()])
    return [found[int(pk)] for pk in ids if pk.isdigit() and int(pk) in found]
