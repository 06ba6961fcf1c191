"""Grow the benchmark database to N condition pages, each a copy of the demo's
richest condition page (the ALS page). Run as a script with Django configured:

    python -m bench.generate 5000

Copies are inserted in bulk: the base ``wagtailcore_page`` rows with
``bulk_create`` (tree paths computed as treebeard would), the condition page rows
with one ``executemany``. Creating them one by one through ``add_child`` and
``publish`` costs ~0.3 s a page (revisions, reference index, search index), which
for 5,000 pages would exceed the whole benchmark's time budget. The copies carry no
revisions and are not in the search index: neither is read by the API. They are in
the reference index, as copies of the template's entries. The database's
statistics are brought up to date afterwards, as autovacuum would.
"""

import sys
import time
import uuid

import django


def richest_condition_page():
    from pages.models import ConditionPage

    pages = ConditionPage.objects.live().exclude(slug__startswith="bench-")
    if not pages.exists():
        raise SystemExit("no live condition page to copy: load the demo content first")
    return max(pages, key=lambda page: len(page.body.raw_data))


def copy_pages(template, count: int) -> int:
    from django.db import connection, transaction
    from django.db.models import F
    from django.utils import timezone

    from wagtail.models import Page, ReferenceIndex

    parent = template.get_parent()
    existing = parent.get_children().filter(slug__startswith="bench-").count()
    missing = count - existing
    if missing <= 0:
        return 0
    last_step = Page._str2int(parent.get_last_child().path[-Page.steplen :])
    base_fields = [
        field for field in Page._meta.concrete_fields if not field.primary_key
    ]
    base_template = Page.objects.get(pk=template.pk)
    child_model = type(template)
    child_fields = [
        field
        for field in child_model._meta.local_concrete_fields
        if field.attname != "page_ptr_id"
    ]
    child_values = [
        field.get_db_prep_save(getattr(template, field.attname), connection)
        for field in child_fields
    ]
    now = timezone.now()
    pages = []
    for offset in range(missing):
        number = existing + offset + 1
        page = Page(
            **{
                field.attname: getattr(base_template, field.attname)
                for field in base_fields
            }
        )
        page.path = Page._get_path(
            parent.path, parent.depth + 1, last_step + offset + 1
        )
        page.depth = parent.depth + 1
        page.numchild = 0
        page.slug = f"bench-{number}"
        page.title = page.draft_title = f"{template.title} ({number})"
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.translation_key = uuid.uuid4()
        page.latest_revision_id = page.live_revision_id = None
        page.first_published_at = page.last_published_at = now
        page.live, page.has_unpublished_changes = True, False
        page.alias_of_id = None
        # A menu lists a few pages, not thousands of conditions.
        page.show_in_menus = False
        pages.append(page)
    columns = ", ".join(
        connection.ops.quote_name(column)
        for column in ["page_ptr_id", *(field.column for field in child_fields)]
    )
    with transaction.atomic():
        Page.objects.bulk_create(pages, batch_size=500)
        table = connection.ops.quote_name(child_model._meta.db_table)
        placeholders = ", ".join(["%s"] * (len(child_fields) + 1))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608 - names from the model
                [(page.pk, *child_values) for page in pages],
            )
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + missing)
        copy_references(template, pages)
    analyze([Page, child_model, ReferenceIndex])
    return missing


def analyze(models) -> None:
    """Fresh planner statistics for the tables just grown. PostgreSQL's own
    (autovacuum) come up to a minute later: until then it plans for the handful
    of rows it last counted, and a listing ordered by path sorted all 5,000
    pages (47 ms) instead of reading the first 20 off the path index (0.2 ms);
    the load test, started at once, measured that."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def copy_references(template, pages) -> None:
    """The template's reference index entries, for each copy: a change to a doctor
    or reference the copies show reaches them all (the storm row)."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Page, ReferenceIndex

    entries = list(
        ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=str(template.pk),
        )
    )
    fields = [
        field.attname
        for field in ReferenceIndex._meta.concrete_fields
        if not field.primary_key and field.attname != "object_id"
    ]
    ReferenceIndex.objects.bulk_create(
        [
            ReferenceIndex(
                object_id=str(page.pk),
                **{name: getattr(entry, name) for name in fields},
            )
            for page in pages
            for entry in entries
        ],
        batch_size=1000,
    )


def main() -> None:
    django.setup()
    count = int(sys.argv[1])
    started = time.monotonic()
    template = richest_condition_page()
    created = copy_pages(template, count)
    print(  # noqa: T201 - read by bench.run
        f"template={template.pk} blocks={len(template.body.raw_data)} "
        f"created={created} seconds={time.monotonic() - started:.1f}"
    )


if __name__ == "__main__":
    main()
