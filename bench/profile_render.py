"""Where an uncached render spends its time: the demo ALS page's detail and the
20-item condition listing of ``make bench``, served in-process by the Django test
client with the response cache off, timed and profiled.

    .venv/bin/python -m bench.profile_render [--repeat 50] [--top 25] [--dump DIR]

The first run migrates a scratch SQLite database under ``--workdir`` (default
``/tmp/clinic-profile-render``), loads the demo content into it and copies the ALS
page up to 20 condition pages (``bench.generate``); later runs reuse it, so the
rendition files (and so the bytes of every response) stay the same from run to run.
With ``DATABASE_URL`` set, that database is used instead (it is migrated and loaded
the same way: give it a throwaway one).

``--worker`` times the background worker's ``render_pages`` over 50 copies of the
ALS page instead (``--unchanged``: renders whose bytes are stored already), and
``--early`` a rendered detail answered before the view (a hit and a 304), through
Django's WSGI handler; both are meant for PostgreSQL (docs/benchmarks.md).

``--dump DIR`` writes each response's bytes to ``DIR``; two dumps of the same
database compare byte for byte (``cmp``), which shows that a change to the render
left its output as it was.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

LISTING_FIELDS = "summary,hero_image,medical_review,related_pages"
LISTING = f"/api/v2/pages/?type=pages.ConditionPage&fields={LISTING_FIELDS}&limit=20"
ALS_PATH = "/conditions/als/"
CONDITION_PAGES = 20
WORKER_PAGES = 50  # copies of the ALS page the worker renders (--worker)


def log(message: str) -> None:
    print(message, flush=True)  # noqa: T201 - a command-line tool


def configure(workdir: Path) -> None:
    """Test settings on the scratch database, media files beside it."""
    workdir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'db.sqlite3'}")
    import django
    from django.conf import settings

    django.setup()
    settings.MEDIA_ROOT = workdir / "media"
    settings.API_RESPONSE_CACHE = False
    settings.WAGTAILAPI_RICH_TEXT_FORMAT = "html"


def prepare_content(workdir: Path) -> None:
    """Migrate, load the demo and copy the ALS page, once per database."""
    from django.core.management import call_command

    from bench.generate import copy_pages
    from pages.models import ConditionPage

    marker = workdir / "loaded"
    if marker.exists() and "sqlite" in os.environ["DATABASE_URL"]:
        return
    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    if not ConditionPage.objects.live().filter(url_path__endswith=ALS_PATH).exists():
        call_command("load_demo_content", image_scale=0.05, stdout=io.StringIO())
    template = ConditionPage.objects.live().get(
        url_path__endswith=ALS_PATH, locale__language_code="en"
    )
    live = ConditionPage.objects.live().exclude(slug__startswith="bench-").count()
    copy_pages(template, max(0, CONDITION_PAGES - live, WORKER_PAGES))
    marker.write_text("")
    log(f"content ready in {time.monotonic() - started:.0f} s")


def als_detail_url() -> str:
    from pages.models import ConditionPage

    page = ConditionPage.objects.live().get(
        url_path__endswith=ALS_PATH, locale__language_code="en"
    )
    return f"/api/v2/pages/{page.pk}/"


def get(client, url: str, headers: dict | None = None) -> bytes:
    response = client.get(url, headers=headers or {})
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return response.content


class SerializeTimer:
    """Times (CPU) ``PagesAPIViewSet.serialize`` inside each request: preloading
    and serialising the pages, what a renderer outside a request would also do."""

    def __init__(self) -> None:
        from api.views.pages import PagesAPIViewSet

        self.durations: list[float] = []
        original = PagesAPIViewSet.serialize

        def serialize(view, *args, **kwargs):
            started = time.process_time()
            try:
                return original(view, *args, **kwargs)
            finally:
                self.durations.append((time.process_time() - started) * 1000)

        PagesAPIViewSet.serialize = serialize  # type: ignore[method-assign]


def time_renders(
    client, url: str, repeat: int, timer: SerializeTimer
) -> tuple[float, float, float]:
    """Median wall and CPU milliseconds per request, and CPU milliseconds in
    ``serialize``, over ``repeat`` requests. On a busy machine the CPU figures are
    the ones to compare."""
    wall, cpu = [], []
    timer.durations.clear()
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        get(client, url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return (
        statistics.median(wall),
        statistics.median(cpu),
        statistics.median(timer.durations),
    )


def profile(client, url: str, repeat: int, top: int, sort: str) -> str:
    profiler = cProfile.Profile(time.process_time)  # CPU, as timed
    profiler.enable()
    for _ in range(repeat):
        get(client, url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats(sort).print_stats(top)
    return out.getvalue()


def worker_page_ids() -> list[int]:
    from pages.models import ConditionPage

    return list(
        ConditionPage.objects.live()
        .filter(slug__startswith="bench-")
        .order_by("pk")
        .values_list("pk", flat=True)[:WORKER_PAGES]
    )


def ask_renders(ids: list[int], changed: bool) -> None:
    """What a change to content does: ask for renders of ``ids``. With
    ``changed``, the stored hashes are forgotten, so that every render counts
    as a change (fields stored, feed event written), as in a storm."""
    from django.db import transaction

    from api.materialize import request_renders
    from api.models import RenderedPage
    from api.tags import page_tag

    with transaction.atomic():
        request_renders({page_tag(pk) for pk in ids})
        if changed:
            RenderedPage.objects.filter(page_id__in=ids).update(content_hash="")


def render_waiting(expected: int | None) -> None:
    from api.materialize import render_pages

    result = render_pages.call()
    if expected is not None and result["rendered"] != expected:
        raise SystemExit(f"rendered {result}, expected {expected}")


def time_worker(runs: int, changed: bool, profile_top: int, sort: str) -> None:
    """CPU milliseconds per page of ``render_pages`` over the ALS copies."""
    ids = worker_page_ids()
    ask_renders(ids, changed=True)
    render_waiting(None)  # anything waiting; renditions, imports, first-use caches
    per_page, wall_per_page = [], []
    for _ in range(runs):
        ask_renders(ids, changed)
        started, started_wall = time.process_time(), time.perf_counter()
        render_waiting(len(ids))
        per_page.append((time.process_time() - started) * 1000 / len(ids))
        wall_per_page.append((time.perf_counter() - started_wall) * 1000 / len(ids))
    kind = "changed" if changed else "unchanged"
    log(
        f"worker   CPU {statistics.median(per_page):6.2f} ms/page, wall "
        f"{statistics.median(wall_per_page):6.2f}, {kind} bodies (median of {runs} "
        f"runs of {len(ids)} pages; CPU "
        f"{', '.join(f'{value:.1f}' for value in per_page)})"
    )
    if profile_top:
        ask_renders(ids, changed)
        profiler = cProfile.Profile(time.process_time)  # CPU, as timed above
        profiler.enable()
        render_waiting(len(ids))
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(sort).print_stats(profile_top)
        log(f"\n=== worker: cProfile of {len(ids)} {kind} renders, by {sort}")
        log(out.getvalue())


def wsgi_caller():
    """``call(path, **environ)``: a GET through Django's WSGI handler, as gunicorn
    makes it (the test client's own bookkeeping would cost more than an early
    answer); the response's status line."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import RequestFactory

    handler = WSGIHandler()
    factory = RequestFactory()
    statuses: list[str] = []

    def start_response(status, headers):
        statuses.append(status)

    def call(path: str, **environ: str) -> str:
        statuses.clear()
        result = handler(
            factory._base_environ(PATH_INFO=path, REQUEST_METHOD="GET", **environ),
            start_response,
        )
        b"".join(result)
        result.close()
        return statuses[0]

    return call


