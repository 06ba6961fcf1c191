"""Therapy pages and their index, created and edited through the Wagtail admin."""

from wagtail.test.utils.form_data import nested_form_data, rich_text

from pages.models import TherapyIndexPage, TherapyPage
from tests.factories import HomePageFactory, TherapyIndexPageFactory, TherapyPageFactory

from .editor import (
    SECTION_CONTENT_TYPES,
    PageEditorTestCase,
    block_errors,
    body_block_types,
    call_to_action,
    emergency_callout,
    list_items,
    medical_page_data,
    publish_edit,
    section,
    without_block_keys,
)


class TestTherapyPageEditor(PageEditorTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = TherapyIndexPageFactory(parent=cls.home)
        cls.page = TherapyPageFactory(parent=cls.index, reviewed_by=cls.doctor)

    def test_create_with_every_block(self):
        body = [
            ("section", section("How MSCs work", self.every_section_block())),
            ("call_to_action", call_to_action(self.doctor, action="callback")),
            (
                "callout",
                {
                    "kind": "warning",
                    "heading": "",
                    "text": rich_text("<p>Ask first.</p>"),
                },
            ),
            ("emergency_callout", emergency_callout()),
            ("image", {"image": self.image.pk, "alt_text": "Cells", "caption": ""}),
            (
                "video",
                {
                    "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                    "title": "Inside the lab",
                    "caption": "",
                },
            ),
            (
                "faq",
                {
                    "items": list_items(
                        [
                            {
                                "title": "Where do the cells come from?",
                                "text": rich_text("<p>Umbilical cords.</p>"),
                            }
                        ]
                    )
                },
            ),
            (
                "related",
                {"heading": "Read next", "items": list_items([self.article.pk])},
            ),
        ]
        data = medical_page_data(
            "Mesenchymal stem cells",
            body,
            reviewer=self.doctor,
            references=[self.reference],
            related_pages=[self.article],
            summary="Donor cells that calm inflammation.",
        )
        self.assertCanCreate(self.index, TherapyPage, data)

        page = TherapyPage.objects.get(
            slug="mesenchymal-stem-cells", locale__language_code="en"
        )
        self.assertTrue(page.live)
        self.assertEqual(
            [child.block_type for child in page.body], body_block_types(TherapyPage)
        )
        self.assertEqual(
            [child.block_type for child in page.body[0].value["content"]],
            SECTION_CONTENT_TYPES,
        )
        self.assertEqual(page.section_anchors, ["how-mscs-work"])
        self.assertEqual(page.body[1].value["action"], "callback")
        self.assertEqual(page.body[1].value["doctor"], self.doctor)
        self.assertEqual(page.summary, "Donor cells that calm inflammation.")
        self.assertEqual([ref.value for ref in page.references], [self.reference])

    def test_edit_publishes_the_change(self):
        body = [
            (
                "section",
                section(
                    "Safety",
                    [("paragraph", rich_text("<p>Side effects are mild.</p>"))],
                    anchor="safety-and-risks",
                ),
            )
        ]
        data = medical_page_data(
            "MSC therapy",
            body,
            reviewer=self.doctor,
            slug=self.page.slug,
            key_facts_anchor="safety-and-risks",
        )
        response = publish_edit(self.client, self.page, data)

        self.assertEqual(response.status_code, 302)
        page = TherapyPage.objects.get(pk=self.page.pk)
        self.assertEqual(page.title, "MSC therapy")
        self.assertEqual(page.section_anchors, ["safety-and-risks"])
        self.assertEqual(page.key_facts_anchor, "safety-and-risks")
        self.assertEqual(
            without_block_keys(page.body[0].value["content"][0].value),
            "<p>Side effects are mild.</p>",
        )
        self.assertEqual(page.live_revision_id, page.latest_revision_id)

    def test_edit_with_a_call_to_action_link_but_no_address_is_refused(self):
        body = [("call_to_action", call_to_action(self.doctor, action="link"))]
        data = medical_page_data(
            self.page.title, body, reviewer=self.doctor, slug=self.page.slug
        )
        response = self.assertPublishRefused(self.page, data)

        self.assertEqual(
            block_errors(response, "body"),
            {"0.button_url": ["Give the address the button goes to."]},
        )


class TestTherapyIndexPageEditor(PageEditorTestCase):
    def test_create(self):
        self.assertCanCreate(
            self.home,
            TherapyIndexPage,
            nested_form_data(
                {"title": "Our therapies", "intro": rich_text("<p>Cells and more.</p>")}
            ),
        )
        index = TherapyIndexPage.objects.get(slug="our-therapies")
        self.assertTrue(index.live)
        self.assertEqual(without_block_keys(index.intro), "<p>Cells and more.</p>")

    def test_edit(self):
        index = TherapyIndexPageFactory(parent=HomePageFactory())
        data = nested_form_data(
            {
                "title": "Therapies",
                "slug": index.slug,
                "intro": rich_text("<p>What we offer.</p>"),
            }
        )
        response = publish_edit(self.client, index, data)

        self.assertEqual(response.status_code, 302)
        index.refresh_from_db()
        self.assertEqual(without_block_keys(index.intro), "<p>What we offer.</p>")
        self.assertFalse(index.has_unpublished_changes)
