"""The README's API examples keep working: every `curl` line of README.md is sent
through the test client against the demo content and must answer 2xx JSON."""

import re
from pathlib import Path

from django.conf import settings

import pytest

from pages.models import ConditionPage
from pages.preview import make_preview_token

pytestmark = pytest.mark.django_db

README = Path(settings.BASE_DIR) / "README.md"
CURL = re.compile(
    r"^curl\s+(?P<options>[^']*)'http://127\.0\.0\.1:8000(?P<path>[^']*)'"
)
# Placeholders the README explains in a comment on the same line.
PAGE_ID = re.compile(r"^/api/v2/pages/\d+/$")
TOKEN = "token=…"


def readme_examples() -> list[tuple[str, str]]:
    """``(method, path)`` of each curl line in the README."""
    examples = []
    for line in README.read_text().splitlines():
        match = CURL.match(line.strip())
        if match:
            method = "POST" if "-X POST" in match["options"] else "GET"
            examples.append((method, match["path"]))
    return examples


EXAMPLES = readme_examples()
GET_PATHS = [path for method, path in EXAMPLES if method == "GET"]


def test_the_readme_has_examples_for_every_endpoint():
    assert len(GET_PATHS) >= 10
    # Writes are documented (docs/leads.md) and tested in tests/leads/, not here.
    assert [path for method, path in EXAMPLES if method != "GET"] == [
        "/api/v2/consultation-requests/"
    ]


@pytest.mark.parametrize("path", GET_PATHS)
def test_readme_example_answers_json(client, demo_site, path):
    als = ConditionPage.objects.get(slug="als", locale__language_code="en")
    if PAGE_ID.match(path):
        path = f"/api/v2/pages/{als.pk}/"
    if TOKEN in path:
        token = make_preview_token(als, als.latest_revision)
        path = path.replace(TOKEN, f"token={token}")
    response = client.get(path, follow=True)
    assert 200 <= response.status_code < 300, (path, response.content[:300])
    assert response["Content-Type"].startswith(
        ("application/json", "application/vnd.oai.openapi+json")
    ), response["Content-Type"]
    assert response.json()
