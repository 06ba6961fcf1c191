"""The page editor's form data for a page as it is stored: what the editor's
JavaScript sends back when an editor opens the page and saves it untouched.

Streams keep their block ids and list items theirs, rich text goes through the
editor widget (Draftail's contentstate), and the other fields are the edit form's
initial values in the form their widgets post.
"""

import datetime
import decimal
from typing import Any

from django import forms
from django.db import models

from wagtail import blocks
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.contrib.typed_table_block.blocks import BaseTypedTableBlock
from wagtail.test.utils.form_data import nested_form_data


def block_form_data(block: blocks.Block, value) -> Any:
    """What the editor posts for ``value`` of ``block`` (nested, before flattening)."""
    if isinstance(block, blocks.StreamBlock):
        return sequence_data(
            [(child.block_type, child.block, child.value, child.id) for child in value]
        )
    if isinstance(block, blocks.ListBlock):
        return sequence_data(
            [
                (None, block.child_block, child.value, child.id)
                for child in value.bound_blocks
            ]
        )
    if isinstance(block, blocks.StructBlock):
        return {
            name: block_form_data(child, value.get(name))
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, BaseTypedTableBlock):
        return typed_table_form_data(
            value.caption,
            [(column["block"].name, column["heading"]) for column in value.columns],
            [
                [
                    block_form_data(column["block"], cell)
                    for column, cell in zip(value.columns, row["values"], strict=True)
                ]
                for row in value.row_data
            ],
        )
    if isinstance(block, blocks.RichTextBlock):
        return block.field.widget.format_value(block.value_for_form(value))
    if isinstance(block, blocks.ChooserBlock):
        return "" if value is None else str(getattr(value, "pk", value))
    if isinstance(block, blocks.BooleanBlock):
        return "on" if value else ""
    return scalar(block.value_for_form(value))


def typed_table_form_data(
    caption: str, columns: list[tuple[str, str]], rows: list[list]
) -> dict[str, Any]:
    """What a typed table's JavaScript posts: ``columns`` are ``(type, heading)``,
    each row one form value per column."""
    table: dict[str, Any] = {
        "caption": caption,
        "column-count": str(len(columns)),
        "row-count": str(len(rows)),
    }
    for index, (column_type, heading) in enumerate(columns):
        table.update(
            {
                f"column-{index}-type": column_type,
                f"column-{index}-order": str(index),
                f"column-{index}-heading": heading,
                f"column-{index}-deleted": "",
            }
        )
    for row_index, values in enumerate(rows):
        table[f"row-{row_index}-order"] = str(row_index)
        table[f"row-{row_index}-deleted"] = ""
        for column_index, value in enumerate(values):
            table[f"cell-{row_index}-{column_index}"] = value
    return table


def sequence_data(children: list[tuple]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for index, (block_type, block, value, block_id) in enumerate(children):
        item = {
            "value": block_form_data(block, value),
            "deleted": "",
            "order": str(index),
            "id": block_id or "",
        }
        if block_type is not None:
            item["type"] = block_type
        data[str(index)] = item
    data["count"] = str(len(children))
    return data


def scalar(value) -> Any:
    if value is None:
        return ""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, int, float)):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    return value


def field_form_data(form, name: str) -> Any:
    field = form.fields[name]
    value = form[name].value()
    if isinstance(field, blocks.BlockField):
        return block_form_data(field.block, form.initial.get(name))
    if isinstance(field.widget, forms.CheckboxInput):
        return "on" if value else ""
    if isinstance(field.widget, DraftailRichTextArea):
        return field.widget.format_value(value)
    if isinstance(value, (list, tuple)):
        return [scalar(item) for item in value]
    return scalar(value)


def editor_form_data(page, user) -> dict[str, Any]:
    """The edit form of ``page`` as ``user`` would post it without a change."""
    page = page.specific
    edit_handler = page.get_edit_handler()
    form_class = edit_handler.get_form_class()
    form = form_class(instance=page, for_user=user, parent_page=page.get_parent())
    data: dict[str, Any] = {}
    multiple: dict[str, list] = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = field_form_data(form, name)
        if isinstance(value, list):
            multiple[name] = value
        else:
            data[name] = value
    for prefix, formset in form.formsets.items():
        data[prefix] = {
            "TOTAL_FORMS": str(len(formset.forms)),
            "INITIAL_FORMS": str(formset.initial_form_count()),
            "MIN_NUM_FORMS": "0",
            "MAX_NUM_FORMS": "1000",
        }
        for index, child in enumerate(formset.forms):
            data[prefix][str(index)] = {
                name: field_form_data(child, name) for name in child.fields
            }
    return {**nested_form_data(data), **multiple}
