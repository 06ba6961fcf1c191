"""Deleting requests for retention and erasure, leaving a trace without the data."""

import logging

from django.db import transaction

from wagtail.log_actions import log

logger = logging.getLogger(__name__)


def delete_leads(queryset, *, reason: str) -> list[str]:
    """Delete the requests in ``queryset``; return their reference codes.

    Each deletion is written to Wagtail's audit log (``wagtail.delete``, labelled
    with the request's kind and reference only) so that coordinators can see in a
    request's history why it disappeared.
    """
    with transaction.atomic():
        leads = list(queryset.select_for_update().order_by("created_at"))
        for lead in leads:
            log(
                instance=lead,
                action="wagtail.delete",
                user=None,
                data={"reason": reason},
            )
        references = [lead.reference for lead in leads]
        queryset.model.objects.filter(pk__in=[lead.pk for lead in leads]).delete()
    if references:
        logger.info("Deleted %d patient request(s) (%s)", len(references), reason)
    return references
