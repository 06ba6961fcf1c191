"""What changed since the last approval: the reviewer's comparison.

Wagtail compares two revisions field by field and matches stream blocks by their
ids, so content that was re-saved with new ids (or new Draftail block keys) shows
as entirely new. A reviewer needs the change, not the page: here blocks are
aligned by their content with the ids and block keys removed
(``review.records.without_identity``, the same normalisation that decides
``has_unreviewed_changes``), and only what differs is listed. Inside a block
holding a stream or a list (a section, an FAQ) only the changed children are
listed, under the block's heading. The words themselves are diffed by Wagtail's
comparison classes (``wagtail.admin.compare``), or the block's own
``get_comparison_class`` (the readable list comparisons of ``pages.blocks.compare``).
"""

import difflib
import json
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.views.generic import TemplateView

from wagtail import blocks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.compare import (
    ChildRelationComparison,
    diff_text,
    get_comparison_class_for_block,
)
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Revision, TaskState
from wagtail.utils.text import text_from_html

from .four_eyes import last_approved_revision
from .models import REVIEW_RECORD_FIELDS, MedicalReviewRecord
from .records import without_identity

ADDED, REMOVED, EDITED, MOVED = "added", "removed", "edited", "moved"
BLOCK_END = re.compile(r"(</(?:p|li|h[1-6]|blockquote)>|<br\s*/?>)", re.IGNORECASE)


@dataclass
class Change:
    """One changed field or block. ``children`` hold the changed parts of a block
    that contains others (a section's blocks, an FAQ's items); ``html`` holds the
    highlighted content otherwise."""

    label: str
    status: str = EDITED
    heading: str = ""
    html: SafeString | str = ""
    children: list["Change"] = field(default_factory=list)
    content_key: str = field(default="", repr=False)


def identity_free(block: blocks.Block, value) -> str:
    """``value`` as JSON without block ids and Draftail keys: equal exactly when the
    content is the same."""
    return json.dumps(
        without_identity(block.get_prep_value(value)),
        cls=DjangoJSONEncoder,
        sort_keys=True,
    )


def sequence_items(block: blocks.Block, value) -> list[tuple[blocks.Block, object]]:
    """The children of a stream or list value, each with its block."""
    if value is None:
        return []
    if isinstance(block, blocks.ListBlock):
        return [(block.child_block, child.value) for child in value.bound_blocks]
    return [(child.block, child.value) for child in value]


def sequence_changes(block: blocks.Block, value_a, value_b) -> list[Change]:
    """Added, removed and edited children of two stream (or list) values, aligned by
    their content: a block moved or re-saved with a new id is not a change."""
    items_a = sequence_items(block, value_a)
    items_b = sequence_items(block, value_b)

    def keys(items):
        return [(child.name, identity_free(child, value)) for child, value in items]

    matcher = difflib.SequenceMatcher(
        None, keys(items_a), keys(items_b), autojunk=False
    )
    changes = []
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed = list(items_a[a_start:a_end])
        for child, value_b_child in items_b[b_start:b_end]:
            match = edited_match(removed, child, value_b_child)
            if match is None:
                changes.append(block_shown(child, value_b_child, ADDED))
                continue
            for old, old_value in removed[:match]:
                changes.append(block_shown(old, old_value, REMOVED))
            _old, value_a_child = removed[match]
            removed = removed[match + 1 :]
            changes.append(block_edited(child, value_a_child, value_b_child))
        changes.extend(
            block_shown(old, old_value, REMOVED) for old, old_value in removed
        )
    return with_moves(changes)


def with_moves(changes: list[Change]) -> list[Change]:
    """A block removed in one place and added unchanged in another was moved: one
    "moved" entry where it now is, instead of a removal and an addition."""
    removed: dict[str, list[Change]] = {}
    for change in changes:
        if change.status == REMOVED:
            removed.setdefault(change.content_key, []).append(change)
    result = []
    moved = []
    for change in changes:
        if change.status == ADDED and removed.get(change.content_key):
            moved.append(removed[change.content_key].pop(0))
            change.status = MOVED
        result.append(change)
    return [change for change in result if not any(change is m for m in moved)]


def edited_match(removed: list, block: blocks.Block, value) -> int | None:
    """Which of the ``removed`` blocks ``value`` is an edit of: one of the same type,
    preferably with the same heading (a section whose content changed)."""
    same_type = [
        index for index, (old, _value) in enumerate(removed) if old.name == block.name
    ]
    heading = block_heading(block, value)
    for index in same_type:
        old, old_value = removed[index]
        if heading and block_heading(old, old_value) == heading:
            return index
    return same_type[0] if same_type else None


