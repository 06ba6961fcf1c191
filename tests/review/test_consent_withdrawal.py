"""A recorded consent withdrawal takes a testimonial down at once: from the API, from
every page that embeds it, from its own endpoint, with caches purged; it is logged
without the quote and only fresh consent approved in the consent task undoes it."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry, WorkflowState

import pytest

from review.consent import RevocationError, revoke_consent
from snippets.models import Testimonial
from tests.factories import ConditionPageFactory, TestimonialFactory

from .conftest import make_user

pytestmark = pytest.mark.django_db

QUOTE = "I could hold my grandson again."
TODAY = timezone.localdate()


@pytest.fixture
def shown(site_tree):
    """A consented testimonial embedded in a live condition page, with the page's
    detail and the testimonial already in the API's response cache."""
    testimonial = TestimonialFactory(
        quote=QUOTE, consent_given_on=TODAY - datetime.timedelta(days=365)
    )
    page = ConditionPageFactory(parent=site_tree["conditions"])
    draft = page.get_latest_revision_as_object()
    draft.body = [
        {
            "type": "section",
            "value": {
                "heading": "Patients' stories",
                "anchor": "stories",
                "content": [
                    {
                        "type": "testimonials",
                        "value": {
                            "outcomes": [],
                            "items": [testimonial.pk],
                            "more_link_label": "",
                            "more_link_url": "",
                            "disclaimer": "Individual results may vary.",
                        },
                    }
                ],
            },
        }
    ]
    draft.save_revision().publish()
    return {"testimonial": testimonial, "page": page}


def api_texts(api_client, shown) -> list[str]:
    page = shown["page"]
    return [
        str(api_client.get(f"/api/v2/pages/{page.pk}/").json()),
        str(api_client.get("/api/v2/testimonials/").json()),
        str(api_client.get("/api/v2/pages/?type=pages.ConditionPage&fields=*").json()),
    ]


def withdraw(user, testimonial, day=TODAY):
    client = Client()
    client.force_login(user)
    url = reverse("review_withdraw_consent", args=[testimonial.pk])
    return client, client.post(url, {"revoked_on": day.isoformat()})


def test_withdrawal_takes_the_testimonial_down_everywhere_at_once(
    api_client, shown, editor
):
    assert all(QUOTE in text for text in api_texts(api_client, shown))  # cached now
    testimonial = shown["testimonial"]
    _client, response = withdraw(editor, testimonial)
    assert response.status_code == 302
    assert all(QUOTE not in text for text in api_texts(api_client, shown))
    assert api_client.get(f"/api/v2/testimonials/{testimonial.pk}/").status_code == 404
    testimonial = Testimonial.objects.get(pk=testimonial.pk)
    assert not testimonial.live
    assert testimonial.consent_revoked_on == TODAY
    # The page is not blocked: it is live, its section just lost the item.
    page_data = api_client.get(f"/api/v2/pages/{shown['page'].pk}/")
    assert page_data.status_code == 200


@pytest.mark.parametrize("group", ["Medical reviewers", "Patient coordinators"])
def test_reviewers_and_coordinators_may_record_it(shown, group):
    user = make_user("someone", group)
    _client, response = withdraw(user, shown["testimonial"])
    assert response.status_code == 302
    assert not Testimonial.objects.get(pk=shown["testimonial"].pk).live


