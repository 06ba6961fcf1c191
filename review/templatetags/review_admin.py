"""Template helpers for the approval dialog of the review tasks."""

from django import template

register = template.Library()


@register.simple_tag
def approval_problems(task_state, user) -> list[str]:
    """Why ``user`` may not approve the revision of ``task_state``, if anything."""
    task = task_state.task.specific
    check = getattr(task, "approval_problems", None)
    if check is None:
        return []
    return check(task_state.revision.as_object(), user)
