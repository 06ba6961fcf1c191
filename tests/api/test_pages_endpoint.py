import datetime
import json

from django.db import transaction
from django.utils import timezone

import pytest

from cms.tasks import ready_tasks, run_ready_tasks
from snippets.representations import rendition_specs
from snippets.tasks import make_renditions

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def block_types(stream):
    return [child["type"] for child in stream]


def test_listing_shows_only_live_public_pages(client, clinic_site):
    data = get_json(client, "/api/v2/pages/?limit=100")
    ids = {item["id"] for item in data["items"]}
    assert clinic_site.condition.pk in ids
    assert clinic_site.therapy.pk in ids
    for hidden in (
        clinic_site.draft_page,
        clinic_site.unpublished_page,
        clinic_site.restricted_page,
    ):
        assert hidden.pk not in ids
    assert data["meta"]["total_count"] == len(ids)


def test_listing_filters_by_type_locale_and_tree(client, clinic_site):
    both = get_json(client, "/api/v2/pages/?type=pages.ConditionPage")
    assert {item["meta"]["locale"] for item in both["items"]} == {"en", "de"}
    data = get_json(client, "/api/v2/pages/?type=pages.ConditionPage&locale=en")
    assert [item["id"] for item in data["items"]] == [clinic_site.condition.pk]
    german = get_json(client, "/api/v2/pages/?type=pages.ConditionPage&locale=de")
    assert [item["id"] for item in german["items"]] == [clinic_site.german_condition.pk]
    children = get_json(client, f"/api/v2/pages/?child_of={clinic_site.therapies.pk}")
    assert {item["id"] for item in children["items"]} == {clinic_site.therapy.pk}
    descendants = get_json(
        client, f"/api/v2/pages/?descendant_of={clinic_site.home.pk}&limit=100"
    )
    assert clinic_site.condition.pk in {item["id"] for item in descendants["items"]}


def test_listing_filters_by_review_dates(client, clinic_site):
    soon = (TODAY + datetime.timedelta(days=400)).isoformat()
    later = (TODAY + datetime.timedelta(days=100)).isoformat()
    due = get_json(client, f"/api/v2/pages/?review_due_before={soon}")
    assert clinic_site.condition.pk in {item["id"] for item in due["items"]}
    not_due = get_json(client, f"/api/v2/pages/?review_due_before={later}")
    assert clinic_site.condition.pk not in {item["id"] for item in not_due["items"]}
    typed = get_json(
        client,
        f"/api/v2/pages/?type=pages.ConditionPage&locale=en&review_due_after={later}",
    )
    assert [item["id"] for item in typed["items"]] == [clinic_site.condition.pk]
    bad = get_json(client, "/api/v2/pages/?review_due_before=next-week", status=400)
    assert "ISO 8601" in bad["message"]


def test_listing_returns_custom_fields(client, clinic_site):
    data = get_json(
        client,
        "/api/v2/pages/?type=pages.ConditionPage&locale=en&fields=summary,medical_review,hero_image",
    )
    item = data["items"][0]
    assert item["summary"] == "Key facts about ALS."
    assert item["medical_review"]["reviewer"]["name"] == "Dr. Lana"
    assert item["hero_image"]["alt"] == "A patient walking"


def test_listing_pagination_and_ordering(client, clinic_site):
    first = get_json(client, "/api/v2/pages/?order=title&limit=2")
    second = get_json(client, "/api/v2/pages/?order=title&limit=2&offset=2")
    titles = [item["title"] for item in first["items"] + second["items"]]
    assert titles == sorted(titles)
    assert first["meta"]["total_count"] == second["meta"]["total_count"]
    get_json(client, "/api/v2/pages/?limit=1000", status=400)


def test_search(client, clinic_site):
    data = get_json(client, "/api/v2/pages/?search=Mesenchymal")
    assert clinic_site.therapy.pk in {item["id"] for item in data["items"]}


