"""Page-level rules of ``MedicalPage``, shared by condition and therapy pages."""

import datetime

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from wagtail.test.utils.form_data import rich_text

from pages.forms import AUTO_SLUG_MAX_LENGTH
from pages.models import ConditionPage
from review.status import review_status
from tests.factories import (
    ConditionIndexPageFactory,
    ConditionPageFactory,
    ImageFactory,
    TherapyPageFactory,
)

from .editor import PageEditorTestCase, edit_url, medical_page_data, section


def add_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=["pages", "conditionpage", parent.pk])


TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


class TestMedicalPageClean(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.pages = [
            ConditionPageFactory(
                body__0__section__heading="Understanding ALS",
                body__1__section__heading="Treatment summary",
            ),
            TherapyPageFactory(
                body__0__section__heading="Understanding ALS",
                body__1__section__heading="Treatment summary",
            ),
        ]
        cls.image = ImageFactory()

    def assertRefused(self, page, field: str, message: str):
        with self.assertRaises(ValidationError) as caught:
            page.full_clean()
        self.assertEqual(caught.exception.message_dict, {field: [message]})

    def test_factory_pages_are_valid(self):
        for page in self.pages:
            with self.subTest(type(page).__name__):
                page.full_clean()

    def test_hero_image_needs_alternative_text(self):
        for page in self.pages:
            with self.subTest(type(page).__name__):
                page.hero_image = self.image
                page.hero_alt_text = ""
                self.assertRefused(
                    page,
                    "hero_alt_text",
                    "Describe the hero image (alternative text).",
                )
                page.hero_alt_text = "A doctor talking with a patient"
                page.full_clean()

    def test_review_cannot_be_dated_in_the_future(self):
        for page in self.pages:
            with self.subTest(type(page).__name__):
                page.last_reviewed = TODAY + DAY
                page.next_review_due = TODAY + 400 * DAY
                self.assertRefused(
                    page, "last_reviewed", "A review cannot be dated in the future."
                )
                page.last_reviewed = TODAY
                page.full_clean()

    def test_review_date_needs_the_reviewer(self):
        for page in self.pages:
            with self.subTest(type(page).__name__):
                page.reviewed_by = None
                self.assertRefused(
                    page, "reviewed_by", "Say which doctor reviewed the page."
                )
                page.last_reviewed = None
                page.next_review_due = None
                page.full_clean()

    def test_next_review_comes_after_the_last(self):
        for page in self.pages:
            for due in (page.last_reviewed, page.last_reviewed - DAY):
                with self.subTest(type(page).__name__, next_review_due=due):
                    page.next_review_due = due
                    self.assertRefused(
                        page,
                        "next_review_due",
                        "The next review must come after the last one.",
                    )

    def test_key_facts_anchor_must_name_a_section(self):
        for page in self.pages:
            with self.subTest(type(page).__name__):
                page.key_facts_anchor = "key-facts"
                self.assertRefused(
                    page,
                    "key_facts_anchor",
                    'No section has the anchor "key-facts". '
                    "Available: understanding-als, treatment-summary.",
                )
                page.key_facts_anchor = "treatment-summary"
                page.full_clean()

    def test_key_facts_anchor_on_a_page_without_sections(self):
        page = ConditionPageFactory(
            body__0="callout", parent=self.pages[0].get_parent()
        )
        page.key_facts_anchor = "summary"

        self.assertRefused(
            page,
            "key_facts_anchor",
            'No section has the anchor "summary". Available: none yet.',
        )


class TestMedicalPageRulesInTheEditor(PageEditorTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = ConditionIndexPageFactory(parent=cls.home)
        cls.page = ConditionPageFactory(parent=cls.index, reviewed_by=cls.doctor)

    def body(self) -> list:
        return [
            (
                "section",
                section("Costs", [("paragraph", rich_text("<p>Prices vary.</p>"))]),
            )
        ]

    def test_hero_image_without_alternative_text_is_refused(self):
        data = medical_page_data(
            self.page.title,
            self.body(),
            reviewer=self.doctor,
            slug=self.page.slug,
            hero_image=self.image.pk,
            hero_alt_text="",
        )
        response = self.assertPublishRefused(self.page, data)

        self.assertEqual(
            response.context["form"].errors["hero_alt_text"],
            ["Describe the hero image (alternative text)."],
        )
        self.assertContains(response, "Describe the hero image (alternative text).")

    def test_key_facts_anchor_is_checked_against_the_submitted_sections(self):
        data = medical_page_data(
            self.page.title,
            self.body(),
            reviewer=self.doctor,
            slug=self.page.slug,
            key_facts_anchor="summary",
        )
        response = self.assertPublishRefused(self.page, data)

        self.assertEqual(
            response.context["form"].errors["key_facts_anchor"],
            ['No section has the anchor "summary". Available: costs.'],
        )

    def test_a_draft_may_name_a_key_facts_section_still_to_write(self):
        """Regression (issue 15): the anchor blocked "Save draft" until the section
        existed; it is checked when the page is published or submitted."""
        data = medical_page_data(
            self.page.title,
            self.body(),
            reviewer=self.doctor,
            slug=self.page.slug,
            key_facts_anchor="summary",
        )

        response = self.client.post(edit_url(self.page), data)

        self.assertEqual(response.status_code, 302)
        page = ConditionPage.objects.get(pk=self.page.pk)
        draft = page.get_latest_revision_as_object()
        self.assertEqual(draft.key_facts_anchor, "summary")
        self.assertNotEqual(page.key_facts_anchor, "summary")

    def test_a_long_title_gets_a_short_automatic_slug(self):
        """Regression (issue 15): automatic slugs reached 64 characters."""
        title = "Stem Cell Therapy for Multiple Sclerosis: How Regenerative Care Helps"
        data = medical_page_data(
            title, self.body(), reviewer=self.doctor, slug=slugify(title)
        )

        response = self.client.post(add_url(self.index), data)

        self.assertEqual(response.status_code, 302)
        page = ConditionPage.objects.get(title=title)
        self.assertEqual(page.slug, "stem-cell-therapy-for-multiple-sclerosis-how")
        self.assertLessEqual(len(page.slug), AUTO_SLUG_MAX_LENGTH)

    def test_a_slug_the_editor_typed_is_kept(self):
        title = (
            "Stem Cell Therapy for Parkinson's Disease and Related Movement Disorders"
        )
        typed = "stem-cells-parkinsons-disease-and-related-movement-disorders"
        data = medical_page_data(title, self.body(), reviewer=self.doctor, slug=typed)

        response = self.client.post(add_url(self.index), data)

        self.assertEqual(response.status_code, 302)
        self.assertEqual(ConditionPage.objects.get(title=title).slug, typed)

    def test_review_without_reviewer_is_refused(self):
        data = medical_page_data(
            self.page.title,
            self.body(),
            reviewer=None,
            slug=self.page.slug,
            last_reviewed=(TODAY - DAY).isoformat(),
        )
        response = self.assertPublishRefused(self.page, data)

        self.assertEqual(
            response.context["form"].errors["reviewed_by"],
            ["Say which doctor reviewed the page."],
        )


def test_overdue_uses_the_same_clock_as_the_review_report(db, settings):
    """The API's ``is_overdue`` and the admin report's status read one clock, the
    active time zone's date, even where it is already tomorrow for the server."""
    # 25 hours apart: whatever the time, these two zones are on different dates.
    settings.TIME_ZONE = "Pacific/Pago_Pago"
    with timezone.override("Pacific/Kiritimati"):
        page = ConditionPage(
            last_reviewed=timezone.localdate() - 366 * DAY,
            next_review_due=timezone.localdate() - DAY,
        )
        assert review_status(page) == "review_overdue"
        assert page.review_is_overdue
