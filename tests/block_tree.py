"""Every block of every StreamField, collected from the models.

Tests that hold a rule over all blocks walk this tree instead of listing blocks,
so a new block, or a block reached through a new field, is checked without being
named anywhere.
"""

from collections.abc import Iterator

from django.apps import apps

from wagtail import blocks
from wagtail.fields import StreamField


def walk(block: blocks.Block, path: str) -> Iterator[tuple[str, blocks.Block]]:
    yield path, block
    if isinstance(block, blocks.ListBlock):
        yield from walk(block.child_block, f"{path}.item")
    for name, child in getattr(block, "child_blocks", {}).items():
        yield from walk(child, f"{path}.{name}")


def all_blocks() -> list[tuple[str, blocks.Block]]:
    """``(path, block)`` for every block of every StreamField, e.g.
    ``("ConditionPage.body.section.content.subheading", <HeadingBlock>)``."""
    found: dict[str, blocks.Block] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                path = f"{model.__name__}.{field.name}"
                for block_path, block in walk(field.stream_block, path):
                    found.setdefault(block_path, block)
    return sorted(found.items())
