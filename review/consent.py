"""Consent revocation: a safety action that takes a testimonial down at once.

Recording that a patient withdrew consent is not an edit waiting for approval: the
testimonial is unpublished in the same request, which removes it from the API, from
every page that embeds it (they show only live testimonials with valid consent) and
from previews, and purges the caches through the usual unpublish signals. The
revocation is written into the live row and into a new revision, so no later draft
or revert brings the quote back; only fresh consent (a consent date after the
revocation) approved in the consent task can.
"""

import datetime

from django.db import transaction

from wagtail.actions.unpublish import UnpublishAction
from wagtail.log_actions import log

from snippets.models import Testimonial

from .status import review_today

REVOKE_CONSENT_ACTION = "review.revoke_consent"
REVOKE_CONSENT_PERMISSION = "review.record_consent_revocation"


class RevocationError(ValueError):
    """The revocation date cannot be recorded."""


def can_record_revocation(user) -> bool:
    return user.is_active and user.has_perm(REVOKE_CONSENT_PERMISSION)


@transaction.atomic
def revoke_consent(
    testimonial: Testimonial, revoked_on: datetime.date, user
) -> Testimonial:
    """Record that the patient withdrew consent on ``revoked_on`` and take the
    testimonial down everywhere; returns the updated testimonial.

    The log entry holds the date only: never the patient's words.
    """
    if revoked_on > review_today():
        raise RevocationError("A revocation cannot be dated in the future.")
    testimonial = Testimonial.objects.select_for_update().get(pk=testimonial.pk)
    draft = testimonial.get_latest_revision_as_object()
    draft.consent_revoked_on = revoked_on
    draft.save_revision(user=user, clean=False)
    Testimonial.objects.filter(pk=testimonial.pk).update(consent_revoked_on=revoked_on)
    testimonial.refresh_from_db()
    workflow_state = testimonial.current_workflow_state
    if workflow_state is not None:
        workflow_state.cancel(user=user)
    if testimonial.live:
        UnpublishAction(testimonial, user=user).execute(skip_permission_checks=True)
    else:
        # No unpublish signal: tell the caches that the row changed anyway.
        testimonial.save(update_fields=["consent_revoked_on"])
    log(
        instance=testimonial,
        action=REVOKE_CONSENT_ACTION,
        user=user,
        data={"revoked_on": revoked_on.isoformat()},
    )
    return testimonial
