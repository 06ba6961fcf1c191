"""Helpers for tests that go through the Wagtail page editor.

POST data is built with Wagtail's ``form_data`` helpers: rich text goes through
the editor widget (``rich_text``) and streams through ``streamfield``, so the
data is what the editor's JavaScript would submit.
"""

import datetime
import re
from typing import Any

from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from pages.models import ConditionPage
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    DoctorFactory,
    HomePageFactory,
    ImageFactory,
    ReferenceFactory,
    TestimonialFactory,
)

from .form_data import typed_table_form_data


def body_block_types(model) -> list[str]:
    """The block types a page type's ``body`` offers, in the editor's order: read
    from the blocks, so a new block type shows up in every test that covers all."""
    return list(model._meta.get_field("body").stream_block.child_blocks)


# Every block type a section may hold (the same section block on every page type).
SECTION_CONTENT_TYPES = list(
    ConditionPage._meta.get_field("body")
    .stream_block.child_blocks["section"]
    .child_blocks["content"]
    .child_blocks
)


def without_block_keys(html) -> str:
    """Rich text as stored, minus the ``data-block-key`` ids the editor adds."""
    return re.sub(r' data-block-key="[^"]*"', "", str(html))


def list_items(items: list[Any]) -> dict[str, Any]:
    """ListBlock form data: like ``streamfield`` without the block type."""
    data: dict[str, Any] = {
        str(index): {"value": value, "deleted": "", "order": str(index)}
        for index, value in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def data_table(
    caption: str,
    columns: list[tuple[str, str]],
    rows: list[list],
    *,
    header_column: bool = True,
    source: str = "Illustrative figures.",
) -> dict[str, Any]:
    """A data table as the typed table's JavaScript posts it: ``columns`` are
    ``(type, heading)``, each row one value per column."""
    table = typed_table_form_data(caption, columns, rows)
    return {
        "table": table,
        "header_column": "on" if header_column else "",
        "source": source,
    }


def call_to_action(doctor, **overrides) -> dict[str, Any]:
    return {
        "heading": "Talk to our medical advisor",
        "text": rich_text("<p>Send your records and get an honest opinion.</p>"),
        "doctor": doctor.pk if doctor else "",
        "button_label": "Get a free consultation",
        "action": "consultation",
        "button_url": "",
        **overrides,
    }


def emergency_callout(**overrides) -> dict[str, Any]:
    return {
        "heading": "Sudden difficulty breathing",
        "text": rich_text("<p>Call an ambulance at once.</p>"),
        "items": list_items(
            [
                {"country": "EU", "number": "112", "label": "All emergencies"},
                {"country": "US", "number": "911", "label": ""},
            ]
        ),
        **overrides,
    }


def price_table(**overrides) -> dict[str, Any]:
    rows = overrides.pop(
        "items",
        [
            price_row(region="Serbia", footnoted="on"),
            price_row(
                region="USA",
                kind="from",
                minimum="20000",
                maximum="",
                currency="USD",
            ),
        ],
    )
    return {
        "caption": "What treatment costs",
        "items": list_items(rows),
        "footnote": "Indicative prices; the quote depends on the plan.",
        "as_of": "January 2025",
        **overrides,
    }


def price_row(**overrides) -> dict[str, Any]:
    return {
        "region": "Serbia",
        "kind": "between",
        "minimum": "7000",
        "maximum": "31000",
        "currency": "EUR",
        "note": "Lower running costs",
        "footnoted": "",
        **overrides,
    }


def every_section_block(*, doctor, testimonial, image, images, page) -> list:
    """One block of every type a section may hold, in ``SECTION_CONTENT_TYPES`` order."""
    return [
        ("subheading", "Rehabilitation"),
        ("paragraph", rich_text("<p>Motor neurons stop sending signals.</p>")),
        (
            "term_list",
            {
                "items": list_items(
                    [
                        {
                            "title": "Oxidative stress",
                            "text": rich_text("<p>Reactive molecules.</p>"),
                            "page": page.pk,
                        },
                        {
                            "title": "Neuroinflammation",
                            "text": rich_text("<p>Immune cells stay on.</p>"),
                            "page": "",
                        },
                    ]
                )
            },
        ),
        (
            "drug_list",
            {
                "items": list_items(
                    [
                        {
                            "title": "Riluzole",
                            "drug_class": "Anti-glutamate agent",
                            "text": rich_text("<p>Longer survival.</p>"),
                            "status": "Lifelong standard therapy",
                        }
                    ]
                )
            },
        ),
        (
            "two_column_table",
            {
                "caption": "Rehabilitation",
                "left_heading": "Therapy",
                "right_heading": "What it does",
                "items": list_items(
                    [
                        {"left": "Speech therapy", "right": "Keeps talking."},
                        {"left": "Nutrition", "right": "Keeps weight on."},
                    ]
                ),
            },
        ),
        (
            "data_table",
            data_table(
                "Courses of MS",
                [("text", "Course"), ("percentage", "Share"), ("rich_text", "Notes")],
                [
                    ["Relapsing-remitting", "85", rich_text("<p>Attacks.</p>")],
                    ["Primary progressive", "12.5", rich_text("<p>Steady.</p>")],
                ],
            ),
        ),
        (
            "criteria_table",
            {
                "caption": "Who can be treated",
                "items": list_items(
                    [{"criterion": "Timing", "requirement": "Early is better."}]
                ),
            },
        ),
        ("price_table", price_table()),
        (
            "findings",
            {
                "items": list_items(
                    [
                        {
                            "title": "Slower decline on ALSFRS-R",
                            "text": rich_text("<p>Against placebo.</p>"),
                        }
                    ]
                ),
                "note": "Results vary with age and stage.",
            },
        ),
        (
            "steps",
            {
                "items": list_items(
                    [
                        {
                            "title": "Consultation",
                            "text": rich_text("<p>History and tests.</p>"),
                        },
                        {
                            "title": "Infusion",
                            "text": rich_text("<p>In hospital.</p>"),
                        },
                    ]
                )
            },
        ),
        ("call_to_action", call_to_action(doctor)),
        (
            "image",
            {
                "image": image.pk,
                "alt_text": "A neurologist testing reflexes",
                "caption": "Early signs",
            },
        ),
        (
            "gallery",
            {
                "items": list_items(
                    [
                        {"image": item.pk, "alt_text": f"Hospital view {index}"}
                        for index, item in enumerate(images)
                    ]
                ),
                "caption": "The hospital",
            },
        ),
        (
            "video",
            {
                "url": "https://youtu.be/aqz-KE-bpKQ",
                "title": "A patient's story",
                "caption": "",
            },
        ),
        (
            "callout",
            {
                "kind": "disclaimer",
                "heading": "Please note",
                "text": rich_text("<p>Results vary.</p>"),
            },
        ),
        ("emergency_callout", emergency_callout()),
        (
            "testimonials",
            {
                "outcomes": list_items(["Better speech"]),
                "items": list_items([testimonial.pk]),
                "more_link_label": "Watch video testimonials",
                "more_link_url": "https://www.youtube.com/@clinic",
                "disclaimer": "Individual results may vary.",
            },
        ),
        ("link", {"label": "Learn more", "page": page.pk, "url": ""}),
        (
            "faq",
            {
                "items": list_items(
                    [
                        {
                            "title": "Can stem cells cure ALS?",
                            "text": rich_text("<p>No; they may slow it.</p>"),
                        }
                    ]
                )
            },
        ),
    ]


def section(heading: str, content: list, anchor: str = "") -> dict[str, Any]:
    return {"heading": heading, "anchor": anchor, "content": streamfield(content)}


def medical_page_data(
    title: str,
    body: list,
    *,
    reviewer=None,
    references: list | None = None,
    related_pages: list | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """Editor data for a condition or therapy page; ``fields`` override the rest."""
    today = timezone.localdate()
    data = {
        "title": title,
        # Condition pages only (a therapy page's form ignores them).
        "medical_name": "Amyotrophic lateral sclerosis",
        "codes": inline_formset([]),
        "summary": "Stem cells given with standard care may slow ALS down.",
        "intro": rich_text("<p>There is no cure, but there is <b>help</b>.</p>"),
        "hero_image": "",
        "hero_alt_text": "",
        "key_facts_anchor": "",
        "alternate_names": streamfield([("name", "Lou Gehrig's disease")]),
        "body": streamfield(body),
        "references": streamfield(
            [("reference", reference.pk) for reference in references or []]
        ),
        "related_pages": streamfield(
            [("page", page.pk) for page in related_pages or []]
        ),
        "reviewed_by": reviewer.pk if reviewer else "",
        "last_reviewed": (today - datetime.timedelta(days=10)).isoformat()
        if reviewer
        else "",
        "next_review_due": (today + datetime.timedelta(days=355)).isoformat()
        if reviewer
        else "",
        "seo_title": "",
        "search_description": "",
        "social_image": "",
        **fields,
    }
    return nested_form_data(data)


def error_paths(error) -> dict[str, list[str]]:
    """A block validation error's messages, keyed by the path of the failing field.

    ``{"0.content.0.items.0.maximum": ["The maximum must be …"]}`` means: first
    block of the stream, its ``content``, that stream's first block, its first
    row, the ``maximum`` field. Messages on the block itself have the path "". A
    typed table's cell is ``table.<row>.<column>``.
    """
    if not hasattr(error, "as_json_data"):
        return {"": list(error.messages)}
    flat: dict[str, list[str]] = {}

    def walk(data: dict, path: list[str]) -> None:
        if data.get("messages"):
            flat[".".join(path)] = data["messages"]
        for key, child in (data.get("blockErrors") or {}).items():
            if "messages" in child or "blockErrors" in child:
                walk(child, [*path, str(key)])
            else:  # a typed table's row: its cells' errors by column
                for column, cell in child.items():
                    walk(cell, [*path, str(key), str(column)])

    walk(error.as_json_data(), [])
    return flat


def block_errors(response, field: str) -> dict[str, list[str]]:
    """A StreamField's errors in an editor response, keyed by block path."""
    flat: dict[str, list[str]] = {}
    for error in response.context["form"].errors.as_data().get(field, []):
        flat.update(error_paths(error))
    return flat


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def publish_edit(client, page, data: dict[str, Any]):
    """POST the editor form with the "Publish" button."""
    return client.post(edit_url(page), {**data, "action-publish": "action-publish"})


class PageEditorTestCase(WagtailPageTestCase):
    """A site with everything a page's blocks can point to, and a logged-in editor."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.editor = cls.create_superuser("editor")
        cls.home = HomePageFactory()
        cls.article = ArticlePageFactory(
            parent=ArticleIndexPageFactory(parent=cls.home)
        )
        cls.doctor = DoctorFactory()
        cls.testimonial = TestimonialFactory()
        cls.image = ImageFactory()
        cls.gallery_images = [ImageFactory(), ImageFactory()]
        cls.reference = ReferenceFactory()

    def setUp(self):
        super().setUp()
        self.client.force_login(self.editor)

    def every_section_block(self) -> list:
        return every_section_block(
            doctor=self.doctor,
            testimonial=self.testimonial,
            image=self.image,
            images=self.gallery_images,
            page=self.article,
        )

    def assertPublishRefused(self, page, data):
        """Publishing ``data`` shows the form again and changes nothing stored.

        Returns the editor's response, for the test to check the messages.
        """
        before = stored_state(page)
        response = publish_edit(self.client, page, data)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertContains(
            response, "The page could not be saved due to validation errors"
        )
        self.assertEqual(stored_state(page), before)
        return response


def stored_state(page) -> dict[str, Any]:
    """Everything the database holds for a page, revision pointers included."""
    return type(page).objects.get(pk=page.pk).serializable_data()
