"""A condition's identity in the API: its medical name and codes, the JSON-LD
``MedicalCondition`` built from them, the ``?code=`` filter, and the data table's
JSON, all read against the served OpenAPI document."""

import json

import pytest

from pages.models import ConditionCode, ConditionPage
from tests.factories.blocks import DATA_TABLE

from .strict_contract import Contract, describe

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def identity_site(shared_site):
    """The clinic site's condition (ICD-10 G12.21, SNOMED CT 86044005) with a data
    table in its body and alternate names that do not start with its medical name."""
    page = ConditionPage.objects.get(pk=shared_site.condition.pk)
    body = list(page.body.raw_data)
    body.append(
        {
            "type": "section",
            "value": {
                "heading": "Courses",
                "anchor": "courses",
                "content": [
                    {
                        "type": "data_table",
                        "value": {
                            "table": DATA_TABLE,
                            "header_column": True,
                            "source": "Illustrative figures.",
                        },
                    }
                ],
            },
        }
    )
    page.body = json.dumps(body)
    page.alternate_names = json.dumps(
        [{"type": "name", "value": "Lou Gehrig's disease"}]
    )
    page.save_revision().publish()
    return shared_site


@pytest.fixture
def condition(identity_site, db) -> ConditionPage:
    return ConditionPage.objects.get(pk=identity_site.condition.pk)


@pytest.fixture(scope="module")
def contract(openapi_document) -> Contract:
    return Contract(openapi_document)


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    return response.json()


def listed_ids(client, query: str) -> list[int]:
    return [item["id"] for item in get(client, f"/api/v2/pages/?{query}")["items"]]


def test_detail_gives_the_medical_name_and_codes(client, condition):
    data = get(client, f"/api/v2/pages/{condition.pk}/")
    assert data["medical_name"] == "Amyotrophic lateral sclerosis"
    assert data["codes"] == [
        {"system": "ICD-10", "value": "G12.21"},
        {"system": "SNOMED-CT", "value": "86044005"},
    ]


def test_json_ld_names_the_condition_by_its_medical_name_with_its_codes(
    client, condition
):
    data = get(client, f"/api/v2/pages/{condition.pk}/")
    about = data["json_ld"]["@graph"][0]["about"]
    assert about["name"] == "Amyotrophic lateral sclerosis"
    assert about["alternateName"] == ["Lou Gehrig's disease"]
    assert about["code"] == [
        {"@type": "MedicalCode", "codeValue": "G12.21", "codingSystem": "ICD-10"},
        {"@type": "MedicalCode", "codeValue": "86044005", "codingSystem": "SNOMED-CT"},
    ]


def test_json_ld_has_no_code_for_a_condition_without_codes(client, condition):
    condition.codes.clear()
    condition.save_revision().publish()
    data = get(client, f"/api/v2/pages/{condition.pk}/")
    assert "code" not in data["json_ld"]["@graph"][0]["about"]


def test_the_data_table_is_data_in_the_api(client, condition):
    data = get(client, f"/api/v2/pages/{condition.pk}/")
    section = next(b for b in data["body"] if b["value"].get("anchor") == "courses")
    table = section["value"]["content"][0]
    assert table["type"] == "data_table"
    assert table["value"]["columns"][1] == {
        "heading": "Share of diagnoses",
        "type": "percentage",
    }
    assert table["value"]["items"][1]["cells"][:3] == ["Primary progressive", 12.5, 40]
    assert table["value"]["source"] == "Illustrative figures."


def test_detail_and_listing_meet_the_document(client, condition, contract):
    for url in (
        f"/api/v2/pages/{condition.pk}/",
        "/api/v2/pages/?type=pages.ConditionPage&fields=*&code=ICD-10:G12.21",
    ):
        data = get(client, url)
        path = url.split("?")[0]
        errors = contract.errors(data, contract.response_schema(path, 200))
        assert not errors, f"{url}\n{describe(errors)}"


@pytest.mark.parametrize("code", ["ICD-10:G12.21", "SNOMED-CT:86044005"])
def test_code_filter_finds_the_condition_and_its_translation(
    client, condition, identity_site, code
):
    """A translation is copied with its codes: it is the same condition."""
    german = identity_site.german_condition
    assert sorted(listed_ids(client, f"code={code}")) == [condition.pk, german.pk]


@pytest.mark.parametrize(
    "code",
    ["ICD-10:G35", "MeSH:D000690", "ICD-11:8B60.0", "SNOMED-CT:24700007"],
)
def test_code_filter_without_a_match_is_empty(client, condition, code):
    assert listed_ids(client, f"code={code}") == []


def test_code_filter_combines_with_other_filters(client, condition, identity_site):
    german = identity_site.german_condition
    assert listed_ids(client, "code=ICD-10:G12.21&locale=de") == [german.pk]
    assert listed_ids(
        client, "code=ICD-10:G12.21&type=pages.ConditionPage&locale=en"
    ) == [condition.pk]
    assert listed_ids(client, "code=ICD-10:G12.21&type=pages.TherapyPage") == []
    assert listed_ids(client, "code=ICD-10:G12.21&search=xylophone") == []


def test_a_code_on_a_draft_only_does_not_list_the_page(client, condition):
    condition.codes.add(ConditionCode(system="MeSH", value="D000690"))
    condition.save_revision()  # a draft: the live page has no MeSH code
    assert listed_ids(client, "code=MeSH:D000690") == []


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            "ICD-9:335.20",
            'code: Unknown coding system "ICD-9": use one of ICD-10, ICD-11, '
            "SNOMED-CT, MeSH.",
        ),
        (
            "ICD-10:8B60.0",
            'code: "8B60.0" is not a valid ICD-10 code: write it like G35 or G12.21.',
        ),
        (
            "ICD-11:G12.21",
            'code: "G12.21" is not a valid ICD-11 code: write it like 8A40 or 8B60.0.',
        ),
        (
            "MeSH:D69",
            'code: "D69" is not a valid MeSH code: write it like D000690 (D and 6 '
            "or 9 digits).",
        ),
        ("G35", 'code: write it as system:code, e.g. ICD-10:G35 (got "G35").'),
        (
            "icd-10:g35",
            'code: Unknown coding system "icd-10": use one of ICD-10, '
            "ICD-11, SNOMED-CT, MeSH.",
        ),
    ],
)
def test_a_bad_code_is_a_400_that_says_why(client, code, message):
    response = client.get("/api/v2/pages/", {"code": code})
    assert response.status_code == 400
    assert response.json()["message"] == message


def test_the_code_parameter_is_documented(openapi_document):
    parameters = openapi_document["paths"]["/api/v2/pages/"]["get"]["parameters"]
    (code,) = [p for p in parameters if p["name"] == "code"]
    assert "ICD-10:G35" in code["description"]
    assert code["schema"]["pattern"].startswith("^(?:ICD-10:")
