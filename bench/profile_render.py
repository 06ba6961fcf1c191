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
    call_command("load_demo_content", image_scale=0.05, stdout=io.StringIO())
    template = ConditionPage.objects.live().get(url_path__endswith=ALS_PATH)
    live = ConditionPage.objects.live().count()
    copy_pages(template, max(0, CONDITION_PAGES - live))
    marker.write_text("")
    log(f"content ready in {time.monotonic() - started:.0f} s")


def als_detail_url() -> str:
    from pages.models import ConditionPage

    page = ConditionPage.objects.live().get(url_path__endswith=ALS_PATH)
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
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        get(client, url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats(sort).print_stats(top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=50, help="timed requests each")
    parser.add_argument("--top", type=int, default=25, help="profile lines shown")
    parser.add_argument(
        "--sort", default="tottime", help="profile order (tottime, cumulative)"
    )
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--dump", type=Path, help="write each response's bytes here")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "clinic-profile-render",
    )
    args = parser.parse_args()

    configure(args.workdir)
    prepare_content(args.workdir)
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
