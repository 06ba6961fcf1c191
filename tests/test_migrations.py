from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import pytest

from pages.models import ConditionPage
from tests.factories import ConditionPageFactory, TestimonialFactory


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)


TESTIMONIALS_IN_SNIPPETS = [
    ("pages", "0008_testimonials_outcomes_unread_option"),
    ("snippets", "0005_testimonial_consent_withdrawal_help"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def link_rows(model, field_name) -> set[tuple[int, int]]:
    through = model._meta.get_field(field_name).remote_field.through
    return set(through.objects.values_list("conditionpage_id", "testimonial_id"))


# Transactional: SQLite cannot change its schema inside the test's transaction.
# serialized_rollback restores the rows the migrations create (groups, workflows)
# after the flush, for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_testimonial_links_move_to_the_pages_and_back():
    """pages.0009 copies every link from Testimonial.conditions to
    ConditionPage.testimonials; reversing it copies them back."""
    als = ConditionPageFactory()
    ms = ConditionPageFactory(parent=als.get_parent())
    italy = TestimonialFactory(conditions=[als, ms])
    oman = TestimonialFactory(conditions=[als])
    TestimonialFactory()
    links = {(als.pk, italy.pk), (ms.pk, italy.pk), (als.pk, oman.pk)}
    assert link_rows(ConditionPage, "testimonials") == links

    old_apps = migrate(TESTIMONIALS_IN_SNIPPETS)
    assert link_rows(old_apps.get_model("snippets", "Testimonial"), "conditions") == (
        links
    )

    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    new_apps = migrate(leaves)
    assert link_rows(new_apps.get_model("pages", "ConditionPage"), "testimonials") == (
        links
    )
    assert set(italy.conditions.values_list("pk", flat=True)) == {als.pk, ms.pk}
