"""schema.org JSON-LD built from a page's content, so that search engines read the
same medical review, citations and FAQ that patients see."""

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from wagtail.models import Page

from review.status import current_text_reviewed
from snippets.representations import doctor_is_public

from .medical_codes import CODE_SYSTEMS
from .representations import full_url, locale_code, numbered_references
from .sanitise import public_html

SCHEMA_CONTEXT = "https://schema.org"
# Characters that could end a <script> element or start markup inside it, written as
# JSON escapes: the text stays the same JSON, and no title can close the element.
SCRIPT_SAFE_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def physician(doctor) -> dict[str, Any] | None:
    if not doctor_is_public(doctor):
        return None
    data = {"@type": "Physician", "name": doctor.display_name}
    if doctor.credentials:
        data["honorificSuffix"] = doctor.credentials
    if doctor.role:
        data["jobTitle"] = doctor.role
    return data


def scholarly_article(reference: dict[str, Any]) -> dict[str, Any]:
    data = {
        "@type": "ScholarlyArticle",
        "headline": reference["title"],
        "author": [
            {
                "@type": "Person",
                "name": f"{author['family_name']} {author['initials']}".strip(),
            }
            for author in reference["authors"]
        ],
        "datePublished": str(reference["year"]),
        "citation": reference["citation"],
    }
    if reference["journal"]:
        data["isPartOf"] = {"@type": "Periodical", "name": reference["journal"]}
    if reference["doi_url"] or reference["url"]:
        data["sameAs"] = reference["doi_url"] or reference["url"]
    return data


def faq_items(body) -> list[dict[str, Any]]:
    """Every question of every FAQ block, top level or inside a section."""
    questions = []
    for child in body:
        blocks = [child]
        if child.block_type == "section":
            blocks = list(child.value["content"])
        for block in blocks:
            if block.block_type == "faq":
                questions.extend(block.value["items"])
    return [
        {
            "@type": "Question",
            "name": item["title"],
            "acceptedAnswer": {
                "@type": "Answer",
                "text": public_html(item["text"].source),
            },
        }
        for item in questions
    ]


def condition_identity(page: Page, names: list[str]) -> dict[str, Any]:
    """The ``MedicalCondition``: its medical name, every alternate name, its codes."""
    about: dict[str, Any] = {
        "@type": "MedicalCondition",
        "name": page.medical_name or page.title,
    }
    alternates = [name for name in names if name != about["name"]]
    if alternates:
        about["alternateName"] = alternates
    codes = [
        {
            "@type": "MedicalCode",
            "codeValue": code.value,
            "codingSystem": CODE_SYSTEMS[code.system].schema_org,
        }
        for code in page.codes.all()
        if code.system in CODE_SYSTEMS
    ]
    if codes:
        about["code"] = codes
    return about


_JSON_LD_KEY = "_json_ld"


def medical_page_json_ld(page: Page, context: dict | None = None) -> dict[str, Any]:
    """The page's JSON-LD, built once per page and request: the API shows it twice
    (``json_ld`` and ``json_ld_script``)."""
    if context is None:
        return _medical_page_json_ld(page, context)
    cache = context.setdefault(_JSON_LD_KEY, {})
    key = (page.pk, id(page))
    if key not in cache:
        cache[key] = _medical_page_json_ld(page, context)
    return cache[key]


def _medical_page_json_ld(page: Page, context: dict | None) -> dict[str, Any]:
    from .models import ConditionPage

    names = [child.value for child in page.alternate_names]
    if isinstance(page, ConditionPage):
        about = condition_identity(page, names)
    else:
        about = {"@type": "MedicalTherapy", "name": names[0] if names else page.title}
        if len(names) > 1:
            about["alternateName"] = names[1:]
    web_page = {
        "@type": "MedicalWebPage",
        "@id": f"{full_url(page, context)}#webpage",
        "url": full_url(page, context),
        "name": page.seo_title or page.title,
        "description": page.search_description or page.summary,
        "inLanguage": locale_code(page, context),
        "about": about,
    }
    # Only text a reviewer approved claims a review: a page changed since its review
    # says nothing about reviewers until it is reviewed again.
    if current_text_reviewed(page):
        reviewer = physician(page.reviewed_by)
        if reviewer:
            web_page["reviewedBy"] = reviewer
        web_page["lastReviewed"] = page.last_reviewed.isoformat()
    if page.last_published_at:
        web_page["dateModified"] = page.last_published_at.isoformat()
    citations = [scholarly_article(ref) for ref in numbered_references(page, context)]
    if citations:
        web_page["citation"] = citations
    graph = [web_page]
    questions = faq_items(page.body)
    if questions:
        graph.append(
            {
                "@type": "FAQPage",
                "@id": f"{full_url(page, context)}#faq",
                "url": full_url(page, context),
                "mainEntity": questions,
            }
        )
    return {"@context": SCHEMA_CONTEXT, "@graph": graph}


def script_safe_json(data: Any) -> str:
    """``data`` as JSON text that can go verbatim between ``<script>`` tags."""
    text = json.dumps(
        data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")
    )
    # One str.replace a character: str.translate looks every character of the
    # text up in its table, ten times slower here (3% of a page's render).
    for character, escape in SCRIPT_SAFE_ESCAPES.items():
        text = text.replace(character, escape)
    return text


def medical_page_json_ld_script(page: Page, context: dict | None = None) -> str:
    """The page's JSON-LD as the API sends it: a string to embed as is in
    ``<script type="application/ld+json">``, never re-serialised by the frontend."""
    return script_safe_json(medical_page_json_ld(page, context))
