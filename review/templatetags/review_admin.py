"""Template helpers for the approval dialog of the review tasks."""

from django import template

from snippets.models import Testimonial

from ..citations import CitationReport, citation_report
from ..shared import embedded_objects

register = template.Library()


@register.simple_tag
def approval_problems(task_state, user) -> list[str]:
    """Why ``user`` may not approve the revision of ``task_state``, if anything."""
    task = task_state.task.specific
    check = getattr(task, "approval_problems", None)
    if check is None:
        return []
    return check(task_state.revision.as_object(), user)


@register.simple_tag
def testimonials_not_public(task_state) -> list[tuple[Testimonial, str]]:
    """Testimonials the revision under review embeds that readers will not see yet,
    with the reason: the page is approved without them until consent is approved."""
    obj = task_state.revision.as_object()
    if isinstance(obj, Testimonial):
        return []
    pending = []
    for testimonial in embedded_objects(obj, Testimonial):
        if testimonial.consent_is_revoked():
            pending.append((testimonial, "consent withdrawn"))
        elif not testimonial.live:
            pending.append((testimonial, "awaiting consent approval"))
        elif not testimonial.has_valid_consent:
            pending.append((testimonial, "consent on record does not cover it"))
    return pending


@register.simple_tag
def citation_checks(task_state) -> CitationReport | None:
    """The citation checks of the revision under review (``review.citations``), for
    a page with a references list; ``None`` for anything else."""
    obj = task_state.revision.as_object()
    if not hasattr(obj, "references") or not hasattr(obj, "body"):
        return None
    return citation_report(obj)


@register.simple_tag
def submit_translation_url(instance, user) -> str:
    """The "Submit translation to medical review" link of the translation editor, or
    nothing when ``user`` may not submit ``instance`` (``review.translations``)."""
    from django.urls import reverse

    from wagtail.models import Page

    from ..translations import can_submit_translation

    if isinstance(instance, Page) and can_submit_translation(instance.specific, user):
        return reverse("review_submit_translation", args=[instance.pk])
    return ""