def is_sequence(block: blocks.Block) -> bool:
    return isinstance(block, (blocks.StreamBlock, blocks.ListBlock))


def block_heading(block: blocks.Block, value) -> str:
    """What a reader calls a struct block: its first text child (a section's heading)."""
    if isinstance(block, blocks.StructBlock) and value is not None:
        for name, child in block.child_blocks.items():
            if isinstance(child, blocks.CharBlock) and value.get(name):
                return str(value[name])
    return ""


def block_label(block: blocks.Block) -> str:
    return str(block.label or block.name)


def paragraphs(html) -> str:
    """Rich text as plain text, one line per paragraph or list item (Wagtail's own
    comparison runs the paragraphs together)."""
    return text_from_html(BLOCK_END.sub(r"\1\n", str(html or "")))


def rich_text_diff(html_a, html_b) -> SafeString:
    """Changed words of two rich texts, paragraph by paragraph."""
    html = diff_text(paragraphs(html_a), paragraphs(html_b)).to_html()
    return mark_safe(html.replace("\n", "<br>"))  # noqa: S308 - escaped by diff_text


def block_html(block: blocks.Block, value) -> SafeString:
    if isinstance(block, blocks.RichTextBlock):
        text = paragraphs(block.get_prep_value(value))
        return mark_safe(diff_text(text, text).to_html().replace("\n", "<br>"))  # noqa: S308
    comparison = get_comparison_class_for_block(block)(block, True, True, value, value)
    return comparison.htmlvalue(value)


def block_shown(block: blocks.Block, value, kind: str) -> Change:
    """A block that is only on one side: ``ADDED`` or ``REMOVED``, shown whole."""
    return Change(
        block_label(block),
        kind,
        block_heading(block, value),
        block_html(block, value),
        content_key=f"{block.name}:{identity_free(block, value)}",
    )


def block_edited(block: blocks.Block, value_a, value_b) -> Change:
    heading = block_heading(block, value_b)
    if is_sequence(block):
        return Change(
            block_label(block),
            heading=heading,
            children=sequence_changes(block, value_a, value_b),
        )
    if isinstance(block, blocks.StructBlock) and any(
        is_sequence(child) for child in block.child_blocks.values()
    ):
        children = []
        for name, child in block.child_blocks.items():
            if identity_free(child, value_a[name]) == identity_free(
                child, value_b[name]
            ):
                continue
            if is_sequence(child):
                children.extend(sequence_changes(child, value_a[name], value_b[name]))
            else:
                children.append(block_edited(child, value_a[name], value_b[name]))
        return Change(block_label(block), heading=heading, children=children)
    if isinstance(block, blocks.RichTextBlock):
        html = rich_text_diff(
            block.get_prep_value(value_a), block.get_prep_value(value_b)
        )
        return Change(block_label(block), heading=heading, html=html)
    comparison = get_comparison_class_for_block(block)(
        block, True, True, value_a, value_b
    )
    return Change(block_label(block), heading=heading, html=comparison.htmldiff())


def field_changes(comparisons, object_a, object_b) -> list[Change]:
    """The changed fields of ``object_b`` against ``object_a``, from the edit
    handler's comparison classes; the review record is not content."""
    changes = []
    for comparison_factory in comparisons:
        comparison = comparison_factory(object_a, object_b)
        if comparison.is_child_relation:
            if comparison.has_changed():
                changes.append(child_relation_change(comparison))
            continue
        db_field = comparison.field
        if db_field.name in REVIEW_RECORD_FIELDS:
            continue
        label = str(comparison.field_label())
        if isinstance(db_field, StreamField):
            children = sequence_changes(
                db_field.stream_block, comparison.val_a, comparison.val_b
            )
            if children:
                changes.append(Change(label, children=children))
            continue
        if isinstance(comparison.val_a, str) or isinstance(comparison.val_b, str):
            changed = without_identity(comparison.val_a or "") != without_identity(
                comparison.val_b or ""
            )
        else:
            changed = comparison.has_changed()
        if changed and isinstance(db_field, RichTextField):
            html = rich_text_diff(comparison.val_a, comparison.val_b)
            changes.append(Change(label, html=html))
        elif changed:
            changes.append(Change(label, html=comparison.htmldiff()))
    return changes


