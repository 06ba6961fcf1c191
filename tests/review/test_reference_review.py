"""References are reviewed like the pages that cite them: an editor's edit is a draft
until a medical reviewer approves it, and live citations change only then."""

from django.test import Client
from django.urls import reverse

import pytest

from pages.models import ConditionPage
from review.records import record_review
from snippets.models import Reference
from tests.factories import ConditionPageFactory, ReferenceFactory
from tests.snippets.test_reference import reference_form

pytestmark = pytest.mark.django_db

EDIT = "wagtailsnippets_snippets_reference:edit"


@pytest.fixture
def cited(site_tree, reviewer):
    reference = ReferenceFactory(
        title="Stem cell therapy in ALS", authors=[("Morata-Tarifa", "C")]
    )
    page = ConditionPageFactory(parent=site_tree["conditions"])
    draft = page.get_latest_revision_as_object()
    draft.references = [("reference", reference)]
    revision = draft.save_revision()
    revision.publish()
    record_review(ConditionPage.objects.get(pk=page.pk), revision, reviewer)
    return {"reference": reference, "page": ConditionPage.objects.get(pk=page.pk)}


def citation(api_client, page) -> str:
    data = api_client.get(f"/api/v2/pages/{page.pk}/").json()
    return data["references"][0]["citation"]


def edit_as(user, reference, **fields):
    client = Client()
    client.force_login(user)
    author = reference.authors.get()
    form = reference_form(
        authors=[(author.pk, "Morata-Tarifa", "C"), ("Azkona", "G")],
        initial=1,
        **fields,
    )
    return client, client.post(reverse(EDIT, args=[reference.pk]), form)


def test_editor_edit_stays_a_draft_until_approved(api_client, cited, editor, reviewer):
    reference, page = cited["reference"], cited["page"]
    before = citation(api_client, page)
    assert before.startswith("Morata-Tarifa C. Stem cell therapy in ALS.")

    client, response = edit_as(
        editor, reference, title="Stem cell therapy in ALS: a meta-analysis"
    )
    assert response.status_code == 302
    # Saved, not live: every page that cites it still shows the approved citation.
    assert citation(api_client, page) == before
    reference = Reference.objects.get(pk=reference.pk)
    assert reference.has_unpublished_changes
    assert api_client.get(f"/api/v2/references/{reference.pk}/").json()["title"] == (
        "Stem cell therapy in ALS"
    )

    # The editor cannot publish it directly, only submit it for review.
    author = reference.authors.get()
    form = reference_form(
        authors=[(author.pk, "Morata-Tarifa", "C"), ("Azkona", "G")],
        initial=1,
        title="Stem cell therapy in ALS: a meta-analysis",
    )
    client.post(reverse(EDIT, args=[reference.pk]), form | {"action-publish": "1"})
    assert citation(api_client, page) == before
    client.post(reverse(EDIT, args=[reference.pk]), form | {"action-submit": "1"})
    reference = Reference.objects.get(pk=reference.pk)
    assert reference.get_workflow().name == "Medical review"
    task_state = reference.current_workflow_task_state
    assert task_state is not None
    assert citation(api_client, page) == before

    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    reviewer_client.post(
        reverse(
            "wagtailsnippets_snippets_reference:workflow_action",
            args=[reference.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )
    after = citation(api_client, page)
    assert after.startswith(
        "Morata-Tarifa C, Azkona G. Stem cell therapy in ALS: a meta-analysis."
    )
    # The reference itself was reviewed, so the citing page stays reviewed.
    assert ConditionPage.objects.get(pk=page.pk).review_status == "reviewed"


def test_a_never_approved_reference_is_not_cited(api_client, site_tree):
    reference = ReferenceFactory(title="Unreviewed claim", live=False)
    page = ConditionPageFactory(parent=site_tree["conditions"])
    draft = page.get_latest_revision_as_object()
    draft.references = [("reference", reference)]
    draft.save_revision().publish()
    data = api_client.get(f"/api/v2/pages/{page.pk}/").json()
    assert "Unreviewed claim" not in str(data)
    response = api_client.get(f"/api/v2/references/{reference.pk}/")
    assert response.status_code == 404
