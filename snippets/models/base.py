"""What the reviewed snippets share: approval workflow, drafts, revisions, translations."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models

from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)


class SnippetRevisionRelations(models.Model):
    """The generic relations to revisions and workflow states of a snippet with drafts.

    They are what let Wagtail delete them with the snippet and query them from it;
    ``%(class)s`` gives each model its own query name (``doctor``, ``reference``).
    """

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="%(class)s")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(class)s",
        for_concrete_model=False,
    )

    class Meta:
        abstract = True

    @property
    def revisions(self):
        return self._revisions

    def get_preview_template(self, request, mode_name):
        return f"snippets/previews/{self._meta.model_name}.html"


class ReviewedSnippet(
    SnippetRevisionRelations,
    WorkflowMixin,
    DraftStateMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    ClusterableModel,
):
    """Base for translatable snippets that go through approval before they are
    shown publicly (doctors, testimonials)."""

    class Meta(TranslatableMixin.Meta):
        abstract = True