def wait_for_listener() -> str:
    """Where this process listens for changes (PostgreSQL, ``api.listening``),
    wait until it is heard from: from then on the timed reads ask the database
    nothing that it keeps (rendered rows, ``cms.configuration``)."""
    from api.listening import rendered_changes

    deadline = time.monotonic() + 5
    while rendered_changes._pid and not rendered_changes.trusted():
        if time.monotonic() > deadline:
            raise SystemExit("the change listener did not start")
        time.sleep(0.05)
    return "yes" if rendered_changes.trusted() else "no"


def time_early(repeat: int, runs: int, profile_top: int, sort: str) -> None:
    """CPU microseconds per request of a rendered detail answered early (a hit
    and a 304), through the whole middleware stack of Django's WSGI handler, as
    gunicorn calls it (the test client's own bookkeeping would cost more than
    the answer)."""
    from django.conf import settings
    from django.test import Client

    from api.bodies import local_bodies

    # As deployed (the test settings leave it off): API_CHANGE_LISTENER=false
    # times the read that asks the database every time.
    settings.API_CHANGE_LISTENER = os.environ.get("API_CHANGE_LISTENER") != "false"
    ids = worker_page_ids()[:1]
    ask_renders(ids, changed=True)
    render_waiting(None)
    url = f"/api/v2/pages/{ids[0]}/"
    client = Client()
    first = client.get(url, headers={"Accept-Encoding": "br"})
    if first["X-API-Cache"] != "hit":
        raise SystemExit(f"{url} was not answered from its rendered row")
    listening = wait_for_listener()
    cases = {
        "hit": {"HTTP_ACCEPT_ENCODING": "br"},
        "304": {"HTTP_ACCEPT_ENCODING": "br", "HTTP_IF_NONE_MATCH": first["ETag"]},
    }
    expected = {"hit": "200 OK", "304": "304 Not Modified"}
    call = wsgi_caller()

    for name, headers in cases.items():
        medians = []
        for _ in range(runs):
            durations = []
            for _ in range(repeat):
                started = time.process_time()
                status = call(url, **headers)
                durations.append((time.process_time() - started) * 1e6)
                if status != expected[name]:
                    raise SystemExit(f"{name}: {status}")
            medians.append(statistics.median(durations))
        log(
            f"early {name:<4} CPU {statistics.median(medians):6.0f} us/request "
            f"(median of {runs} runs of {repeat}; local bodies: "
            f"{local_bodies.size}; listening: {listening})"
        )
        if profile_top:
            profiler = cProfile.Profile(time.process_time)  # CPU, as timed
            profiler.enable()
            for _ in range(repeat):
                call(url, **headers)
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).sort_stats(sort)
            stats.print_stats(profile_top)
            log(f"\n=== early {name}: cProfile of {repeat} requests, by {sort}")
            log(out.getvalue())


