"""The CMS host renders live pages plainly (the public site is the frontend)."""

import pytest

from tests.factories import ConditionIndexPageFactory, ConditionPageFactory

pytestmark = pytest.mark.django_db


def test_home_and_condition_pages_render(client, home_page):
    index = ConditionIndexPageFactory(parent=home_page)
    page = ConditionPageFactory(
        parent=index, title="ALS explained", summary="Key facts about ALS."
    )
    home = client.get("/")
    assert home.status_code == 200
    assert index.title in home.content.decode()
    response = client.get(page.url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "ALS explained" in body
    assert "Key facts about ALS." in body
    assert "Plain rendering by the CMS" in body
    assert "Preview of unpublished content" not in body
