"""Home pages, created and edited through the Wagtail admin."""

from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text

from pages.models import HomePage
from tests.factories import HomePageFactory, ImageFactory

from .editor import PageEditorTestCase, publish_edit, without_block_keys


class TestHomePageEditor(PageEditorTestCase):
    def test_create_under_the_tree_root(self):
        root = Page.get_first_root_node()
        self.assertCanCreate(
            root,
            HomePage,
            nested_form_data(
                {
                    "title": "Clinic (Deutsch)",
                    "slug": "de",
                    "intro": rich_text("<p>Willkommen.</p>"),
                    "hero_image": self.image.pk,
                }
            ),
        )
        home = HomePage.objects.get(slug="de")
        self.assertTrue(home.live)
        self.assertEqual(home.hero_image, self.image)
        self.assertEqual(without_block_keys(home.intro), "<p>Willkommen.</p>")

    def test_edit(self):
        home = HomePageFactory()
        image = ImageFactory()
        data = nested_form_data(
            {
                "title": "Clinic",
                "slug": home.slug,
                "intro": rich_text("<p>Care for <i>neurological</i> conditions.</p>"),
                "hero_image": image.pk,
                "seo_title": "Clinic for ALS and MS",
                "search_description": "",
                "social_image": image.pk,
            }
        )
        response = publish_edit(self.client, home, data)

        self.assertEqual(response.status_code, 302)
        home.refresh_from_db()
        self.assertEqual(
            without_block_keys(home.intro),
            "<p>Care for <i>neurological</i> conditions.</p>",
        )
        self.assertEqual(home.hero_image, image)
        self.assertEqual(home.social_image, image)
        self.assertEqual(home.seo_title, "Clinic for ALS and MS")
        self.assertFalse(home.has_unpublished_changes)