def time_versus_stock(repeat: int, runs: int, profile_top: int, sort: str) -> None:
    """CPU milliseconds per request of the ALS detail rendered by our pages
    endpoint (no response cache, no rendered row) and by stock Wagtail API v2
    (``bench.stock``), through Django's WSGI handler as gunicorn calls it,
    alternated run by run so that both see the same machine: the in-process
    form of ``make bench``'s "uncached detail / stock" row. Meant for
    PostgreSQL with ``DJANGO_SETTINGS_MODULE=bench.settings``."""
    from django.conf import settings

    if settings.ROOT_URLCONF != "bench.urls":
        raise SystemExit("--stock needs DJANGO_SETTINGS_MODULE=bench.settings")
    settings.API_RENDERED_PAGES = False
    detail = als_detail_url()
    urls = {"ours": detail, "stock": detail.replace("/api/v2/", "/bench/stock/")}
    call = wsgi_caller()

    def serve(url: str) -> None:
        status = call(url)
        if status != "200 OK":
            raise SystemExit(f"{url} answered {status}")

    for url in urls.values():  # renditions, imports, first-use caches
        for _ in range(5):
            serve(url)
    listening = wait_for_listener()
    medians: dict[str, list[float]] = {name: [] for name in urls}
    for _ in range(runs):
        for name, url in urls.items():
            durations = []
            for _ in range(repeat):
                started = time.process_time()
                serve(url)
                durations.append((time.process_time() - started) * 1000)
            medians[name].append(statistics.median(durations))
    ours, stock = (statistics.median(medians[name]) for name in urls)
    for name, url in urls.items():
        runs_text = ", ".join(f"{value:.2f}" for value in medians[name])
        log(
            f"{name:<6} CPU {statistics.median(medians[name]):6.2f} ms ({runs_text})  {url}"
        )
    log(
        f"stock / ours (the bench row's ratio of requests/s): {stock / ours:.3f} "
        f"(listening: {listening})"
    )
    if profile_top:
        for name, url in urls.items():
            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
            for _ in range(repeat):
                serve(url)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(sort).print_stats(profile_top)
            log(f"\n=== {name}: cProfile of {repeat} requests, by {sort}")
            log(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=50, help="timed requests each")
    parser.add_argument("--top", type=int, default=25, help="profile lines shown")
    parser.add_argument(
        "--sort", default="tottime", help="profile order (tottime, cumulative)"
    )
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument(
        "--worker",
        action="store_true",
        help=f"time render_pages over {WORKER_PAGES} copies of the ALS page instead",
    )
    parser.add_argument(
        "--unchanged",
        action="store_true",
        help="with --worker: renders whose bytes are the ones stored already",
    )
    parser.add_argument(
        "--early",
        action="store_true",
        help="time a rendered detail answered early (a hit and a 304) instead",
    )
    parser.add_argument(
        "--stock",
        action="store_true",
        help="time the uncached detail against stock Wagtail's, alternated",
    )
    parser.add_argument(
        "--runs", type=int, default=5, help="--worker/--early/--stock runs"
    )
    parser.add_argument("--dump", type=Path, help="write each response's bytes here")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "clinic-profile-render",
    )
    args = parser.parse_args()

    configure(args.workdir)
    prepare_content(args.workdir)
    top = 0 if args.no_profile else args.top
    if args.worker:
        return time_worker(args.runs, not args.unchanged, top, args.sort)
    if args.early:
        return time_early(args.repeat, args.runs, top, args.sort)
    if args.stock:
        return time_versus_stock(args.repeat, args.runs, top, args.sort)
    from django.conf import settings

    settings.API_RENDERED_PAGES = False  # every request renders
    from django.test import Client

    client = Client()
    urls = {"detail": als_detail_url(), "listing": LISTING}
    for url in urls.values():  # renditions, imports, first-use caches
        for _ in range(3):
            get(client, url)
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
        variants = {
            "find": f"/api/v2/pages/find/?html_path={ALS_PATH}",
            "detail_indent": urls["detail"],
        }
        for name, url in {**urls, **variants}.items():
            headers = (
                {"Accept": "application/json; indent=4"} if "indent" in name else {}
            )
            (args.dump / f"{name}.json").write_bytes(get(client, url, headers))
        log(f"responses written to {args.dump}")
    timer = SerializeTimer()
    for name, url in urls.items():
        wall, cpu, serialize = time_renders(client, url, args.repeat, timer)
        log(
            f"{name:<8} CPU {cpu:6.2f} ms/request, of which serialize "
            f"{serialize:6.2f} ms (wall {wall:6.2f} ms)  {url}"
        )
    if not args.no_profile:
        for name, url in urls.items():
            log(f"\n=== {name}: cProfile of {args.repeat} renders, by {args.sort}")
            log(profile(client, url, args.repeat, args.top, args.sort))


if __name__ == "__main__":
    sys.exit(main())
