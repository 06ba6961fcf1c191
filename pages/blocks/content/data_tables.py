"""Data tables: any number of columns, each typed (text, number, percentage, rich text).

Built on Wagtail's ``TypedTableBlock``, which stores the columns (type and heading),
the rows (one value per column) and a caption; the struct around it adds what the
typed table cannot hold: whether the first column heads the rows, and the source.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.typed_table_block.blocks import (
    TypedTable,
    TypedTableBlock,
    TypedTableBlockValidationError,
)

from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import StreamFieldSegmentExtractor
from wagtail_localize.segments.ingest import StreamFieldSegmentsWriter

from cms.openapi import STRING, nullable, obj, ref

from ..compare import ReadableComparisonMixin
from .base import RICH_TEXT_FEATURES
from .tables import price_number


class NumberCellBlock(blocks.FieldBlock):
    """A number in a table cell; an empty cell is ``None``.

    Wagtail's ``DecimalBlock`` raises on stored text that is not a number
    (``Decimal("12 %")``) before its form field can say what is wrong, so a value
    from an import or the shell is kept as it is here and refused by ``clean``,
    on its cell, like a value typed in the editor.
    """

    invalid_message = (
        "Enter a number, e.g. 12 or 3.5: digits only, no units or thousands separators."
    )
    api_schema = nullable({"type": "number"})

    def __init__(self, required=False, help_text=None, **kwargs):
        self.field = forms.DecimalField(
            required=required,
            help_text=help_text,
            max_digits=15,
            decimal_places=6,
            error_messages={"invalid": self.invalid_message},
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if value is None or value == "":
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return value

    def get_prep_value(self, value):
        return None if value is None else str(value)

    def get_api_representation(self, value, context=None):
        """A JSON number; ``null`` for an empty cell, and for stored text that never
        went through ``clean`` (JSON has no NaN)."""
        if not isinstance(value, Decimal) or not value.is_finite():
            return None
        return price_number(value)

    class Meta:
        icon = "decimal"
        label = "Number"


class PercentageCellBlock(NumberCellBlock):
    # No percent sign here: Django formats this message with parameters for some
    # values (NaN), and a lone % would break the formatting.
    invalid_message = (
        "Enter the percentage as a number without the percent sign, e.g. 12.5."
    )

    class Meta:
        icon = "decimal"
        label = "Percentage"


# The column types, as the stored data and the API name them.
COLUMN_TYPES = ("text", "number", "percentage", "rich_text")


def cell_name(row: int, heading: str) -> str:
    return f'Row {row + 1}, "{heading}"' if heading else f"Row {row + 1}"


class DataTableGridBlock(TypedTableBlock):
    """The columns, rows and caption of a data table (Wagtail's typed table).

    Validation reports every problem of the table at once: each bad cell on the
    cell, and above the table a list naming them with the headings left empty.
    """

    text = blocks.CharBlock(required=False, max_length=250, label="Text")
    number = NumberCellBlock()
    percentage = PercentageCellBlock()
    rich_text = blocks.RichTextBlock(
        required=False, features=RICH_TEXT_FEATURES, label="Rich text"
    )

    def clean(self, table):
        messages = []
        if not table.columns:
            messages.append("Add at least one column.")
        if not table.row_data:
            messages.append("Add at least one row.")
        for index, column in enumerate(table.columns):
            heading = (column["heading"] or "").strip()
            if not heading:
                messages.append(f"Column {index + 1} needs a heading.")
            elif len(heading) > 80:
                messages.append(
                    f'Column {index + 1}: the heading "{heading[:20]}…" is longer '
                    "than 80 characters."
                )
        if len(table.caption or "") > 200:
            messages.append("The caption is longer than 200 characters.")
        try:
            cleaned = super().clean(table)
        except TypedTableBlockValidationError as error:
            for row, row_errors in sorted(error.cell_errors.items()):
                for column, cell_error in sorted(row_errors.items()):
                    heading = table.columns[column]["heading"]
                    messages.append(
                        f"{cell_name(row, heading)}: {' '.join(cell_error.messages)}"
                    )
            raise TypedTableBlockValidationError(
                cell_errors=error.cell_errors,
                non_block_errors=[ValidationError(message) for message in messages],
            ) from error
        if messages:
            raise TypedTableBlockValidationError(
                non_block_errors=[ValidationError(message) for message in messages]
            )
        return cleaned

    # wagtail-localize segments StructBlocks, ListBlocks and StreamBlocks itself and
    # skips any other block, a typed table among them; it asks a block with these two
    # methods for its segments instead. A typed table's rows and columns have no ids,
    # so a segment is placed by position: ``caption``, ``heading.<column>`` and
    # ``cell.<row>.<column>`` (a translation made before rows or columns were moved
    # is offered again for the cells that moved). Text and rich-text cells are
    # segmented as localize segments a CharBlock or RichTextBlock; numbers and
    # percentages are data, shared by every language.

    def get_translatable_segments(self, table: TypedTable) -> list:
        segments = []
        if table.caption:
            segments.append(StringSegmentValue("caption", table.caption))
        for index, column in enumerate(table.columns):
            if column["heading"]:
                segments.append(
                    StringSegmentValue(f"heading.{index}", column["heading"])
                )
        extractor = StreamFieldSegmentExtractor(field=None)
        for row_index, row in enumerate(table.row_data):
            for index, (column, cell) in enumerate(
                zip(table.columns, row["values"], strict=True)
            ):
                if not cell_text(cell):
                    continue
                segments += [
                    segment.wrap(f"cell.{row_index}.{index}")
                    for segment in extractor.handle_block(column["block"], cell)
                ]
        return segments

    def restore_translated_segments(self, table: TypedTable, segments: list):
        by_cell: dict[tuple[int, int], list] = {}
        for segment in segments:
            kind, segment = segment.unwrap()
            if kind == "caption":
                table.caption = segment.render_text()
            elif kind == "heading":
                index, segment = segment.unwrap()
                table.columns[int(index)]["heading"] = segment.render_text()
            else:
                row, segment = segment.unwrap()
                index, segment = segment.unwrap()
                by_cell.setdefault((int(row), int(index)), []).append(segment)
        writer = StreamFieldSegmentsWriter(field=None, src_locale=None, tgt_locale=None)
        for (row, index), cell_segments in by_cell.items():
            values = table.row_data[row]["values"]
            values[index] = writer.handle_block(
                table.columns[index]["block"], values[index], cell_segments
            )
        return table

    class Meta:
        icon = "table"
        label = "Table"


def header_cell_errors(table) -> dict[int, dict[int, ValidationError]]:
    """Rows whose first cell is empty, for a table whose first column heads the rows."""
    if not table or not table.columns:
        return {}
    return {
        row: {0: ValidationError("A row heading cannot be empty.")}
        for row, data in enumerate(table.row_data)
        if not cell_text(data["values"][0])
    }


def cell_text(value) -> str:
    if value is None:
        return ""
    return str(getattr(value, "source", value)).strip()


class DataTableBlock(ReadableComparisonMixin, blocks.StructBlock):
    """A table with any number of typed columns (text, number, percentage, rich text).

    The API sends the table as data, never as HTML: each column with its heading
    and type, each row as cells typed by their column (numbers as JSON numbers).
    """

    table = DataTableGridBlock(
        help_text="Give each column a heading and a type: numbers and percentages "
        "are checked as numbers (a percentage is written without the % sign)."
    )
    header_column = blocks.BooleanBlock(
        required=False,
        help_text="Tick when the first column names each row (row headings).",
    )
    source = blocks.CharBlock(
        max_length=300,
        required=False,
        help_text='Where the figures come from, e.g. "MS International Federation, '
        'Atlas of MS, 2020". Shown under the table.',
    )

    api_schema = obj(
        {
            "caption": STRING,
            "header_column": {
                "type": "boolean",
                "description": "The first cell of each row heads that row.",
            },
            "columns": {
                "type": "array",
                "items": obj(
                    {
                        "heading": STRING,
                        "type": {
                            "type": "string",
                            "enum": list(COLUMN_TYPES),
                            "description": "How to read the column's cells: text "
                            "(string), number (number or null), percentage (number "
                            "of 100 or null, e.g. 12.5 for 12.5 %), rich_text (Html).",
                        },
                    }
                ),
            },
            "items": {
                "type": "array",
                "description": "The rows, in order.",
                "items": obj(
                    {
                        "cells": {
                            "type": "array",
                            "description": "One cell per column, typed by its column.",
                            "items": {
                                "anyOf": [
                                    STRING,
                                    {"type": "number"},
                                    ref("Html"),
                                    {"type": "null"},
                                ]
                            },
                        }
                    }
                ),
            },
            "source": STRING,
        },
        description="A table with typed columns: text, number, percentage or rich text.",
    )

    def clean(self, value):
        header_errors = (
            header_cell_errors(value.get("table")) if value.get("header_column") else {}
        )
        try:
            cleaned = super().clean(value)
        except StructBlockValidationError as error:
            if header_errors:
                error.block_errors["table"] = merged_table_errors(
                    error.block_errors.get("table"), header_errors
                )
            raise
        if header_errors:
            raise StructBlockValidationError(
                block_errors={"table": merged_table_errors(None, header_errors)}
            )
        return cleaned

    def get_api_representation(self, value, context=None):
        table = value.get("table")
        columns = table.columns if table else []
        return {
            "caption": (table.caption if table else "") or "",
            "header_column": bool(value.get("header_column")),
            "columns": [
                {"heading": column["heading"], "type": column["block"].name}
                for column in columns
            ],
            "items": [
                {
                    "cells": [
                        cell_representation(column["block"], cell, context)
                        for column, cell in zip(columns, row["values"], strict=True)
                    ]
                }
                for row in (table.row_data if table else [])
            ],
            "source": value.get("source") or "",
        }

    class Meta:
        icon = "table"
        label = "Data table"
        group = "Tables"
        description = (
            "A table with as many columns as needed, each typed: text, number, "
            "percentage or rich text; with a caption and its source."
        )
        preview_value = {
            "table": {
                "caption": "Courses of multiple sclerosis at diagnosis",
                "columns": [
                    {"type": "text", "heading": "Course"},
                    {"type": "percentage", "heading": "Share of diagnoses"},
                ],
                "rows": [
                    {"values": ["Relapsing-remitting", "85"]},
                    {"values": ["Primary progressive", "15"]},
                ],
            },
            "header_column": True,
            "source": "Illustrative figures.",
        }


def cell_representation(block: blocks.Block, value, context=None):
    if isinstance(block, blocks.CharBlock):
        return value or ""
    if isinstance(block, blocks.RichTextBlock) and value is None:
        return ""
    return block.get_api_representation(value, context=context)


def merged_table_errors(
    error: ValidationError | None, header_errors: dict
) -> TypedTableBlockValidationError:
    """The table's own errors with the empty row headings added on their cells."""
    cell_errors = {row: dict(cells) for row, cells in header_errors.items()}
    messages: list = []
    if isinstance(error, TypedTableBlockValidationError):
        for row, cells in (error.cell_errors or {}).items():
            cell_errors.setdefault(row, {}).update(cells)
        messages = list(error.non_block_errors)
    elif error is not None:
        messages = list(error.error_list)
    messages += [
        ValidationError(f"Row {row + 1}: the row heading (first cell) is empty.")
        for row in sorted(header_errors)
    ]
    return TypedTableBlockValidationError(
        cell_errors=cell_errors, non_block_errors=messages
    )


# Migrations name these blocks by their package path (see content/__init__.py).
DECONSTRUCT_ALIASES = {
    NumberCellBlock: "pages.blocks.content.NumberCellBlock",
    PercentageCellBlock: "pages.blocks.content.PercentageCellBlock",
}
