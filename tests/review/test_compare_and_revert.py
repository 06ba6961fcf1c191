"""Revision comparison shows every custom block readably; revert works."""

import re

from django.urls import reverse

from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import rich_text

import pytest

from pages.models import ConditionPage
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    DoctorFactory,
    ImageFactory,
    ReferenceFactory,
    TestimonialFactory,
)
from tests.pages.editor import (
    every_section_block,
    list_items,
    medical_page_data,
    section,
)

pytestmark = pytest.mark.django_db

SECTION_LABELS = [
    "Subheading",
    "Rich text",
    "Term list",
    "Drug list",
    "Two-column table",
    "Criteria table",
    "Price table",
    "Numbered findings",
    "Ordered steps",
    "Call to action",
    "Image",
    "Gallery",
    "Video",
    "Callout",
    "Testimonials",
    "Link",
    "FAQ",
]


@pytest.fixture
def full_page(admin_client, site_tree):
    article = ArticlePageFactory(
        parent=ArticleIndexPageFactory(parent=site_tree["home"])
    )
    blocks = every_section_block(
        doctor=DoctorFactory(),
        testimonial=TestimonialFactory(),
        image=ImageFactory(),
        images=[ImageFactory(), ImageFactory()],
        page=article,
    )

    def data(heading, **fields):
        return medical_page_data(
            "Stem cell therapy for ALS",
            [("section", section(heading, blocks))],
            references=[ReferenceFactory()],
            slug="als",
            **fields,
        )

    index = site_tree["conditions"]
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=["pages", "conditionpage", index.pk]),
        {**data("Understanding ALS"), "action-publish": "1"},
    )
    assert response.status_code == 302
    page = ConditionPage.objects.get(slug="als", locale__language_code="en")
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {
            **data(
                "What ALS does",
                summary="A second version.",
                intro=rich_text("<p>New intro.</p>"),
            ),
            "action-publish": "1",
        },
    )
    assert response.status_code == 302
    return ConditionPage.objects.get(pk=page.pk)


def test_compare_shows_every_block_readably(admin_client, full_page):
    first, second = full_page.revisions.order_by("created_at", "id")
    response = admin_client.get(
        reverse(
            "wagtailadmin_pages:revisions_compare",
            args=[full_page.pk, first.pk, second.pk],
        )
    )
    assert response.status_code == 200
    html = response.content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Understanding ALS" in text and "What ALS does" in text
    assert "A second version." in text
    for label in SECTION_LABELS:
        assert label in text, label
    for value in ("Serbia", "Riluzole", "Oxidative stress", "Can stem cells cure ALS?"):
        assert value in text, value
    assert "StructValue" not in html
    assert "object at 0x" not in html


def test_revert_publishes_the_old_content(admin_client, full_page):
    first = full_page.revisions.order_by("created_at", "id").first()
    response = admin_client.get(
        reverse("wagtailadmin_pages:revisions_revert", args=[full_page.pk, first.pk])
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["summary"] == first.as_object().summary

    response = admin_client.post(
        reverse("wagtailadmin_pages:revisions_revert", args=[full_page.pk, first.pk]),
        {
            **medical_page_data(
                "Stem cell therapy for ALS",
                [("section", section("Understanding ALS", [("subheading", "Back")]))],
                slug="als",
                summary=first.as_object().summary,
            ),
            "action-publish": "1",
        },
    )
    assert response.status_code == 302
    page = ConditionPage.objects.get(pk=full_page.pk)
    assert page.summary == first.as_object().summary
    assert page.body[0].value["heading"] == "Understanding ALS"
    assert PageLogEntry.objects.filter(page=page, action="wagtail.revert").exists()


def test_a_new_faq_compares_as_labelled_items(admin_client, site_tree):
    """A list inside a new block shows one item per entry, each field labelled."""
    index = site_tree["conditions"]
    faq = (
        "faq",
        {
            "items": list_items(
                [
                    {
                        "title": "Can stem cells cure ALS?",
                        "text": rich_text("<p>No.</p>"),
                    },
                    {
                        "title": "How long is the stay?",
                        "text": rich_text("<p>8 days.</p>"),
                    },
                ]
            )
        },
    )
    intro = ("section", section("Understanding ALS", [("subheading", "Basics")]))
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=["pages", "conditionpage", index.pk]),
        {**medical_page_data("ALS", [intro], slug="als-faq"), "action-publish": "1"},
    )
    assert response.status_code == 302
    page = ConditionPage.objects.get(slug="als-faq")
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {
            **medical_page_data("ALS", [intro, faq], slug="als-faq"),
            "action-publish": "1",
        },
    )
    assert response.status_code == 302
    first, second = page.revisions.order_by("created_at", "id")
    html = admin_client.get(
        reverse(
            "wagtailadmin_pages:revisions_compare", args=[page.pk, first.pk, second.pk]
        )
    ).content.decode()
    text = re.sub(r"\s+", " ", html)
    assert re.search(
        r"<li>\s*<dl>\s*<dt>Question</dt>\s*<dd>Can stem cells cure ALS\?</dd>", text
    )
    assert "<dt>Answer</dt>" in text
    assert "How long is the stay?" in text
