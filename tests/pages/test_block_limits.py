"""Every block of every stream enforces the limits it declares.

Wagtail reads a block's options from two places, and each option from only one of
them: ``CharBlock(max_length=...)`` becomes a form-field argument, while
``max_length`` written in ``Meta`` is stored and never read. The blocks are
collected from the StreamFields of every model, recursively, so a new block is
checked without being listed here.
"""

from django.core.exceptions import ValidationError

from wagtail import blocks

import pytest

from tests.block_tree import all_blocks

# Read by Wagtail with getattr() although no Wagtail Meta class declares them.
READ_WITHOUT_DEFAULT = {
    "default",
    "description",
    "help_text",
    "preview_template",
    "preview_value",
}


BLOCKS = all_blocks()


def wagtail_meta_options(block) -> set[str]:
    """The options some Wagtail class in the block's hierarchy declares in its Meta."""
    names = set(READ_WITHOUT_DEFAULT)
    for cls in type(block).__mro__:
        if cls.__module__.startswith("wagtail.") and "_meta_class" in cls.__dict__:
            for meta in cls._meta_class.__mro__:
                names.update(name for name in vars(meta) if not name.startswith("_"))
    return names


def declared_meta_options(block) -> dict:
    """What our classes declare in Meta and what the caller passed into meta."""
    declared = dict(vars(block.meta))
    for cls in type(block).__mro__:
        if cls.__module__.startswith("wagtail.") or "_meta_class" not in cls.__dict__:
            continue
        parents = {getattr(base, "_meta_class", None) for base in cls.__bases__}
        for meta in cls._meta_class.__bases__:
            if meta not in parents:
                declared.update(
                    (name, value)
                    for name, value in vars(meta).items()
                    if not name.startswith("_")
                )
    return declared


def test_the_walk_reaches_the_nested_blocks():
    paths = dict(BLOCKS)
    assert "ConditionPage.body.section.content.subheading" in paths
    assert any(path.startswith("Testimonial.outcomes.") for path in paths)
    assert len(BLOCKS) > 100


@pytest.mark.parametrize(("path", "block"), BLOCKS, ids=[path for path, _ in BLOCKS])
def test_every_option_is_one_wagtail_reads(path, block):
    unread = set(declared_meta_options(block)) - wagtail_meta_options(block)
    assert not unread, (
        f"{path} ({type(block).__name__}) sets options Wagtail ignores: {unread}"
    )


@pytest.mark.parametrize(("path", "block"), BLOCKS, ids=[path for path, _ in BLOCKS])
def test_effective_limits_match_the_declared_ones(path, block):
    declared = {**declared_meta_options(block), **block._constructor_args[1]}
    if isinstance(block, blocks.FieldBlock):
        field = block.field
        for option in ("max_length", "min_length"):
            if option in declared:
                assert getattr(field, option) == declared[option], f"{path}: {option}"
        if "required" in declared:
            assert field.required == declared["required"], path
        if getattr(field, "max_length", None) and isinstance(
            block, blocks.CharBlock | blocks.TextBlock
        ):
            with pytest.raises(ValidationError):
                block.clean("x" * (field.max_length + 1))
            block.clean("x" * field.max_length)
    if isinstance(block, blocks.ListBlock | blocks.StreamBlock):
        for option in ("min_num", "max_num"):
            if option in declared:
                assert getattr(block.meta, option) == declared[option], (
                    f"{path}: {option}"
                )
        if isinstance(block, blocks.ListBlock) and declared.get("required"):
            # A ListBlock has no "required": only min_num makes a list non-empty.
            assert block.meta.min_num, f"{path} is declared required but accepts []"


def test_a_subheading_is_limited_to_150_characters():
    subheading = dict(BLOCKS)["ConditionPage.body.section.content.subheading"]
    with pytest.raises(ValidationError):
        subheading.clean("x" * 500)
    assert subheading.clean("x" * 150) == "x" * 150
