"""pages.0003 renames block fields (docs/api.md, "Naming convention") in stored
page content and in every revision, and renames them back when reversed.

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
    current = stored_bodies(pages)
    assert len(current) == 3 * 3  # the row, the live revision and the draft
    assert disagreements(current, django_apps) == []

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

    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    new_apps = migrate(leaves)
    assert disagreements(stored_bodies(pages), new_apps) == []
    assert stored_bodies(pages) == current
    # pages.0004 names the condition page anew (reversing it dropped the name).
    condition = ConditionPage.objects.get(pk=pages[0].pk)
    assert condition.medical_name == condition.title