def child_relation_change(comparison: ChildRelationComparison) -> Change:
    """Inline children (a reference's authors): the changed ones, field by field."""
    items = []
    for child in comparison.get_child_comparisons():
        if not child.has_changed():
            continue
        status = (
            ADDED if child.is_addition() else REMOVED if child.is_deletion() else EDITED
        )
        rows = format_html_join(
            "",
            "<dt>{}</dt><dd>{}</dd>",
            (
                (field_comparison.field_label(), field_comparison.htmldiff())
                for field_comparison in child.get_field_comparisons()
            ),
        )
        items.append(
            format_html(
                '<dl class="comparison__child-object {}">{}</dl>',
                {ADDED: "addition", REMOVED: "deletion"}.get(status, ""),
                rows,
            )
        )
    return Change(
        str(comparison.field_label()),
        html=mark_safe("".join(items)),  # noqa: S308
    )


def object_revisions(revision: Revision):
    return Revision.objects.filter(
        base_content_type_id=revision.base_content_type_id,
        object_id=revision.object_id,
    )


def approved_baseline(obj, revision: Revision) -> Revision | None:
    """The last revision approved before ``revision``: by a workflow task, or the
    one a page's medical review record names (stamped by ``record_review`` and by
    the demo loader)."""
    earlier = object_revisions(revision).filter(pk__lt=revision.pk)
    candidates = [last_approved_revision(earlier)]
    if isinstance(obj, MedicalReviewRecord) and obj.reviewed_revision_id:
        candidates.append(earlier.filter(pk=obj.reviewed_revision_id).first())
    found = [candidate for candidate in candidates if candidate is not None]
    return max(found, key=lambda candidate: candidate.pk, default=None)


def edit_handler_for(obj):
    if isinstance(obj, Page):
        return obj.get_edit_handler()
    return obj.snippet_viewset.get_edit_handler()


def blank_object(obj):
    """An empty object of ``obj``'s type: with nothing approved, all content is new."""
    blank = type(obj)()
    if isinstance(obj, Page):
        blank.title = ""
        blank.slug = ""
    return blank


@dataclass
class ReviewComparison:
    task_state: TaskState
    obj: object
    revision: Revision
    baseline: Revision | None
    changes: list[Change]


def compare_task_state(task_state: TaskState, request=None) -> ReviewComparison:
    """What the revision under ``task_state`` changes since the last approval."""
    revision = task_state.revision
    obj = task_state.workflow_state.content_object
    obj = getattr(obj, "specific", obj)
    baseline = approved_baseline(obj, revision)
    comparisons = (
        edit_handler_for(obj)
        .get_bound_panel(instance=obj, request=request, form=None)
        .get_comparison()
    )
    object_a = baseline.as_object() if baseline else blank_object(obj)
    changes = field_changes(comparisons, object_a, revision.as_object())
    return ReviewComparison(task_state, obj, revision, baseline, changes)


def user_can_see_changes(user, task_state: TaskState, obj) -> bool:
    """Those who can act on the task (its groups) and those who can edit the object."""
    if task_state.task.specific.user_can_access_editor(obj, user):
        return True
    if isinstance(obj, Page):
        return obj.permissions_for_user(user).can_edit()
    policy = obj.snippet_viewset.permission_policy
    return policy.user_has_permission_for_instance(user, "change", obj)


class ChangesView(WagtailAdminTemplateMixin, TemplateView):
    """The reviewer's view of a task: what changed since the last approval."""

    template_name = "review/compare.html"
    page_title = "What changed since the last approval"
    header_icon = "history"

    def dispatch(self, request, task_state_id):
        self.task_state = get_object_or_404(
            TaskState.objects.select_related(
                "revision", "revision__user", "workflow_state", "task"
            ),
            pk=task_state_id,
        )
        obj = self.task_state.workflow_state.content_object
        if obj is None:
            raise Http404
        self.obj = getattr(obj, "specific", obj)
        if not user_can_see_changes(request.user, self.task_state, self.obj):
            raise PermissionDenied
        return super().dispatch(request, task_state_id)

    def get_page_subtitle(self):
        return str(self.obj)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["comparison"] = compare_task_state(self.task_state, self.request)
        context["edit_url"] = AdminURLFinder(self.request.user).get_edit_url(self.obj)
        return context
