"""Rendered pages in the benchmark database, for ``bench.run``. Run with Django
configured:

    python -m bench.materialized ask      # ask for a render of every public page
    python -m bench.materialized status   # "<rendered> <waiting>"; analyses
    python -m bench.materialized paths    # the detail URL of every rendered page
    python -m bench.materialized storm    # edit the doctor the copies all show
    python -m bench.materialized pace T   # the worker's pace since T (``pace``)
"""

import datetime
import sys

import django


def main() -> None:
    django.setup()
    from django.db.models import F

    from api.materialize import materialize_all
    from api.models import RenderedField, RenderedPage
    from bench.generate import analyze

    command = sys.argv[1]
    if command == "ask":
        print(materialize_all())  # noqa: T201 - read by bench.run
    elif command == "status":
        rendered = RenderedPage.objects.filter(body__isnull=False).count()
        waiting = RenderedPage.objects.filter(rendered__lt=F("wanted")).count()
        # The worker has just written thousands of rows: the listings measured
        # next are planned with their statistics, not autovacuum's of later.
        analyze([RenderedPage, RenderedField])
        print(rendered, waiting)  # noqa: T201
    elif command == "paths":
        for page_id in RenderedPage.objects.filter(body__isnull=False).values_list(
            "page_id", flat=True
        ):
            print(f"/api/v2/pages/{page_id}/")  # noqa: T201
    elif command == "pace":
        print(*pace(datetime.datetime.fromisoformat(sys.argv[2])))  # noqa: T201
    elif command == "storm":
        print(storm())  # noqa: T201
    else:
        raise SystemExit(f"unknown command: {command}")


def pace(since: datetime.datetime) -> tuple[int, float, int, float]:
    """The worker's pace once it is running, over the renders since ``since``:
    the pages written after its first batch and the seconds from that batch's
    last page to the last page written; then every page and the seconds from
    the start of its first render task, first batch included.

    A worker runs for weeks: its start (imports, connections) and its first
    batch's first-use work (URL patterns, serializer classes, the content
    types and sites Wagtail caches, the first rendition files opened) are paid
    once per deploy, and at 100 pages the first batch is half the run. Batches
    are written in page order, one after the other, so the first
    ``BATCH_SIZE`` pages by ``rendered_at`` are the first batch."""
    from django_tasks_db.models import DBTaskResult

    from api.materialize import BATCH_SIZE, render_pages
    from api.models import RenderedPage

    written = list(
        RenderedPage.objects.filter(rendered_at__gte=since)
        .order_by("rendered_at")
        .values_list("rendered_at", flat=True)
    )
    started = (
        DBTaskResult.objects.filter(
            task_path=render_pages.module_path, started_at__gte=since
        )
        .order_by("started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    if len(written) <= BATCH_SIZE or started is None:
        raise SystemExit(f"{len(written)} pages rendered: not enough for a pace")
    running = (written[-1] - written[BATCH_SIZE - 1]).total_seconds()
    whole = (written[-1] - started).total_seconds()
    return len(written) - BATCH_SIZE, running, len(written), whole


def storm() -> int:
    """Publish a new revision of the doctor the benchmark's pages show most; the
    number of pages asked to render again."""
    from api.models import RenderedPage
    from snippets.models import Doctor
    from snippets.usage import referencing_page_ids

    doctors = Doctor.objects.filter(live=True)
    doctor = max(doctors, key=lambda each: len(referencing_page_ids([each])))
    before = dict(RenderedPage.objects.values_list("page_id", "wanted"))
    doctor.name = doctor.name.removesuffix(" (storm)") + " (storm)"
    doctor.save_revision().publish()
    after = RenderedPage.objects.values_list("page_id", "wanted")
    return sum(1 for page_id, wanted in after if wanted != before.get(page_id))


if __name__ == "__main__":
    main()
