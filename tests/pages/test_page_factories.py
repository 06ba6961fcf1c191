"""Every page factory builds a valid page that is published, with no arguments."""

import pytest

from tests import factories

PAGE_FACTORIES = [
    factories.HomePageFactory,
    factories.ConditionIndexPageFactory,
    factories.ConditionPageFactory,
    factories.TherapyIndexPageFactory,
    factories.TherapyPageFactory,
    factories.ArticleIndexPageFactory,
    factories.ArticlePageFactory,
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page_factory", PAGE_FACTORIES, ids=[item.__name__ for item in PAGE_FACTORIES]
)
def test_factory_page_is_valid_and_published(page_factory):
    page = page_factory()

    page.full_clean()
    assert page.live
    assert page.live_revision_id == page.latest_revision_id
    assert not page.has_unpublished_changes
    assert type(page) in page.get_parent().specific_class.allowed_subpage_models()


@pytest.mark.django_db
def test_publish_false_leaves_the_page_without_revisions():
    page = factories.ConditionPageFactory(publish=False)

    assert page.latest_revision is None