def test_detail_of_condition_page(client, clinic_site, validate_response):
    data = get_json(client, f"/api/v2/pages/{clinic_site.condition.pk}/")
    validate_response(data, "ConditionPage")
    assert data["toc"] == [
        {"anchor": "understanding-als", "heading": "Understanding ALS"},
        {"anchor": "cost", "heading": "Cost"},
    ]
    assert data["medical_review"]["reviewer"]["credentials"] == "MD"
    assert (
        data["medical_review"]["last_reviewed"]
        == (TODAY - datetime.timedelta(days=10)).isoformat()
    )
    reference = data["references"][0]
    assert reference["number"] == 1
    assert reference["citation"].startswith(
        "Morata-Tarifa C, Azkona G, Glass J. Looking backward"
    )
    assert reference["doi"] == "10.1038/s41536-021-00131-5"
    assert [alt["locale"] for alt in data["alternates"]] == ["de", "x-default"]
    assert data["alternates"][0]["path"] == "/de/conditions/als/"
    assert data["alternates"][1]["id"] == clinic_site.condition.pk
    assert data["seo"]["title"] == "Stem cell therapy for ALS"
    assert [page["id"] for page in data["related_pages"]] == [clinic_site.therapy.pk]


def test_rich_text_is_display_ready_html(client, clinic_site):
    data = get_json(client, f"/api/v2/pages/{clinic_site.condition.pk}/")
    paragraph = data["body"][0]["value"]["content"][1]["value"]
    assert 'href="/therapies/mscs/"' in paragraph
    assert "linktype" not in str(data)
    assert "embedtype" not in str(data)
    assert 'href="/therapies/mscs/"' in data["intro"]


def test_blocks_have_expanded_shapes(client, clinic_site):
    data = get_json(client, f"/api/v2/pages/{clinic_site.condition.pk}/")
    content = {
        child["type"]: child["value"] for child in data["body"][0]["value"]["content"]
    }
    prices = content["price_table"]
    assert prices["items"][0] == {
        "region": "USA",
        "kind": "from",
        "minimum": 20000,
        "maximum": None,
        "currency": "USD",
        "note": "Regulation",
        "footnoted": False,
    }
    assert prices["items"][1]["maximum"] == 31000.5
    assert prices["as_of"] == {"value": "2025-01-01", "precision": "day"}
    image = content["image"]["image"]
    assert image["alt"] == "Symptoms diagram"
    assert {r["format"] for r in image["renditions"]} == {"webp", "jpeg"}
    assert image["srcset"]["webp"].count("w,") == 2
    assert content["video"]["provider"] == "youtube"
    assert (
        content["video"]["embed_url"]
        == "https://www.youtube-nocookie.com/embed/abcdefghijk"
    )
    assert content["term_list"]["items"][0]["page"]["path"] == "/therapies/mscs/"
    top_cta = data["body"][1]["value"]
    assert top_cta["doctor"]["name"] == "Dr. Lana"
    assert top_cta["doctor"]["photo"]["width"] == 600


def test_unpublished_and_restricted_content_never_appears_inside_a_page(
    client, clinic_site
):
    data = get_json(client, f"/api/v2/pages/{clinic_site.condition.pk}/")
    content = {}
    for child in data["body"][0]["value"]["content"]:
        content.setdefault(child["type"], []).append(child["value"])
    # A restricted page chosen in a term list comes out as null.
    assert content["term_list"][0]["items"][1]["page"] is None
    # An unpublished doctor in a call to action comes out as null.
    assert content["call_to_action"][0]["doctor"] is None
    # Only the testimonial with valid consent is listed.
    testimonials = content["testimonials"][0]["items"]
    assert [item["id"] for item in testimonials] == [clinic_site.testimonial.pk]
    # A link to an unpublished page has no page and no path.
    hidden_link = content["link"][1]
    assert hidden_link["page"] is None
    # Related content drops the draft and the restricted page.
    related = data["body"][6]["value"]["items"]
    assert [page["id"] for page in related] == [clinic_site.article.pk]
    # An image from a private collection is dropped from the gallery.
    assert [image["id"] for image in content["gallery"][0]["items"]] == [
        clinic_site.image.pk
    ]
    text = str(data)
    for secret in (
        "Secret",
        "Withdrawn words",
        "Not yet approved",
        "Unpublished Person",
        "Members only",
    ):
        assert secret not in text
    # Draft links inside rich text lose their href.
    assert "/therapies/draft-therapy/" not in text


