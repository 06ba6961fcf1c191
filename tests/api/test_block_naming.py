"""Every block's JSON follows the naming convention of docs/api.md.

The blocks are collected from the StreamFields of every model and their JSON is
read from the schema the API documents for them (derived from the definitions, or
the block's own ``api_schema``), so a new block, or a new field, is checked without
being listed here.
"""

import re
from typing import Any

from wagtail import blocks

import pytest

from api.schema import BlockSchemas, add_components
from tests.block_tree import all_blocks

SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
PLAIN_TEXT_NAMES = ("heading", "title", "caption", "label")


def struct_blocks() -> list[tuple[str, blocks.StructBlock]]:
    """One ``(path, block)`` per struct block class, at its first path."""
    found: dict[type, tuple[str, blocks.StructBlock]] = {}
    for path, block in all_blocks():
        if isinstance(block, blocks.StructBlock):
            found.setdefault(type(block), (path, block))
    return sorted(found.values(), key=lambda entry: entry[0])


STRUCTS = struct_blocks()
COMPONENTS: dict[str, Any] = {}
add_components(COMPONENTS)  # the shared ones (Image, PageLink, …) that blocks name


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return resolve(COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]])
    return schema


def members(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The non-null alternatives of a schema (``nullable`` wraps one in ``anyOf``)."""
    schema = resolve(schema)
    alternatives = schema.get("anyOf", [schema])
    return [resolve(member) for member in alternatives if member != {"type": "null"}]


def is_html(schema) -> bool:
    return any(m.get("contentMediaType") == "text/html" for m in members(schema))


def is_array(schema) -> bool:
    return any(m.get("type") == "array" for m in members(schema))


def is_plain_string(schema) -> bool:
    return all(
        m.get("type") == "string" and "contentMediaType" not in m
        for m in members(schema)
    )


def json_properties(block: blocks.StructBlock) -> dict[str, Any]:
    """The properties of the block's JSON, as the API documents them."""
    schema = resolve(BlockSchemas(COMPONENTS).schema(block))
    return schema.get("properties", {})


def violations(path: str, block: blocks.StructBlock) -> list[str]:
    properties = json_properties(block)
    found = []
    for name, schema in properties.items():
        if not SNAKE_CASE.match(name):
            found.append(f"{name}: not snake_case")
        if is_html(schema) != (name == "text"):
            found.append(f"{name}: HTML is named text, and text is HTML")
        if any(m.get("format") == "uri" for m in members(schema)) and not (
            name == "url" or name.endswith("_url")
        ):
            found.append(f"{name}: an address is url or <thing>_url")
        plain_by_name = name in PLAIN_TEXT_NAMES or name.endswith(
            ("_heading", "_label")
        )
        if plain_by_name and not is_plain_string(schema):
            found.append(f"{name}: headings, titles, captions, labels are plain")
    for name, child in block.child_blocks.items():
        if isinstance(child, blocks.URLBlock) and not (
            name == "url" or name.endswith("_url")
        ):
            found.append(f"{name}: an address is url or <thing>_url")
    streams = {
        name
        for name, child in block.child_blocks.items()
        if isinstance(child, blocks.StreamBlock)
    }
    found += [
        f"{name}: a stream of blocks is content" for name in streams - {"content"}
    ]
    lists = [
        name
        for name, schema in properties.items()
        if is_array(schema) and name not in streams
    ]
    if lists and "items" not in lists:
        found.append(f"{lists}: the list a block holds is items")
    for name in lists:
        if name != "items" and not name.endswith("s"):
            found.append(f"{name}: another list is a plural noun")
    if path.endswith(".item") and "text" in properties:
        title = block.child_blocks.get("title")
        if not isinstance(title, blocks.CharBlock) or not title.required:
            found.append("a list item with a text names its one-line lead title")
    return found


def test_every_struct_block_is_checked():
    names = {type(block).__name__ for _path, block in STRUCTS}
    assert {"FAQItemBlock", "DrugListBlock", "PriceRowBlock", "SocialLinkBlock"} <= (
        names
    )


@pytest.mark.parametrize(
    ("path", "block"),
    STRUCTS,
    ids=[type(block).__name__ for _path, block in STRUCTS],
)
def test_block_fields_follow_the_naming_convention(path, block):
    assert violations(path, block) == [], f"{type(block).__name__} at {path}"


class OldDrugBlock(blocks.StructBlock):
    name = blocks.CharBlock()
    description = blocks.RichTextBlock()


class OldDrugListBlock(blocks.StructBlock):
    drugs = blocks.ListBlock(OldDrugBlock())
    link = blocks.URLBlock()


def test_the_rules_catch_the_names_they_replace():
    """The names the convention replaced would fail: a list that is not items, HTML
    that is not text, an item without a title, an address not named url."""
    assert violations("Page.body.drug_list", OldDrugListBlock()) == [
        "link: an address is url or <thing>_url",
        "['drugs']: the list a block holds is items",
    ]
    assert violations("Page.body.drug_list.drugs.item", OldDrugBlock()) == [
        "description: HTML is named text, and text is HTML"
    ]
