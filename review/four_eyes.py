"""Four eyes: nobody approves what they wrote.

The people who wrote a revision under review are whoever submitted it and whoever
saved a revision with different content since the object's last approval. A save
that changes nothing (the editor saving the form before "Approve") authors nothing.
"""

from wagtail.models import Revision, TaskState

OWN_WORK_MESSAGE = (
    "You wrote part of this revision (or submitted it), so another reviewer must "
    "approve it."
)


def last_approved_revision(revisions) -> Revision | None:
    """The newest of ``revisions`` that a workflow task approved."""
    approved = TaskState.objects.filter(
        revision__in=revisions, status=TaskState.STATUS_APPROVED
    ).order_by("-revision_id")
    state = approved.select_related("revision").first()
    return state.revision if state else None


def contributors(workflow_state, revision: Revision) -> set[int]:
    """Ids of the users who submitted ``revision`` or changed the object since its
    last approval. Later drafts count too: with re-approval on edit, approving
    ``revision`` hands the task on to the newest one."""
    from .records import same_content

    revisions = Revision.objects.filter(
        base_content_type_id=revision.base_content_type_id,
        object_id=revision.object_id,
    )
    approved = last_approved_revision(revisions.filter(pk__lt=revision.pk))
    previous = approved
    users = set()
    since = revisions.filter(pk__gt=approved.pk) if approved else revisions
    for candidate in since.order_by("pk"):
        if previous is None or not same_content(previous, candidate):
            users.add(candidate.user_id)
        previous = candidate
    if workflow_state is not None:
        users.add(workflow_state.requested_by_id)
    users.discard(None)
    return users


def is_own_work(obj, user) -> bool:
    """Whether ``user`` wrote part of the revision of ``obj`` now under review."""
    task_state = getattr(obj, "current_workflow_task_state", None)
    if task_state is None or not user.is_authenticated:
        return False
    return user.pk in contributors(task_state.workflow_state, task_state.revision)