@pytest.mark.parametrize(
    "attribute", ["draft_page", "unpublished_page", "restricted_page"]
)
def test_hidden_pages_are_not_found(client, clinic_site, attribute):
    page = getattr(clinic_site, attribute)
    body = get_json(client, f"/api/v2/pages/{page.pk}/", status=404)
    assert body == {"message": "No Page matches the given query."} or "message" in body
    get_json(
        client,
        f"/api/v2/pages/find/?html_path={page.url_path[len(clinic_site.home.url_path) - 1 :]}",
        status=404,
    )


@pytest.mark.parametrize(
    "attribute", ["restricted_page", "unpublished_page", "therapy"]
)
def test_an_alias_names_its_source_only_when_the_source_is_public(
    client, clinic_site, attribute
):
    """Like ``parent``, ``alias_of`` names a page: a public alias of a restricted or
    unpublished page must not give away the hidden page's title and address."""
    source = getattr(clinic_site, attribute)
    was_live = source.live
    source.live = True  # an alias can only be created of a page with a live copy
    alias = source.create_alias(
        parent=clinic_site.therapy.get_parent(), update_slug=f"{source.slug}-alias"
    )
    source.live = was_live
    alias.live = True
    alias.save()
    # Wagtail copies the source's view restrictions to the alias: an editor can
    # still lift them from the alias alone.
    alias.view_restrictions.all().delete()
    data = get_json(client, f"/api/v2/pages/{alias.pk}/")
    if attribute == "therapy":
        assert data["meta"]["alias_of"]["id"] == source.pk
    else:
        assert data["meta"]["alias_of"] is None
        assert source.title not in json.dumps(data["meta"])
        listing = get_json(client, f"/api/v2/pages/?id={alias.pk}&fields=alias_of")
        assert listing["items"][0]["meta"]["alias_of"] is None


def test_find_by_path_answers_with_the_page(client, clinic_site, validate_response):
    data = get_json(client, "/api/v2/pages/find/?html_path=/conditions/als/")
    assert data["id"] == clinic_site.condition.pk
    validate_response(data, "ConditionPage")
    german = get_json(client, "/api/v2/pages/find/?html_path=/de/conditions/als/")
    assert german["id"] == clinic_site.german_condition.pk
    assert german["meta"]["locale"] == "de"
    home = get_json(client, "/api/v2/pages/find/?html_path=/")
    assert home["id"] == clinic_site.home.pk
    get_json(client, "/api/v2/pages/find/?html_path=/conditions/unknown/", status=404)
    get_json(client, "/api/v2/pages/find/", status=400)


def test_json_ld_describes_the_medical_page(client, clinic_site):
    data = get_json(client, f"/api/v2/pages/{clinic_site.condition.pk}/")
    json_ld = data["json_ld"]
    assert json.loads(data["json_ld_script"]) == json_ld
    graph = {node["@type"]: node for node in json_ld["@graph"]}
    assert json_ld["@context"] == "https://schema.org"
    page = graph["MedicalWebPage"]
    assert page["about"] == {
        "@type": "MedicalCondition",
        "name": "Amyotrophic lateral sclerosis",
        "alternateName": ["Lou Gehrig's disease"],
        "code": [
            {"@type": "MedicalCode", "codeValue": "G12.21", "codingSystem": "ICD-10"},
            {
                "@type": "MedicalCode",
                "codeValue": "86044005",
                "codingSystem": "SNOMED-CT",
            },
        ],
    }
    assert page["reviewedBy"]["@type"] == "Physician"
    assert page["lastReviewed"] == (TODAY - datetime.timedelta(days=10)).isoformat()
    assert page["citation"][0]["sameAs"] == "https://doi.org/10.1038/s41536-021-00131-5"
    questions = [q["name"] for q in graph["FAQPage"]["mainEntity"]]
    assert questions == ["Can stem cells cure ALS?", "How long is the stay?"]


def test_therapy_and_article_pages_validate(client, clinic_site, validate_response):
    validate_response(
        get_json(client, f"/api/v2/pages/{clinic_site.therapy.pk}/"), "TherapyPage"
    )
    article = get_json(client, f"/api/v2/pages/{clinic_site.article.pk}/")
    validate_response(article, "ArticlePage")
    assert article["author"]["name"] == "Dr. Lana"
    validate_response(
        get_json(client, f"/api/v2/pages/{clinic_site.home.pk}/"), "HomePage"
    )


