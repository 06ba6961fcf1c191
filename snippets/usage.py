"""Who shows what: the pages whose public content includes an object.

Wagtail's reference index records every chooser, foreign key and rich-text link. An
object reaches a page directly (a reference cited on it) or through another object
that the page shows (a doctor's photo). The API's cache invalidation and the medical
review's shared-content policy both ask this one question.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from wagtail.models import Page, ReferenceIndex


def _page_content_type_id() -> int:
    return ContentType.objects.get_for_model(Page).pk


def referencing_page_ids(objects: Iterable[models.Model], depth: int = 2) -> set[int]:
    """Pages that show any of ``objects``, directly or through an object that does
    (a page shows a doctor, the doctor shows a photo)."""
    page_type = _page_content_type_id()
    page_ids: set[int] = set()
    objects = [obj for obj in objects if obj.pk is not None]
    for _level in range(depth):
        if not objects:
            break
        references = ReferenceIndex.get_references_to_in_bulk(objects)
        others: dict[int, set[str]] = {}
        for base_type, object_id in references.values_list(
            "base_content_type_id", "object_id"
        ).distinct():
            if base_type == page_type:
                page_ids.add(int(object_id))
            else:
                others.setdefault(base_type, set()).add(object_id)
        objects = [
            obj
            for base_type, ids in others.items()
            # None for a content type whose model no longer exists: nothing to purge.
            if (model := ContentType.objects.get_for_id(base_type).model_class())
            for obj in model._default_manager.filter(pk__in=ids)
        ]
    return page_ids
