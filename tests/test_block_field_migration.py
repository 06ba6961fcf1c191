"""pages.0003 renames block fields (docs/api.md, "Naming convention") in stored
page content and in every revision, and renames them back when reversed; pages.0005
gives old price rows their kind and old drugs their safety note.

The pages hold every block type the definitions allow, at every level; the check
is derived from the block definitions of each migration state: after migrating,
every stored struct names exactly the children its definition has, and no value
was lost or moved.
"""

import json

from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import TextField
from django.db.models.functions import Cast

from wagtail import blocks
from wagtail.models import Page, Revision

import pytest

from pages.models import ArticlePage, ConditionPage, TherapyPage
from tests.factories import (
    ArticlePageFactory,
    ConditionPageFactory,
    TherapyPageFactory,
)

OLD_NAMES = [("pages", "0002_editorial_roles")]
BEFORE_KINDS = [("pages", "0003_block_field_names")]
# Block types added by later migrations: the old state has no definition for them,
# and 0003 renames nothing in them.
LATER_BLOCKS = {"data_table"}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def every_block(model) -> dict[str, str]:
    """Factory arguments for a body with each block type once, at the top level
    and inside a section."""
    stream = model._meta.get_field("body").stream_block
    top = [name for name in stream.child_blocks if name not in LATER_BLOCKS]
    kwargs = {f"body__{index}": name for index, name in enumerate(top)}
    section = top.index("section")
    content = [
        name
        for name in stream.child_blocks["section"].child_blocks["content"].child_blocks
        if name not in LATER_BLOCKS
    ]
    kwargs.update(
        {
            f"body__{section}__section__content__{index}": name
            for index, name in enumerate(content)
        }
    )
    return kwargs


def misnamed(block, raw, path: str):
    """Where stored data and the block definition disagree on a child's name."""
    if isinstance(block, blocks.StreamBlock):
        for child in raw:
            if child["type"] not in block.child_blocks:
                yield f"{path}: unknown block {child['type']}"
                continue
            child_block = block.child_blocks[child["type"]]
            yield from misnamed(child_block, child["value"], f"{path}.{child['type']}")
    elif isinstance(block, blocks.ListBlock):
        for item in raw:
            is_item = isinstance(item, dict) and item.get("type") == "item"
            value = item["value"] if is_item else item
            yield from misnamed(block.child_block, value, f"{path}.item")
    elif isinstance(block, blocks.StructBlock):
        if set(raw) != set(block.child_blocks):
            yield f"{path}: {sorted(raw)} != {sorted(block.child_blocks)}"
        for name, child in block.child_blocks.items():
            if name in raw:
                yield from misnamed(child, raw[name], f"{path}.{name}")


def values(raw):
    """The data without the names of struct children: each struct becomes the
    sorted list of its values (PostgreSQL's jsonb keeps no key order)."""
    if isinstance(raw, dict):
        return sorted((values(item) for item in raw.values()), key=json.dumps)
    if isinstance(raw, list):
        return [values(item) for item in raw]
    return raw


def stored_bodies(pages) -> dict[str, list]:
    """The bodies as stored: in each page's table row, and in each of its revisions."""
    bodies = {}
    for page in pages:
        (body,) = (
            type(page)
            .objects.filter(pk=page.pk)
            .values_list(Cast("body", TextField()), flat=True)
        )
        bodies[f"{type(page).__name__} {page.pk}"] = json.loads(body)
    page_type = ContentType.objects.get_for_model(Page)
    for page in pages:
        revisions = Revision.objects.filter(
            base_content_type=page_type, object_id=str(page.pk)
        )
        for revision in revisions:
            key = f"{type(page).__name__} {page.pk} revision {revision.pk}"
            bodies[key] = json.loads(revision.content["body"])
    return bodies


def definitions(apps) -> dict[str, blocks.StreamBlock]:
    return {
        name: apps.get_model("pages", name)._meta.get_field("body").stream_block
        for name in ("ArticlePage", "ConditionPage", "TherapyPage")
    }


def disagreements(bodies, apps) -> list[str]:
    streams = definitions(apps)
    return [
        problem
        for key, body in bodies.items()
        for problem in misnamed(streams[key.split()[0]], body, key)
    ]


