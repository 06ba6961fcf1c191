"""Shared content under review (review.shared): images and documents that change
under a reviewed page mark it changed since review, and nothing a live medical page
shows can be deleted from the admin."""

from django.test import Client
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

import pytest
import wagtail_factories

from pages.models import ConditionPage
from review.records import record_review
from review.status import ReviewStatus
from snippets.models import Reference
from tests.factories import ConditionPageFactory, ImageFactory, ReferenceFactory

from .conftest import make_user

pytestmark = pytest.mark.django_db


def publish_with(page, **fields):
    draft = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.save_revision().publish()
    return ConditionPage.objects.get(pk=page.pk)


@pytest.fixture
def cited(site_tree, reviewer):
    reference = ReferenceFactory(title="Riluzole in ALS")
    image = ImageFactory(title="Spinal cord", description="A spinal cord section")
    document = wagtail_factories.DocumentFactory(
        title="Patient leaflet", collection=Collection.get_first_root_node()
    )
    page = ConditionPageFactory(parent=site_tree["conditions"])
    page = publish_with(
        page,
        references=[("reference", reference)],
        hero_image=image,
        hero_alt_text="A section of the spinal cord",
        intro=f'<p>Read the <a linktype="document" id="{document.pk}">leaflet</a>.</p>',
    )
    record_review(page, page.live_revision, reviewer)  # as an approval would
    page = ConditionPage.objects.get(pk=page.pk)
    assert page.review_status == ReviewStatus.REVIEWED
    unrelated = ConditionPageFactory(parent=site_tree["conditions"])
    return {
        "page": page,
        "unrelated": unrelated,
        "reference": reference,
        "image": image,
        "document": document,
    }


def status(page) -> str:
    return ConditionPage.objects.get(pk=page.pk).review_status


def test_changing_alt_text_marks_the_pages_that_show_the_image(cited, api_client):
    image = get_image_model().objects.get(pk=cited["image"].pk)
    image.description = "A different description"
    image.save()
    assert status(cited["page"]) == ReviewStatus.CHANGED_SINCE_REVIEW
    assert status(cited["unrelated"]) == ReviewStatus.REVIEWED
    data = api_client.get(f"/api/v2/pages/{cited['page'].pk}/").json()
    assert data["medical_review"]["status"] == "changed_since_review"


def test_invisible_image_changes_mark_nothing(cited):
    image = get_image_model().objects.get(pk=cited["image"].pk)
    image.tags.add("neurology")
    image.save()
    assert status(cited["page"]) == ReviewStatus.REVIEWED


def test_changing_a_document_marks_the_pages_that_link_it(cited):
    document = get_document_model().objects.get(pk=cited["document"].pk)
    document.title = "Patient leaflet, second edition"
    document.save()
    assert status(cited["page"]) == ReviewStatus.CHANGED_SINCE_REVIEW


def test_a_later_publish_keeps_the_mark_until_an_approval(cited):
    image = get_image_model().objects.get(pk=cited["image"].pk)
    image.description = "A different description"
    image.save()
    page = publish_with(cited["page"], seo_title="A new SEO title")
    assert page.review_status == ReviewStatus.CHANGED_SINCE_REVIEW


def test_editor_is_not_offered_delete_of_a_cited_reference(client, cited, editor):
    reference = cited["reference"]
    client.force_login(editor)
    url = reverse("wagtailsnippets_snippets_reference:delete", args=[reference.pk])
    response = client.get(url)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Yes, delete" not in html
    assert cited["page"].title in html
    assert cited["unrelated"].title not in html

    response = client.post(url)
    assert response.status_code == 409
    assert Reference.objects.filter(pk=reference.pk).exists()


def test_bulk_delete_of_a_cited_reference_is_refused(client, cited, editor):
    unused = ReferenceFactory(title="Nobody cites this")
    client.force_login(editor)
    url = (
        reverse("wagtail_bulk_action", args=["snippets", "reference", "delete"])
        + f"?id={cited['reference'].pk}&id={unused.pk}"
    )
    response = client.post(url)
    assert response.status_code == 409
    assert cited["page"].title in response.content.decode()
    assert Reference.objects.filter(pk=cited["reference"].pk).exists()
    assert Reference.objects.filter(pk=unused.pk).exists()


def test_unused_reference_can_be_deleted(client, cited, administrator):
    unused = ReferenceFactory(title="Nobody cites this")
    client.force_login(administrator)
    url = reverse("wagtailsnippets_snippets_reference:delete", args=[unused.pk])
    assert client.get(url).status_code == 200
    client.post(url)
    assert not Reference.objects.filter(pk=unused.pk).exists()


@pytest.mark.parametrize(
    ("url_name", "key"),
    [("wagtailimages:delete", "image"), ("wagtaildocs:delete", "document")],
)
def test_delete_of_shown_media_is_refused(cited, administrator, url_name, key):
    client = Client()
    client.force_login(administrator)
    obj = cited[key]
    url = reverse(url_name, args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 409
    assert cited["page"].title in response.content.decode()
    client.post(url)
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_bulk_delete_of_a_shown_image_is_refused(cited, administrator):
    client = Client()
    client.force_login(administrator)
    url = (
        reverse("wagtail_bulk_action", args=["wagtailimages", "image", "delete"])
        + f"?id={cited['image'].pk}"
    )
    assert client.post(url).status_code == 409
    assert get_image_model().objects.filter(pk=cited["image"].pk).exists()


def test_users_without_delete_rights_get_wagtails_refusal(cited):
    """The refusal lists pages: only to people who could otherwise delete."""
    client = Client()
    client.force_login(make_user("pat", "Patient coordinators"))
    url = reverse(
        "wagtailsnippets_snippets_reference:delete", args=[cited["reference"].pk]
    )
    response = client.get(url)
    assert response.status_code != 409
    assert cited["page"].title not in response.content.decode()