def test_a_page_names_its_parent_only_when_the_parent_is_public(client, clinic_site):
    condition_url = f"/api/v2/pages/{clinic_site.condition.pk}/"
    parent = get_json(client, condition_url)["meta"]["parent"]
    assert parent["id"] == clinic_site.conditions.pk
    assert parent["meta"]["type"] == "pages.ConditionIndexPage"
    # The home page's parent is the tree's root, outside every site.
    home = get_json(client, f"/api/v2/pages/{clinic_site.home.pk}/")
    assert home["meta"]["parent"] is None
    clinic_site.conditions.unpublish()
    assert get_json(client, condition_url)["meta"]["parent"] is None


# Fields whose listing reads neither the body nor any other stream of the page
# (pages.representations.preload.SELF_CONTAINED_FIELDS).
CARD_FIELDS = [
    "summary",
    "hero_image",
    "medical_review",
    "related_pages",
    "alternate_names",
    "medical_name",
    "codes",
    "seo",
    "alternates",
]


def test_a_listing_of_card_fields_shows_what_the_detail_shows(
    client, clinic_site, settings
):
    settings.API_RESPONSE_CACHE = False
    listing = get_json(
        client,
        f"/api/v2/pages/?type=pages.ConditionPage&fields={','.join(CARD_FIELDS)}",
    )
    assert len(listing["items"]) >= 2
    for item in listing["items"]:
        detail = get_json(client, f"/api/v2/pages/{item['id']}/")
        assert {name: item[name] for name in CARD_FIELDS} == {
            name: detail[name] for name in CARD_FIELDS
        }
    assert any(item["related_pages"] for item in listing["items"])
    assert any(item["medical_review"]["reviewer"] for item in listing["items"])


def test_missing_renditions_are_made_one_at_a_time(client, clinic_site, monkeypatch):
    """Wagtail makes several missing renditions in three threads at once, each
    decoding its own copy of the original; the API makes them one by one
    (``snippets.representations.renditions_of``): the same renditions, a third
    of the memory."""
    image = clinic_site.image
    image.renditions.all().delete()
    batches: list[int] = []
    create_renditions = type(image).create_renditions

    def counted(self, *filters):
        if filters:  # Wagtail calls it with none when all exist
            batches.append(len(filters))
        return create_renditions(self, *filters)

    monkeypatch.setattr(type(image), "create_renditions", counted)
    data = get_json(client, f"/api/v2/pages/{clinic_site.condition.pk}/")
    content = {
        child["type"]: child["value"] for child in data["body"][0]["value"]["content"]
    }
    shown = content["image"]["image"]["renditions"]
    assert batches and set(batches) == {1}
    assert image.renditions.count() == len(rendition_specs(image)) == len(shown)
    assert {r["url"].rsplit("/", 1)[-1] for r in shown} == {
        rendition.file.name.rsplit("/", 1)[-1] for rendition in image.renditions.all()
    }


def test_a_saved_image_has_its_renditions_made_by_the_worker(
    client, clinic_site, monkeypatch
):
    """Made once, soon after the upload, in the background worker
    (``snippets.tasks.make_renditions``): a page's render then only reads them."""
    image = clinic_site.image
    image.renditions.all().delete()
    image.title = "Symptoms diagram (new file)"
    image.save()
    assert ready_tasks().filter(task_path=make_renditions.module_path).count() == 1
    run_ready_tasks()
    assert sorted(image.renditions.values_list("filter_spec", flat=True)) == sorted(
        spec for spec, _width, _fmt in rendition_specs(image)
    )

    made: list[int] = []
    create_renditions = type(image).create_renditions

    def counted(self, *filters):
        made.extend(filters)
        return create_renditions(self, *filters)

    monkeypatch.setattr(type(image), "create_renditions", counted)
    get_json(client, f"/api/v2/pages/{clinic_site.condition.pk}/")
    assert made == []


def test_an_image_the_public_cannot_see_gets_no_renditions_made(clinic_site):
    image = clinic_site.private_image
    image.renditions.all().delete()
    image.save()
    run_ready_tasks()
    assert not image.renditions.exists()


def test_an_image_saved_in_a_transaction_rolled_back_asks_for_nothing(clinic_site):
    with transaction.atomic():
        clinic_site.image.save()
        transaction.set_rollback(True)
    assert not ready_tasks().filter(task_path=make_renditions.module_path).exists()
