"""What the public API emits is safe to put in a page as the docs say: JSON-LD
verbatim in a script element, rich text HTML as is, and no format that shows what
the ``html`` format hides (issue 11, Medium 3 and 4; issue 17)."""

import json

from wagtail.models import Page

import pytest

from pages.models import ConditionPage
from snippets.models import Doctor, ReferenceAuthor

pytestmark = pytest.mark.django_db

HOSTILE = '</script><script>alert("x")</script>&amp;<!--'


@pytest.fixture
def hostile_condition(shared_site):
    """The condition page with hostile text in every string its JSON-LD shows."""
    Doctor.objects.filter(pk=shared_site.doctor.pk).update(
        name=f"Lana {HOSTILE}", credentials=HOSTILE, role=HOSTILE
    )
    reference = shared_site.reference
    reference.title = f"Title {HOSTILE}"
    reference.journal = f"Journal {HOSTILE}"
    reference.url = "https://example.org/?a=1&b=</script>"
    reference.doi = ""
    reference.save()
    ReferenceAuthor.objects.filter(reference=reference).update(family_name=HOSTILE)
    page = ConditionPage.objects.get(pk=shared_site.condition.pk)
    page.title = f"Title {HOSTILE}"
    page.seo_title = f"SEO {HOSTILE}"
    page.search_description = f"Description {HOSTILE}"
    page.medical_name = f"Name {HOSTILE}"
    page.alternate_names = json.dumps(
        [
            {"type": "name", "value": f"Name {HOSTILE}"},
            {"type": "name", "value": f"Other {HOSTILE}"},
        ]
    )
    body = page.body.get_prep_value()
    body.append(
        {
            "type": "faq",
            "value": {
                "items": [
                    {
                        "title": f"Question {HOSTILE}",
                        "text": f"<p>Answer {HOSTILE.replace('<!--', '')}</p>",
                    }
                ]
            },
        }
    )
    page.body = json.dumps(body)
    revision = page.save_revision()
    revision.publish()
    # As a reviewer's approval of this revision would: the JSON-LD names reviewers
    # only for reviewed text (docs/medical-review.md).
    ConditionPage.objects.filter(pk=page.pk).update(
        reviewed_revision=revision, has_unreviewed_changes=False
    )
    return ConditionPage.objects.get(pk=page.pk)


def test_json_ld_is_safe_to_embed_verbatim_in_a_script_element(
    client_for, hostile_condition
):
    data = client_for("anonymous").get(f"/api/v2/pages/{hostile_condition.pk}/").json()
    text = data["json_ld_script"]
    assert isinstance(text, str)
    for character in "<>&":
        assert character not in text, text
    assert "\\u003c/script\\u003e" in text
    # The same data once parsed: nothing was dropped to make it safe.
    assert json.loads(text) == data["json_ld"]
    graph = {node["@type"]: node for node in json.loads(text)["@graph"]}
    web_page = graph["MedicalWebPage"]
    assert web_page["name"] == f"SEO {HOSTILE}"
    assert web_page["description"] == f"Description {HOSTILE}"
    assert web_page["about"]["name"] == f"Name {HOSTILE}"
    assert web_page["about"]["alternateName"] == [f"Other {HOSTILE}"]
    assert web_page["reviewedBy"]["name"].endswith(f"Lana {HOSTILE}")
    assert web_page["reviewedBy"]["jobTitle"] == HOSTILE
    citation = web_page["citation"][0]
    assert citation["headline"] == f"Title {HOSTILE}"
    assert citation["isPartOf"]["name"] == f"Journal {HOSTILE}"
    assert citation["author"][0]["name"].startswith(HOSTILE)
    assert citation["sameAs"] == "https://example.org/?a=1&b=</script>"
    questions = {item["name"] for item in graph["FAQPage"]["mainEntity"]}
    assert f"Question {HOSTILE}" in questions
    answers = " ".join(
        item["acceptedAnswer"]["text"] for item in graph["FAQPage"]["mainEntity"]
    )
    assert "<script>" not in answers


UNSAFE_RICH_TEXT = (
    '<p><a href="javascript:alert(1)">a</a> <a href="data:text/html,x">b</a> '
    '<a href="vbscript:x">c</a> <a href="JaVaScRiPt:alert(1)">d</a>'
    '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    '<iframe src="https://evil.example"></iframe><b onclick="x()">bold</b>'
    '<a href="https://example.org/ok">ok</a></p>'
)
DANGEROUS = (
    "javascript:",
    "data:",
    "vbscript:",
    "onerror",
    "onclick",
    "<script",
    "<iframe",
)


def test_every_rich_text_string_the_api_emits_is_sanitised(client_for, shared_site):
    """A RichTextField (intro) and RichTextBlocks (paragraph, callout, FAQ answer)
    stored without the editor: the API's HTML keeps the text and safe links only."""
    page = ConditionPage.objects.get(pk=shared_site.condition.pk)
    page.intro = UNSAFE_RICH_TEXT
    body = page.body.get_prep_value()
    body += [
        {"type": "paragraph", "value": UNSAFE_RICH_TEXT},
        {
            "type": "callout",
            "value": {"kind": "info", "heading": "T", "text": UNSAFE_RICH_TEXT},
        },
        {
            "type": "faq",
            "value": {"items": [{"title": "Q", "text": UNSAFE_RICH_TEXT}]},
        },
    ]
    page.body = json.dumps(body)
    page.save_revision().publish()
    response = client_for("anonymous").get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200
    data = response.json()
    emitted = json.dumps(data).lower()
    for needle in DANGEROUS:
        assert needle not in emitted, needle
    assert '<a href="https://example.org/ok">ok</a>' in data["intro"]
    assert "<b>bold</b>" in data["intro"]
    assert emitted.count("https://example.org/ok") >= 4


HIDDEN_FORMATS = ["db_html", "markdown", "db_markdown", "content_state", ""]


@pytest.mark.parametrize("rich_text_format", HIDDEN_FORMATS)
def test_only_the_html_format_is_offered(client_for, shared_site, rich_text_format):
    client = client_for("anonymous")
    page = shared_site.condition
    for url in (
        f"/api/v2/pages/?fields=*&type=pages.ConditionPage&rich_text_format={rich_text_format}",
        f"/api/v2/pages/{page.pk}/?rich_text_format={rich_text_format}",
        f"/api/v2/pages/find/?html_path=/conditions/als/&rich_text_format={rich_text_format}",
    ):
        response = client.get(url)
        assert response.status_code == 400, (url, response.status_code)
        assert response.json()["message"].startswith("rich_text_format must be")


def test_the_preview_endpoint_refuses_other_formats_too(client_for, shared_site):
    from pages.preview import make_preview_token

    page = shared_site.condition
    token = make_preview_token(page, page.save_revision())
    client = client_for("anonymous")
    assert client.get(f"/api/v2/preview/?token={token}").status_code == 200
    response = client.get(f"/api/v2/preview/?token={token}&rich_text_format=markdown")
    assert response.status_code == 400


def test_html_format_links_only_to_public_pages(client_for, shared_site):
    """The one format offered: links to drafts keep their text, not their address."""
    response = client_for("anonymous").get(
        f"/api/v2/pages/{shared_site.condition.pk}/?rich_text_format=html"
    )
    assert response.status_code == 200
    body = response.content.decode()
    draft = Page.objects.get(pk=shared_site.draft_page.pk)
    assert draft.url_path not in body and "draft-therapy" not in body
    assert f'id=\\"{draft.pk}\\"' not in body
