"""The admin's readable preview (view draft, preview, revisions) applies the API's
public-content rules through the same predicates, sanitises what it renders, and
sends noindex and a CSP (issue 11, High 1; issue 10, consent in preview)."""

import json

from django.urls import reverse

import pytest

from pages.models import ConditionPage
from snippets.models import Testimonial

pytestmark = pytest.mark.django_db

UNSAFE = (
    '<p>Hostile <a href="javascript:alert(1)">link</a>'
    '<img src=x onerror="alert(1)"><script>alert(2)</script></p>'
)


@pytest.fixture
def draft_with_everything(shared_site):
    """A draft of the condition page that embeds every hidden kind of object."""
    Testimonial.objects.filter(pk=shared_site.hidden_testimonials[2].pk).update(
        video_url="https://www.youtube.com/watch?v=awaiting123",
        consent_scope="quote_video",
    )
    page = ConditionPage.objects.get(pk=shared_site.condition.pk)
    page.intro = UNSAFE
    body = page.body.get_prep_value()
    body += [
        {"type": "paragraph", "value": UNSAFE},
        {
            "type": "video",
            "value": {
                "url": "javascript:alert(3)",
                "title": "Bad video",
                "caption": "",
            },
        },
        {
            "type": "image",
            "value": {
                "image": shared_site.private_image.pk,
                "alt_text": "Private scan",
                "caption": "",
            },
        },
    ]
    page.body = json.dumps(body)
    page.save_revision()
    return page


def test_view_draft_shows_only_what_the_public_may_see(
    client_for, shared_site, draft_with_everything
):
    url = reverse("wagtailadmin_pages:view_draft", args=[draft_with_everything.pk])
    response = client_for("administrator").get(url)
    assert response.status_code == 200
    body = response.content.decode()
    # The public testimonial is shown; one with consent that awaits approval is
    # marked, with its video; unconsented and revoked ones never appear.
    assert shared_site.testimonial.quote in body
    assert "Awaiting consent approval" in body
    assert "Not yet approved" in body
    assert "https://www.youtube.com/watch?v=awaiting123" in body
    assert "Secret" not in body
    assert "Withdrawn words" not in body
    # Pages, doctors and images the API hides.
    for hidden in (
        shared_site.draft_page.title,
        shared_site.restricted_page.title,
        shared_site.unpublished_page.title,
        shared_site.draft_doctor.name,
        "private-scan",
    ):
        assert hidden not in body, hidden
    assert "not public" in body
    assert "private collection" in body
    # Stored markup is sanitised; links keep safe schemes only.
    lowered = body.lower()
    for needle in ("javascript:", "onerror", "<script"):
        assert needle not in lowered, needle
    assert "Hostile" in body
    # Never indexed, never cached, no script allowed.
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "script-src" not in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_the_revision_view_and_preview_use_the_same_rules(
    client_for, shared_site, draft_with_everything
):
    revision = draft_with_everything.latest_revision
    client = client_for("administrator")
    for url in (
        reverse(
            "wagtailadmin_pages:revisions_view",
            args=[draft_with_everything.pk, revision.pk],
        ),
        reverse("wagtailadmin_pages:view_draft", args=[draft_with_everything.pk])
        + "?mode=content",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "Withdrawn words" not in body
        assert shared_site.draft_page.title not in body
        assert "javascript:" not in body.lower()
        assert "default-src 'none'" in response["Content-Security-Policy"]
