"""Articles, videos and their index, created and edited through the Wagtail admin."""

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from pages.models import ArticleIndexPage, ArticlePage
from tests.factories import ArticleIndexPageFactory, HomePageFactory

from .editor import (
    SECTION_CONTENT_TYPES,
    PageEditorTestCase,
    block_errors,
    body_block_types,
    publish_edit,
    section,
    stored_state,
    without_block_keys,
)


def article_data(title: str, body: list, **fields) -> dict:
    return nested_form_data(
        {
            "title": title,
            "kind": "article",
            "summary": "What the cells do in the body.",
            "author": "",
            "image": "",
            "video_url": "",
            "published_on": "2025-03-14",
            "body": streamfield(body),
            "seo_title": "",
            "search_description": "",
            "social_image": "",
            **fields,
        }
    )


class TestArticlePageEditor(PageEditorTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = cls.article.get_parent().specific

    def test_create_with_every_block(self):
        body = [
            ("paragraph", rich_text("<p>Cells travel to inflamed tissue.</p>")),
            ("section", section("What MSCs do", self.every_section_block())),
            ("image", {"image": self.image.pk, "alt_text": "Cells", "caption": ""}),
            (
                "video",
                {"url": "https://vimeo.com/76979871", "title": "Lab", "caption": ""},
            ),
            (
                "callout",
                {"kind": "info", "heading": "", "text": rich_text("<p>Note.</p>")},
            ),
        ]
        data = article_data(
            "How MSCs work",
            body,
            author=self.doctor.pk,
            image=self.image.pk,
        )
        self.assertCanCreate(self.index, ArticlePage, data)

        page = ArticlePage.objects.get(slug="how-mscs-work")
        self.assertTrue(page.live)
        self.assertEqual(
            [child.block_type for child in page.body], body_block_types(ArticlePage)
        )
        self.assertEqual(
            [child.block_type for child in page.body[1].value["content"]],
            SECTION_CONTENT_TYPES,
            body_block_types,
        )
        self.assertEqual(page.body[1].value["anchor"], "what-mscs-do")
        self.assertEqual(page.author, self.doctor)
        self.assertEqual(page.image, self.image)
        self.assertEqual(str(page.published_on), "2025-03-14")

    def test_create_video(self):
        data = article_data(
            "A patient's story",
            [("paragraph", rich_text("<p>Two years after treatment.</p>"))],
            kind="video",
            video_url="https://youtu.be/aqz-KE-bpKQ",
        )
        self.assertCanCreate(self.index, ArticlePage, data)

        page = ArticlePage.objects.get(slug="a-patients-story")
        self.assertEqual(page.kind, ArticlePage.Kind.VIDEO)
        self.assertEqual(page.video_url, "https://youtu.be/aqz-KE-bpKQ")

    def test_edit_publishes_the_change(self):
        data = article_data(
            "How stem cells work",
            [("paragraph", rich_text("<p>Updated text.</p>"))],
            slug=self.article.slug,
            author=self.doctor.pk,
        )
        response = publish_edit(self.client, self.article, data)

        self.assertEqual(response.status_code, 302)
        page = ArticlePage.objects.get(pk=self.article.pk)
        self.assertEqual(page.title, "How stem cells work")
        self.assertEqual(without_block_keys(page.body[0].value), "<p>Updated text.</p>")
        self.assertEqual(page.author, self.doctor)
        self.assertFalse(page.has_unpublished_changes)

    def test_video_without_a_link_is_refused(self):
        data = article_data(
            self.article.title, [], slug=self.article.slug, kind="video"
        )
        before = stored_state(self.article)
        response = publish_edit(self.client, self.article, data)

        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["form"].errors["video_url"],
            ["A video article needs a video link."],
        )
        self.assertEqual(stored_state(self.article), before)

    def test_video_link_must_be_youtube_or_vimeo(self):
        data = article_data(
            self.article.title,
            [],
            slug=self.article.slug,
            video_url="https://www.dailymotion.com/video/x8abc12",
        )
        response = publish_edit(self.client, self.article, data)

        self.assertEqual(
            response.context["form"].errors["video_url"],
            ["Use a YouTube or Vimeo video link."],
        )

    def test_video_block_with_another_host_is_refused(self):
        body = [
            (
                "video",
                {
                    "url": "https://www.dailymotion.com/video/x8abc12",
                    "title": "Lab",
                    "caption": "",
                },
            )
        ]
        data = article_data(self.article.title, body, slug=self.article.slug)
        response = publish_edit(self.client, self.article, data)

        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            block_errors(response, "body"),
            {
                "0.url": [
                    "Use a YouTube or Vimeo video link, "
                    "e.g. https://www.youtube.com/watch?v=…"
                ]
            },
        )


class TestArticleIndexPageEditor(PageEditorTestCase):
    def test_create(self):
        home = HomePageFactory()
        self.assertCanCreate(
            home,
            ArticleIndexPage,
            nested_form_data(
                {"title": "Learn more", "intro": rich_text("<p>Articles.</p>")}
            ),
        )
        index = ArticleIndexPage.objects.get(slug="learn-more")
        self.assertTrue(index.live)
        self.assertEqual(index.get_parent().specific, home)

    def test_edit(self):
        index = ArticleIndexPageFactory(parent=HomePageFactory())
        data = nested_form_data(
            {
                "title": "Articles and videos",
                "slug": index.slug,
                "intro": rich_text("<p>Explained simply.</p>"),
            }
        )
        response = publish_edit(self.client, index, data)

        self.assertEqual(response.status_code, 302)
        index.refresh_from_db()
        self.assertEqual(index.title, "Articles and videos")
        self.assertEqual(without_block_keys(index.intro), "<p>Explained simply.</p>")
