"""Stream values rebuilt from raw data by the API's preloading
(``pages.representations.preload.block_value``) are Wagtail's own values."""

from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import get_page_models

import pytest

from pages.representations.preload import Preloaded, choice_value

UNKNOWN = "not-a-choice"


def choice_blocks(block: blocks.Block):
    if type(block).to_python is blocks.ChoiceBlock.to_python:
        yield block
    children = getattr(block, "child_blocks", None) or {}
    for child in children.values():
        yield from choice_blocks(child)
    if isinstance(block, blocks.ListBlock):
        yield from choice_blocks(block.child_block)


def every_choice_block():
    found = {}
    for model in get_page_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, StreamField):
                for block in choice_blocks(model_field.stream_block):
                    found[id(block)] = block
    return list(found.values())


def raw_values(block: blocks.ChoiceBlock) -> list:
    values = [None, UNKNOWN, ""]
    for key, label in block.field.choices:
        if isinstance(label, list | tuple):
            values += [subkey for subkey, _label in label]
        else:
            values.append(key)
    return values + [str(value) for value in values if value is not None]


def test_the_page_models_have_choice_blocks():
    assert len(every_choice_block()) >= 3


@pytest.mark.parametrize(
    "block",
    [
        *every_choice_block(),
        blocks.ChoiceBlock(choices=[(1, "One"), (2, "Two")]),
        blocks.ChoiceBlock(choices=lambda: [("a", "A"), ("b", "B")], required=False),
        blocks.ChoiceBlock(
            choices=[("Group", [("x", "X"), ("y", "Y")]), ("z", "Z"), ("x", "Again")]
        ),
    ],
    ids=lambda block: getattr(block, "name", "") or repr(block.field.choices)[:40],
)
def test_a_choice_is_read_as_wagtail_reads_it(block):
    loaded = Preloaded()
    for raw in raw_values(block):
        assert choice_value(block, raw, loaded) == block.to_python(raw), raw
        assert type(choice_value(block, raw, loaded)) is type(block.to_python(raw))


def test_each_block_keeps_its_own_choices():
    loaded = Preloaded()
    texts = blocks.ChoiceBlock(choices=[("1", "One")])
    numbers = blocks.ChoiceBlock(choices=[(1, "One")])
    assert choice_value(texts, 1, loaded) == "1"
    assert choice_value(numbers, "1", loaded) == 1
