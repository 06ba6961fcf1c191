"""A condition's medical name and codes: formats per system, the editor's form,
and the migration that names existing pages."""

import importlib

from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.test import TestCase

from wagtail.test.utils.form_data import inline_formset, rich_text

import pytest

from pages.medical_codes import CODE_SYSTEMS, code_problem, verhoeff_valid
from pages.models import ConditionCode, ConditionPage
from tests.factories import ConditionIndexPageFactory, ConditionPageFactory

from .editor import (
    PageEditorTestCase,
    block_errors,
    data_table,
    edit_url,
    medical_page_data,
    publish_edit,
    section,
)

MIGRATION = importlib.import_module(
    "pages.migrations.0006_condition_identity_typed_tables"
)


@pytest.mark.parametrize(
    ("system", "value"),
    [
        ("ICD-10", "G35"),
        ("ICD-10", "G12.21"),
        ("ICD-10", "S72.001A"),
        ("ICD-11", "8A40"),
        ("ICD-11", "8B60.0"),
        ("ICD-11", "1A00"),
        ("SNOMED-CT", "86044005"),  # amyotrophic lateral sclerosis
        ("SNOMED-CT", "24700007"),  # multiple sclerosis
        ("SNOMED-CT", "404684003"),
        ("MeSH", "D000690"),
        ("MeSH", "D000086382"),
    ],
)
def test_real_codes_are_accepted(system, value):
    assert code_problem(system, value) is None


@pytest.mark.parametrize(
    ("system", "value"),
    [
        ("ICD-10", "G3"),
        ("ICD-10", "8A40"),
        ("ICD-10", "G35."),
        ("ICD-11", "G12.21"),  # an ICD-10 code: ICD-11's second character is a letter
        ("ICD-11", "8O40"),  # no letter O in ICD-11
        ("SNOMED-CT", "86044006"),  # the check digit is wrong
        ("SNOMED-CT", "12345"),  # too short
        ("SNOMED-CT", "086044005"),
        ("MeSH", "D00069"),
        ("MeSH", "C000690"),
    ],
)
def test_codes_out_of_their_systems_form_are_refused(system, value):
    assert code_problem(system, value)


def test_the_verhoeff_check_catches_every_single_digit_change():
    assert verhoeff_valid("86044005")
    for position in range(8):
        for digit in "0123456789":
            changed = "86044005"[:position] + digit + "86044005"[position + 1 :]
            if changed != "86044005":
                assert not verhoeff_valid(changed), changed


def test_a_code_is_tidied_and_checked_on_its_value_field():
    code = ConditionCode(system="ICD-10", value=" g12.21 ")
    code.full_clean(exclude=["page"])
    assert code.value == "G12.21"
    bad = ConditionCode(system="SNOMED-CT", value="86044006")
    with pytest.raises(ValidationError) as caught:
        bad.full_clean(exclude=["page"])
    assert "Verhoeff check digit" in caught.value.message_dict["value"][0]


def test_every_system_has_examples_its_own_check_accepts():
    for system in CODE_SYSTEMS.values():
        example = system.examples.split()[0]
        assert system.problem(example) is None, system.key