def test_other_users_may_not(shown, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x")
    _client, response = withdraw(user, shown["testimonial"])
    assert response.status_code in (302, 403)
    assert Testimonial.objects.get(pk=shown["testimonial"].pk).live
    assert (
        Testimonial.objects.get(pk=shown["testimonial"].pk).consent_revoked_on is None
    )


def test_a_future_date_is_refused_and_nothing_changes(shown, editor):
    client, response = withdraw(
        editor, shown["testimonial"], TODAY + datetime.timedelta(days=1)
    )
    assert response.status_code == 200
    assert "cannot be dated in the future" in response.content.decode()
    assert Testimonial.objects.get(pk=shown["testimonial"].pk).live
    with pytest.raises(RevocationError):
        revoke_consent(shown["testimonial"], TODAY + datetime.timedelta(days=1), editor)


def test_it_is_logged_without_the_quote(shown, editor):
    withdraw(editor, shown["testimonial"])
    entry = ModelLogEntry.objects.get(action="review.revoke_consent")
    assert entry.user == editor
    assert entry.data == {"revoked_on": TODAY.isoformat()}
    assert QUOTE not in str(entry.data) and QUOTE not in entry.label


def test_later_drafts_and_reverts_keep_it_down(shown, editor, administrator):
    testimonial = shown["testimonial"]
    withdraw(editor, testimonial)
    testimonial = Testimonial.objects.get(pk=testimonial.pk)
    assert testimonial.latest_revision.as_object().consent_revoked_on == TODAY
    # An administrator cannot simply publish it again: consent is revoked.
    with pytest.raises(Exception, match="revoked consent"):
        testimonial.latest_revision.publish(user=administrator)
    assert not Testimonial.objects.get(pk=testimonial.pk).live


def test_fresh_consent_through_the_consent_task_restores_it(
    api_client, shown, editor, reviewer
):
    testimonial = shown["testimonial"]
    withdraw(editor, testimonial, TODAY - datetime.timedelta(days=5))
    testimonial = Testimonial.objects.get(pk=testimonial.pk)
    draft = testimonial.get_latest_revision_as_object()
    draft.consent_given_on = TODAY
    draft.save_revision(user=editor)
    testimonial.get_workflow().start(testimonial, editor)
    testimonial = Testimonial.objects.get(pk=testimonial.pk)
    client = Client()
    client.force_login(reviewer)
    task_state = testimonial.current_workflow_task_state
    client.post(
        reverse(
            "wagtailsnippets_snippets_testimonial:workflow_action",
            args=[testimonial.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )
    assert Testimonial.objects.get(pk=testimonial.pk).live
    assert QUOTE in api_texts(api_client, shown)[0]


def test_a_pending_consent_review_is_cancelled(shown, editor):
    testimonial = shown["testimonial"]
    draft = testimonial.get_latest_revision_as_object()
    draft.quote = "A reworded quote."
    draft.save_revision(user=editor)
    testimonial.get_workflow().start(testimonial, editor)
    withdraw(editor, testimonial)
    state = WorkflowState.objects.for_instance(testimonial).order_by("-pk").first()
    assert state.status == WorkflowState.STATUS_CANCELLED


def test_the_action_is_offered_in_the_editor_and_the_listing(shown, editor):
    client = Client()
    client.force_login(editor)
    url = reverse("review_withdraw_consent", args=[shown["testimonial"].pk])
    edit = client.get(
        reverse(
            "wagtailsnippets_snippets_testimonial:edit", args=[shown["testimonial"].pk]
        )
    )
    assert url in edit.content.decode()
    listing = client.get(reverse("wagtailsnippets_snippets_testimonial:list"))
    assert url in listing.content.decode()
    form = client.get(url)
    assert form.status_code == 200
    assert "take it down" in form.content.decode()


def test_reviewer_is_told_about_embedded_testimonials_not_public_yet(
    shown, editor, reviewer
):
    pending = TestimonialFactory(
        display_name="A patient from Italy", publish=False, live=False
    )
    page = shown["page"]
    draft = page.get_latest_revision_as_object()
    section = draft.body.raw_data[0]
    section["value"]["content"][0]["value"]["items"].append(pending.pk)
    draft.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    page = type(page).objects.get(pk=page.pk)
    client = Client()
    client.force_login(reviewer)
    response = client.get(
        reverse(
            "wagtailadmin_pages:collect_workflow_action_data",
            args=[page.pk, "approve", page.current_workflow_task_state.pk],
        )
    )
    html = response.json()["html"]
    assert "A patient from Italy: awaiting consent approval" in html
    assert shown["testimonial"].display_name + ":" not in html
