"""Rendered pages in the benchmark database, for ``bench.run``. Run with Django
configured:

    python -m bench.materialized ask      # ask for a render of every public page
    python -m bench.materialized status   # "<rendered> <waiting>"; analyses
    python -m bench.materialized paths    # the detail URL of every rendered page
    python -m bench.materialized storm    # edit the doctor the copies all show
    python -m bench.materialized pace T   # "<pages> <seconds>": rendered since T
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


def pace(since: datetime.datetime) -> tuple[int, float]:
    """Pages rendered since ``since``, and the seconds from the start of the
    first render task run since then to the last page written: the worker's
    pace once it is running. A worker runs for weeks; its start (imports,
    connections) is paid once per deploy."""
    from django.db.models import Count, Max

    from django_tasks_db.models import DBTaskResult

    from api.materialize import render_pages
    from api.models import RenderedPage

    found = RenderedPage.objects.filter(rendered_at__gte=since).aggregate(
        pages=Count("pk"), last=Max("rendered_at")
    )
    started = (
        DBTaskResult.objects.filter(
            task_path=render_pages.module_path, started_at__gte=since
        )
        .order_by("started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    if not found["pages"] or started is None:
        return 0, 0.0
    return found["pages"], (found["last"] - started).total_seconds()


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