# Transactional: SQLite cannot change its schema inside the test's transaction.
# Slow: it migrates the whole project back and forth.
@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_block_fields_are_renamed_in_content_and_revisions_and_back():
    pages = [
        factory(**every_block(model))
        for factory, model in (
            (ConditionPageFactory, ConditionPage),
            (TherapyPageFactory, TherapyPage),
            (ArticlePageFactory, ArticlePage),
        )
    ]
    for page in pages:
        page.title = f"{page.title} (draft)"
        page.save_revision()  # a draft on top of the live revision
    assert (
        len(stored_bodies(pages)) == 3 * 3
    )  # the row, the live revision and the draft
    assert disagreements(stored_bodies(pages), django_apps) == []

    # 0004-0006 reversed: the content as 0003 left it, the baseline of 0003's renames.
    renamed_apps = migrate(BEFORE_KINDS)
    current = stored_bodies(pages)
    assert disagreements(current, renamed_apps) == []

    old_apps = migrate(OLD_NAMES)
    old = stored_bodies(pages)
    assert disagreements(old, old_apps) == []
    assert old != current
    assert {key: values(body) for key, body in old.items()} == {
        key: values(body) for key, body in current.items()
    }
    key = f"ConditionPage {pages[0].pk}"
    (old_faq,) = [block for block in old[key] if block["type"] == "faq"]
    (faq,) = [block for block in current[key] if block["type"] == "faq"]
    old_item, item = old_faq["value"]["items"][0], faq["value"]["items"][0]
    assert old_item["id"] == item["id"]
    assert old_item["value"] == {
        "question": item["value"]["title"],
        "answer": item["value"]["text"],
    }

    migrate(BEFORE_KINDS)
    assert stored_bodies(pages) == current
    write_old_price_rows(pages[0], renamed_apps)

    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    new_apps = migrate(leaves)
    assert disagreements(stored_bodies(pages), new_apps) == []
    assert price_kinds(pages[0]) == [
        ("from", "20000", None),  # "+" ticked: the maximum goes
        ("from", "7000", None),  # no maximum
        ("exact", "9000", None),  # one amount twice
        ("between", "7000", "31000"),
    ]
    (prices,) = price_tables(pages[0])
    assert prices["as_of"] == "2025-01-01"  # a full date: precision "day"
    assert ConditionPage.objects.get(pk=pages[0].pk).body  # reads with the new blocks
    # pages.0006 names the condition page anew (reversing it dropped the name).
    condition = ConditionPage.objects.get(pk=pages[0].pk)
    assert condition.medical_name == condition.title


OLD_ROWS = [
    {"minimum": "20000", "maximum": "50000", "open_upper_bound": True},
    {"minimum": "7000", "maximum": None, "open_upper_bound": False},
    {"minimum": "9000", "maximum": "9000", "open_upper_bound": False},
    {"minimum": "7000", "maximum": "31000", "open_upper_bound": False},
]


def price_tables(page) -> list[dict]:
    (body,) = (
        type(page)
        .objects.filter(pk=page.pk)
        .values_list(Cast("body", TextField()), flat=True)
    )
    return [
        child["value"]
        for block in json.loads(body)
        if block["type"] == "section"
        for child in block["value"]["content"]
        if child["type"] == "price_table"
    ]


def write_old_price_rows(page, apps) -> None:
    """Price rows as editors saved them before 0005, in the page's row."""
    (body,) = (
        type(page)
        .objects.filter(pk=page.pk)
        .values_list(Cast("body", TextField()), flat=True)
    )
    body = json.loads(body)
    for block in body:
        if block["type"] != "section":
            continue
        for child in block["value"]["content"]:
            if child["type"] == "price_table":
                template = child["value"]["items"][0]["value"]
                child["value"]["items"] = [
                    {"type": "item", "id": f"row-{index}", "value": {**template, **row}}
                    for index, row in enumerate(OLD_ROWS)
                ]
                child["value"]["as_of"] = "2025-01-01"
    model = apps.get_model("pages", type(page).__name__)
    model.objects.filter(pk=page.pk).update(body=body)


def price_kinds(page) -> list[tuple]:
    (prices,) = price_tables(page)
    return [
        (
            row["value"]["kind"],
            row["value"]["minimum"],
            row["value"]["maximum"],
        )
        for row in prices["items"]
    ]
