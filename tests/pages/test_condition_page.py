"""Condition pages and their index, created and edited through the Wagtail admin."""

from decimal import Decimal

from wagtail.test.utils.form_data import nested_form_data, rich_text

from pages.models import ConditionIndexPage, ConditionPage
from pages.partial_dates import PartialDate
from tests.factories import (
    ConditionIndexPageFactory,
    ConditionPageFactory,
    HomePageFactory,
)

from .editor import (
    SECTION_CONTENT_TYPES,
    PageEditorTestCase,
    block_errors,
    body_block_types,
    call_to_action,
    edit_url,
    emergency_callout,
    list_items,
    medical_page_data,
    price_row,
    price_table,
    publish_edit,
    section,
    without_block_keys,
)

DUPLICATE_ANCHOR_MESSAGE = (
    'Another section already uses the anchor "costs". Each section needs its own.'
)
# Every block type of the body in the editor's order, then a second section.
TOP_LEVEL_TYPES = [*body_block_types(ConditionPage), "section"]


class TestConditionPageEditor(PageEditorTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = ConditionIndexPageFactory(parent=cls.home)
        cls.page = ConditionPageFactory(parent=cls.index, reviewed_by=cls.doctor)

    def full_body(self) -> list:
        """Sections holding every content block, and every top-level block."""
        return [
            ("section", section("Understanding ALS", self.every_section_block())),
            ("call_to_action", call_to_action(self.doctor)),
            (
                "callout",
                {"kind": "info", "heading": "", "text": rich_text("<p>Note.</p>")},
            ),
            ("emergency_callout", emergency_callout(items=list_items([]))),
            (
                "image",
                {"image": self.image.pk, "alt_text": "A motor neuron", "caption": ""},
            ),
            (
                "video",
                {
                    "url": "https://vimeo.com/76979871",
                    "title": "How the treatment works",
                    "caption": "Animation",
                },
            ),
            (
                "faq",
                {
                    "items": list_items(
                        [
                            {
                                "title": "How long is the stay?",
                                "text": rich_text("<p>About eight days.</p>"),
                            }
                        ]
                    )
                },
            ),
            (
                "related",
                {"heading": "May interest you", "items": list_items([self.article.pk])},
            ),
            (
                "section",
                section(
                    "Summary of the treatment",
                    [("paragraph", rich_text("<p>Cells with standard care.</p>"))],
                    anchor="treatment-summary",
                ),
            ),
        ]

    def test_create_with_every_block(self):
        data = medical_page_data(
            "Stem cell therapy for ALS",
            self.full_body(),
            reviewer=self.doctor,
            references=[self.reference],
            related_pages=[self.article],
            key_facts_anchor="treatment-summary",
        )
        self.assertCanCreate(self.index, ConditionPage, data)

        page = ConditionPage.objects.get(slug="stem-cell-therapy-for-als")
        self.assertTrue(page.live)
        self.assertEqual(page.get_parent().specific, self.index)
        self.assertEqual([child.block_type for child in page.body], TOP_LEVEL_TYPES)
        first = page.body[0].value
        self.assertEqual(
            [child.block_type for child in first["content"]], SECTION_CONTENT_TYPES
        )
        self.assertEqual(
            page.section_anchors, ["understanding-als", "treatment-summary"]
        )
        self.assertEqual(page.key_facts_anchor, "treatment-summary")
        blocks = {child.block_type: child.value for child in first["content"]}
        price = blocks["price_table"]
        self.assertEqual(price["as_of"], PartialDate(2025, 1))
        self.assertEqual(
            [
                (row["region"], row["minimum"], row["maximum"], row["currency"])
                for row in price["items"]
            ],
            [
                ("Serbia", Decimal("7000"), Decimal("31000"), "EUR"),
                ("USA", Decimal("20000"), None, "USD"),
            ],
        )
        self.assertEqual(
            [(row["footnoted"], row["kind"]) for row in price["items"]],
            [(True, "between"), (False, "from")],
        )
        self.assertEqual(blocks["call_to_action"]["doctor"], self.doctor)
        self.assertEqual(list(blocks["testimonials"]["items"]), [self.testimonial])
        self.assertEqual(blocks["link"]["page"].specific, self.article)
        self.assertEqual(
            [image["image"] for image in blocks["gallery"]["items"]],
            self.gallery_images,
        )
        self.assertEqual(
            without_block_keys(blocks["paragraph"]),
            "<p>Motor neurons stop sending signals.</p>",
        )
        self.assertEqual([ref.value for ref in page.references], [self.reference])
        self.assertEqual(
            [link.value.specific for link in page.related_pages], [self.article]
        )
        self.assertEqual(
            [name.value for name in page.alternate_names], ["Lou Gehrig's disease"]
        )
        self.assertEqual(page.reviewed_by, self.doctor)
        self.assertEqual(
            without_block_keys(page.intro),
            "<p>There is no cure, but there is <b>help</b>.</p>",
        )

    def test_edit_publishes_the_change(self):
        body = [
            (
                "section",
                section(
                    "What treatment costs",
                    [("price_table", price_table(items=[price_row(minimum="8000")]))],
                ),
            )
        ]
        data = medical_page_data(
            "ALS treatment",
            body,
            reviewer=self.doctor,
            slug=self.page.slug,
            summary="A shorter summary.",
            key_facts_anchor="what-treatment-costs",
        )
        response = publish_edit(self.client, self.page, data)

        self.assertRedirects(
            response, f"/admin/pages/{self.index.pk}/", fetch_redirect_response=False
        )
        page = ConditionPage.objects.get(pk=self.page.pk)
        self.assertEqual(page.title, "ALS treatment")
        self.assertEqual(page.summary, "A shorter summary.")
        self.assertEqual(page.section_anchors, ["what-treatment-costs"])
        price = page.body[0].value["content"][0].value
        self.assertEqual(price["items"][0]["minimum"], Decimal("8000"))
        self.assertEqual(page.live_revision_id, page.latest_revision_id)
        self.assertFalse(page.has_unpublished_changes)

    def test_testimonials_about_the_condition_are_chosen_on_the_page(self):
        """The page holds the link (``testimonial.conditions`` is the way back). A
        draft keeps the choice in its revision; the public link, which the
        testimonials endpoint's ``?condition=`` reads, changes on publishing."""
        data = {
            **medical_page_data(
                "ALS",
                [
                    (
                        "section",
                        section(
                            "What treatment costs", [("price_table", price_table())]
                        ),
                    )
                ],
                reviewer=self.doctor,
                slug=self.page.slug,
            ),
            "testimonials": [self.testimonial.pk],
        }

        response = self.client.post(edit_url(self.page), data)

        self.assertEqual(response.status_code, 302)
        page = ConditionPage.objects.get(pk=self.page.pk)
        self.assertTrue(page.has_unpublished_changes)
        self.assertEqual(list(self.testimonial.conditions.all()), [])
        draft = page.get_latest_revision_as_object()
        self.assertEqual(list(draft.testimonials.all()), [self.testimonial])
        editor_form = self.client.get(edit_url(self.page)).context["form"]
        self.assertEqual(
            [int(pk) for pk in editor_form["testimonials"].value()],
            [self.testimonial.pk],
        )

        publish_edit(self.client, self.page, data)

        self.assertEqual(list(self.testimonial.conditions.all()), [page])

    def test_edit_of_a_page_with_every_block_keeps_them(self):
        create = medical_page_data(
            "ALS", self.full_body(), reviewer=self.doctor, key_facts_anchor=""
        )
        self.assertCanCreate(self.index, ConditionPage, create)
        page = ConditionPage.objects.get(slug="als", locale__language_code="en")
        body = self.full_body()
        body[0][1]["heading"] = "What ALS is"

        response = publish_edit(
            self.client,
            page,
            medical_page_data("ALS", body, reviewer=self.doctor, slug="als"),
        )

        self.assertEqual(response.status_code, 302)
        page = ConditionPage.objects.get(pk=page.pk)
        self.assertEqual(page.section_anchors, ["what-als-is", "treatment-summary"])
        self.assertEqual([child.block_type for child in page.body], TOP_LEVEL_TYPES)
        self.assertEqual(
            [child.block_type for child in page.body[0].value["content"]],
            SECTION_CONTENT_TYPES,
            body_block_types,
        )
        self.assertEqual(page.revisions.count(), 2)
        self.assertFalse(page.has_unpublished_changes)

    def test_edit_with_a_price_minimum_above_the_maximum_is_refused(self):
        body = [
            (
                "section",
                section(
                    "Cost",
                    [
                        (
                            "price_table",
                            price_table(
                                items=[price_row(minimum="9000", maximum="100")]
                            ),
                        )
                    ],
                ),
            )
        ]
        data = medical_page_data(
            self.page.title, body, reviewer=self.doctor, slug=self.page.slug
        )
        response = self.assertPublishRefused(self.page, data)

        self.assertEqual(
            block_errors(response, "body"),
            {
                "0.content.0.items.0.maximum": [
                    "The highest price must be above the lowest (for one amount, "
                    'choose "Exact amount").'
                ]
            },
        )
        self.assertContains(response, "The highest price must be above the lowest")

    def test_edit_with_two_sections_on_one_anchor_is_refused_on_the_second(self):
        paragraph = [("paragraph", rich_text("<p>Text.</p>"))]
        body = [
            ("section", section("Costs", paragraph)),
            ("section", section("Prices", paragraph, anchor="costs")),
        ]
        data = medical_page_data(
            self.page.title, body, reviewer=self.doctor, slug=self.page.slug
        )
        response = self.assertPublishRefused(self.page, data)

        self.assertEqual(
            block_errors(response, "body"), {"1.anchor": [DUPLICATE_ANCHOR_MESSAGE]}
        )

    def test_edit_view_opens_for_a_factory_page(self):
        response = self.client.get(edit_url(self.page))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.page.title)


class TestConditionIndexPageEditor(PageEditorTestCase):
    def test_create(self):
        self.assertCanCreate(
            self.home,
            ConditionIndexPage,
            nested_form_data(
                {
                    "title": "Conditions we treat",
                    "intro": rich_text("<p>All of them.</p>"),
                }
            ),
        )
        index = ConditionIndexPage.objects.get(slug="conditions-we-treat")
        self.assertTrue(index.live)
        self.assertEqual(without_block_keys(index.intro), "<p>All of them.</p>")

    def test_edit(self):
        index = ConditionIndexPageFactory(parent=HomePageFactory())
        data = nested_form_data(
            {
                "title": "Conditions",
                "slug": index.slug,
                "intro": rich_text("<p>Neurological conditions.</p>"),
            }
        )
        response = publish_edit(self.client, index, data)

        self.assertEqual(response.status_code, 302)
        index.refresh_from_db()
        self.assertEqual(
            without_block_keys(index.intro), "<p>Neurological conditions.</p>"
        )
        self.assertFalse(index.has_unpublished_changes)
