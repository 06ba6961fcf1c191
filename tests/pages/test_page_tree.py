"""Where each page type may live in the tree, and the admin refusing the rest."""

from django.urls import reverse

from wagtail.models import Page, get_page_models
from wagtail.test.utils import WagtailPageTestCase

from pages.models import (
    PAGE_TYPES,
    ArticleIndexPage,
    ArticlePage,
    ConditionIndexPage,
    ConditionPage,
    HomePage,
    TherapyIndexPage,
    TherapyPage,
)
from tests.factories import ConditionIndexPageFactory, HomePageFactory

from .editor import medical_page_data, rich_text, section

# How the Wagtail admin answers a request it refuses: a redirect with this message.
PERMISSION_DENIED = "Sorry, you do not have permission to access this area."

# child type -> the only parent types it accepts
ALLOWED_PARENTS = {
    HomePage: {Page},
    ConditionIndexPage: {HomePage},
    ConditionPage: {ConditionIndexPage},
    TherapyIndexPage: {HomePage},
    TherapyPage: {TherapyIndexPage},
    ArticleIndexPage: {HomePage},
    ArticlePage: {ArticleIndexPage},
}


class TestPageTree(WagtailPageTestCase):
    def test_page_types_lists_every_page_model(self):
        # The API schema documents PAGE_TYPES: a page type missing from it would
        # be served by the API without a schema.
        models = {
            model
            for model in get_page_models()
            if model._meta.app_label == "pages" and not model._meta.abstract
        }
        self.assertEqual(set(PAGE_TYPES), models)
        self.assertEqual(len(PAGE_TYPES), len(models))

    def test_allowed_parent_page_types(self):
        for child, parents in ALLOWED_PARENTS.items():
            with self.subTest(child=child.__name__):
                self.assertAllowedParentPageTypes(child, parents)

    def test_allowed_subpage_types(self):
        expected = {
            HomePage: {ConditionIndexPage, TherapyIndexPage, ArticleIndexPage},
            ConditionIndexPage: {ConditionPage},
            ConditionPage: set(),
            TherapyIndexPage: {TherapyPage},
            TherapyPage: set(),
            ArticleIndexPage: {ArticlePage},
            ArticlePage: set(),
        }
        for parent, children in expected.items():
            with self.subTest(parent=parent.__name__):
                self.assertAllowedSubpageTypes(parent, children)

    def test_every_other_placement_is_refused(self):
        for child, parents in ALLOWED_PARENTS.items():
            for parent in [Page, *PAGE_TYPES]:
                if parent in parents:
                    self.assertCanCreateAt(parent, child)
                else:
                    with self.subTest(child=child.__name__, parent=parent.__name__):
                        self.assertCanNotCreateAt(parent, child)


class TestPageTreeInTheAdmin(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = cls.create_superuser("editor")
        cls.home = HomePageFactory()
        cls.index = ConditionIndexPageFactory(parent=cls.home)

    def setUp(self):
        self.client.force_login(self.editor)

    def add_url(self, model, parent) -> str:
        return reverse(
            "wagtailadmin_pages:add",
            args=[model._meta.app_label, model._meta.model_name, parent.pk],
        )

    def test_condition_page_under_the_home_page_is_refused(self):
        data = medical_page_data(
            "ALS",
            [("section", section("About", [("paragraph", rich_text("<p>x</p>"))]))],
            slug="als",
        )
        response = self.client.post(
            self.add_url(ConditionPage, self.home),
            {**data, "action-publish": "action-publish"},
            follow=True,
        )

        self.assertRedirects(response, reverse("wagtailadmin_home"))
        self.assertContains(response, PERMISSION_DENIED)
        self.assertFalse(ConditionPage.objects.exists())

    def test_condition_page_under_its_index_is_offered(self):
        response = self.client.get(self.add_url(ConditionPage, self.index))
        self.assertEqual(response.status_code, 200)

    def test_second_condition_index_on_one_site_is_refused(self):
        response = self.client.get(
            self.add_url(ConditionIndexPage, self.home), follow=True
        )
        self.assertRedirects(response, reverse("wagtailadmin_home"))
        self.assertContains(response, PERMISSION_DENIED)
        self.assertFalse(ConditionIndexPage.can_create_at(self.home))
        self.assertEqual(ConditionIndexPage.objects.child_of(self.home).count(), 1)

    def test_home_page_offers_only_the_index_pages(self):
        response = self.client.get(
            reverse("wagtailadmin_pages:add_subpage", args=[self.home.pk])
        )
        self.assertEqual(response.status_code, 200)
        offered = {
            model
            for model in PAGE_TYPES
            if self.add_url(model, self.home) in response.content.decode()
        }
        # the home page already has its condition index (one per home page)
        self.assertEqual(offered, {TherapyIndexPage, ArticleIndexPage})