class TestConditionIdentityEditor(PageEditorTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = ConditionIndexPageFactory(parent=cls.home)
        cls.page = ConditionPageFactory(parent=cls.index)

    def data(self, content: list | None = None, **fields):
        return medical_page_data(
            "Stem cell therapy for MS",
            [
                (
                    "section",
                    section(
                        "Courses",
                        content or [("paragraph", rich_text("<p>Courses.</p>"))],
                    ),
                )
            ],
            slug=self.page.slug,
            **fields,
        )

    def test_medical_name_and_codes_are_saved_in_order(self):
        data = self.data(
            medical_name="Multiple sclerosis",
            codes=inline_formset(
                [
                    {"system": "ICD-10", "value": "G35"},
                    {"system": "SNOMED-CT", "value": "24700007"},
                    {"system": "MeSH", "value": "d009103"},
                ]
            ),
        )
        response = publish_edit(self.client, self.page, data)
        self.assertEqual(response.status_code, 302)
        page = ConditionPage.objects.get(pk=self.page.pk)
        self.assertEqual(page.medical_name, "Multiple sclerosis")
        self.assertEqual(
            [str(code) for code in page.codes.all()],
            ["ICD-10:G35", "SNOMED-CT:24700007", "MeSH:D009103"],
        )

    def test_the_medical_name_is_required(self):
        response = self.assertPublishRefused(self.page, self.data(medical_name=""))
        self.assertIn("medical_name", response.context["form"].errors)

    def test_a_bad_code_is_refused_on_its_value(self):
        data = self.data(
            codes=inline_formset(
                [
                    {"system": "ICD-10", "value": "G35"},
                    {"system": "ICD-11", "value": "G35"},
                ]
            )
        )
        response = publish_edit(self.client, self.page, data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ConditionPage.objects.get(pk=self.page.pk).codes.exists())
        forms = response.context["form"].formsets["codes"].forms
        self.assertEqual(forms[0].errors, {})
        self.assertEqual(
            forms[1].errors["value"],
            ['"G35" is not a valid ICD-11 code: write it like 8A40 or 8B60.0.'],
        )

    def test_a_data_table_with_bad_numbers_shows_every_error_at_once(self):
        table = data_table(
            "Courses of MS",
            [("text", "Course"), ("percentage", "Share"), ("number", "Age")],
            [
                ["Relapsing-remitting", "85 %", "30"],
                ["Primary progressive", "15", "forty"],
            ],
        )
        data = self.data([("data_table", table)])
        response = self.assertPublishRefused(self.page, data)
        errors = block_errors(response, "body")
        cells = {
            path: messages for path, messages in errors.items() if "table." in path
        }
        self.assertEqual(
            sorted(cells),
            ["0.content.0.table.0.1", "0.content.0.table.1.2"],
        )
        self.assertEqual(
            errors["0.content.0.table"],
            [
                'Row 1, "Share": Enter the percentage as a number without the '
                "percent sign, e.g. 12.5.",
                'Row 2, "Age": Enter a number, e.g. 12 or 3.5: digits only, no '
                "units or thousands separators.",
            ],
        )

    def test_a_data_table_is_saved_from_the_editor(self):
        table = data_table(
            "Courses of MS",
            [("text", "Course"), ("percentage", "Share"), ("rich_text", "Notes")],
            [["Relapsing-remitting", "85", rich_text("<p>Attacks.</p>")]],
        )
        data = self.data([("data_table", table)])
        response = publish_edit(self.client, self.page, data)
        self.assertEqual(response.status_code, 302)
        page = ConditionPage.objects.get(pk=self.page.pk)
        stored = page.body.raw_data[0]["value"]["content"][0]["value"]
        self.assertEqual(
            stored["table"]["rows"][0]["values"][:2], ["Relapsing-remitting", "85"]
        )
        self.assertTrue(stored["header_column"])
        self.assertEqual(self.client.get(edit_url(page)).status_code, 200)


class TestMedicalNameMigration(TestCase):
    def test_existing_pages_and_their_revisions_are_named_from_their_title(self):
        page = ConditionPageFactory(title="Stem cell therapy for ALS")
        page.title = "Stem cells for ALS (draft)"
        draft = page.save_revision()
        ConditionPage.objects.filter(pk=page.pk).update(medical_name="")
        for revision in page.revisions.all():
            del revision.content["medical_name"]
            revision.save(update_fields=["content"])
        named = ConditionPageFactory(medical_name="Multiple sclerosis")

        MIGRATION.fill_medical_names(django_apps, None)

        page.refresh_from_db()
        self.assertEqual(page.medical_name, "Stem cell therapy for ALS")
        draft.refresh_from_db()
        self.assertEqual(draft.content["medical_name"], "Stem cells for ALS (draft)")
        self.assertEqual(draft.as_object().medical_name, "Stem cells for ALS (draft)")
        named.refresh_from_db()
        self.assertEqual(named.medical_name, "Multiple sclerosis")
