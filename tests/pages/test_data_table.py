"""The data table: typed columns, validated cell by cell, all errors at once."""

import copy

import pytest

from pages.blocks.content import DataTableBlock, SectionContentBlock
from tests.factories.blocks import DATA_TABLE

from .editor import error_paths

BLOCK = DataTableBlock()


def table_value(table: dict | None = None, **fields):
    """A data table as the editor's form or an import hands it to ``clean``."""
    raw = {
        "table": copy.deepcopy(table or DATA_TABLE),
        "header_column": True,
        "source": "",
        **fields,
    }
    return BLOCK.to_python(raw)


def errors_of(value) -> dict[str, list[str]]:
    with pytest.raises(Exception) as caught:
        BLOCK.clean(value)
    return error_paths(caught.value)


def with_rows(*rows: list) -> dict:
    table = copy.deepcopy(DATA_TABLE)
    table["rows"] = [{"values": values} for values in rows]
    return table


def test_a_valid_table_is_accepted_with_numbers_as_numbers():
    cleaned = BLOCK.clean(table_value())

    data = BLOCK.get_api_representation(cleaned)

    assert data["columns"] == [
        {"heading": "Course", "type": "text"},
        {"heading": "Share of diagnoses", "type": "percentage"},
        {"heading": "Typical age at onset", "type": "number"},
        {"heading": "Course over time", "type": "rich_text"},
    ]
    assert [row["cells"][:3] for row in data["items"]] == [
        ["Relapsing-remitting", 85, 30],
        ["Primary progressive", 12.5, 40],
    ]
    assert data["items"][0]["cells"][3] == "<p>Attacks, then <b>recovery</b>.</p>"
    assert data["caption"] == "Courses of multiple sclerosis at diagnosis"
    assert data["header_column"] is True
    assert data["source"] == ""


@pytest.mark.parametrize("text", ["85%", "about 30", "1,5", "n/a", "NaN"])
def test_a_number_column_refuses_text_on_the_cell(text):
    table = with_rows(["Relapsing-remitting", text, "30", ""])

    errors = errors_of(table_value(table))

    assert errors["table.0.1"] == [
        "Enter the percentage as a number without the percent sign, e.g. 12.5."
    ]
    assert 'Row 1, "Share of diagnoses": Enter the percentage' in " ".join(
        errors["table"]
    )


def test_every_error_of_the_table_is_shown_at_once():
    table = with_rows(
        ["Relapsing-remitting", "85", "thirty", ""],
        ["", "lots", "40", ""],
    )
    table["columns"][2]["heading"] = ""

    errors = errors_of(table_value(table))

    assert set(errors) == {"table", "table.0.2", "table.1.0", "table.1.1"}
    assert errors["table.0.2"] == [
        "Enter a number, e.g. 12 or 3.5: digits only, no units or thousands separators."
    ]
    assert errors["table.1.0"] == ["A row heading cannot be empty."]
    assert errors["table"] == [
        "Column 3 needs a heading.",
        "Row 1: Enter a number, e.g. 12 or 3.5: digits only, no units or "
        "thousands separators.",
        'Row 2, "Share of diagnoses": Enter the percentage as a number without the '
        "percent sign, e.g. 12.5.",
        "Row 2: the row heading (first cell) is empty.",
    ]


def test_an_empty_first_cell_is_fine_without_row_headings():
    table = with_rows(["", "85", "30", ""])
    assert BLOCK.clean(table_value(table, header_column=False))


def test_empty_number_cells_are_null_in_the_api():
    table = with_rows(["Relapsing-remitting", "", None, ""])
    cleaned = BLOCK.clean(table_value(table))
    assert BLOCK.get_api_representation(cleaned)["items"][0]["cells"] == [
        "Relapsing-remitting",
        None,
        None,
        "",
    ]


def test_a_table_needs_columns_and_rows():
    errors = errors_of(table_value({"caption": "", "columns": [], "rows": []}))
    assert errors == {"table": ["Add at least one column.", "Add at least one row."]}


def test_rich_text_cells_are_sanitised_in_the_api():
    table = with_rows(
        [
            "Relapsing-remitting",
            "85",
            "30",
            '<p onclick="x()">Read <a href="javascript:alert(1)">more</a></p>'
            "<script>alert(1)</script>",
        ]
    )
    cleaned = BLOCK.clean(table_value(table))

    cell = BLOCK.get_api_representation(cleaned)["items"][0]["cells"][3]

    assert "script" not in cell
    assert "onclick" not in cell
    assert "javascript" not in cell
    assert cell.startswith("<p>Read <a")


def test_the_stored_table_keeps_wagtails_typed_table_format():
    cleaned = BLOCK.clean(table_value())
    stored = BLOCK.get_prep_value(cleaned)
    assert stored["table"]["columns"][1] == {
        "type": "percentage",
        "heading": "Share of diagnoses",
    }
    assert stored["table"]["rows"][1]["values"][:3] == [
        "Primary progressive",
        "12.5",
        "40",
    ]


def test_sections_offer_the_data_table_next_to_the_two_column_table():
    children = list(SectionContentBlock.base_blocks)
    assert children.index("data_table") == children.index("two_column_table") + 1


def test_stored_text_that_was_never_cleaned_is_null_in_the_api():
    """An import that bypassed validation cannot make the API fail or send NaN."""
    value = table_value(with_rows(["Relapsing-remitting", "lots", "NaN", ""]))
    assert BLOCK.get_api_representation(value)["items"][0]["cells"][1:3] == [
        None,
        None,
    ]
