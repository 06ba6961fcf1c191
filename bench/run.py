"""``make bench``: the content API under gunicorn with production settings, on
PostgreSQL and Redis, loaded with wrk on 127.0.0.1.

For 100 and then 5,000 condition pages (copies of the demo's ALS page) it measures
page detail, find-by-path, a 20-item listing with custom fields and the site
endpoint: with the response cache (hits), without it (every request serialises),
a 304 revalidation, listings assembled from the rendered pages' fields, the
background worker's renders (all pages, then a storm), and two references on the
same pages: the floor (the same
bytes, precomputed, through the same middleware) and stock Wagtail API v2. It
prints requests/s, p50, p99 and peak worker memory, the ratios against the
targets, and writes them into docs/benchmarks.md.

Environment: BENCH_DURATION (seconds per run, default 5), BENCH_CONNECTIONS
(default 8), BENCH_WORKERS (gunicorn workers, default 2), BENCH_SIZES (default
"100,5000").
"""

import datetime
import json
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field, replace
from pathlib import Path

from .servers import (
    ROOT,
    Gunicorn,
    drop_database,
    flush_redis,
    manage,
    migrated_database,
    run_python,
    server_env,
    service_problem,
)

DATABASE = "bench"
REDIS_DB = 14
DURATION = int(os.environ.get("BENCH_DURATION", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
WORKER_NICENESS = 10
STORM_SECONDS = int(os.environ.get("BENCH_STORM_SECONDS", "10"))
SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "100,5000").split(",")]
LISTING_FIELDS = "summary,hero_image,medical_review,related_pages"
REPORT = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


@dataclass
class Result:
    size: int
    scenario: str
    variant: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    peak_rss_mb: float
    errors: int = 0
    extra: dict = field(default_factory=dict)


def log(message: str) -> None:
    print(message, flush=True)  # noqa: T201 - a command-line tool


def fetch(url: str, headers=None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - 127.0.0.1
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(
    url: str,
    headers: dict | None = None,
    duration: int = DURATION,
    script: Path | None = None,
) -> dict:
    command = [
        "wrk",
        *(["--script", str(script)] if script else []),
        "--latency",
        f"--duration={duration}s",
        f"--connections={CONNECTIONS}",
        "--threads=2",
        "--timeout=30s",
    ]
    for name, value in (headers or {}).items():
        command += ["--header", f"{name}: {value}"]
    output = subprocess.run(  # noqa: S603 - wrk against 127.0.0.1
        [*command, url],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 60,
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)$", output, re.MULTILINE)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50": to_ms(latency["50"]) if "50" in latency else float("nan"),
        "p99": to_ms(latency["99"]) if "99" in latency else float("nan"),
        "errors": int(errors[1]) if errors else 0,
        "socket_errors": socket_errors[1] if socket_errors else "",
    }


def worker_peak_rss_mb(master_pid: int) -> float:
    """Largest peak resident set (VmHWM) among the gunicorn master's workers."""
    peak = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", status, re.MULTILINE):
            match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
            if match:
                peak = max(peak, int(match[1]))
    return peak / 1024


class BackgroundWorker:
    """``manage.py db_worker --batch``: renders what waits, then exits. A thread
    notes when it exited and its peak resident set (VmHWM)."""

    def __init__(self, env: dict):
        self.started = time.monotonic()
        self.finished: float | None = None
        self.peak_kb = 0
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--backend",
                "background",
                "--queue-name",
                "*",
                "--batch",
                "--no-reload",
                "--no-startup-delay",
                "--verbosity",
                "0",
            ],
            cwd=ROOT,
            env=env,
            # As in production (README): background work yields the CPU to
            # the app servers.
            preexec_fn=lambda: os.nice(WORKER_NICENESS),
        )
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        status = Path(f"/proc/{self.process.pid}/status")
        while self.process.poll() is None:
            try:
                match = re.search(r"^VmHWM:\s+(\d+) kB", status.read_text(), re.M)
            except OSError:
                match = None
            if match:
                self.peak_kb = max(self.peak_kb, int(match[1]))
            time.sleep(0.1)
        self.finished = time.monotonic()

    def wait(self) -> float:
        """Seconds from start to exit."""
        self.thread.join()
        if self.process.returncode != 0:
            raise RuntimeError(f"db_worker exited with {self.process.returncode}")
        return self.finished - self.started


def worker_pace(env: dict, since: datetime.datetime) -> list[float]:
    """``bench.materialized pace``: the pages written after the worker's first
    batch and their seconds, then every page and the seconds from its first
    render task."""
    return [
        float(each)
        for each in python_env(
            env, "-m", "bench.materialized", "pace", since.isoformat()
        ).split()
    ]


def render_all(env: dict, size: int) -> Result:
    """Ask for a render of every page and time the worker until all are done.

    The row's pace is the worker's once running: from the last page of its
    first batch to the last page written, which at both sizes are copies of
    the ALS page. A long-running worker starts, and does its first batch's
    first-use work, once per deploy; the pace from its first render task and
    the wall time from start to exit are logged beside it."""
    since = datetime.datetime.now(datetime.UTC)
    python_env(env, "-m", "bench.materialized", "ask")
    worker = BackgroundWorker(env)
    seconds = worker.wait()
    rendered, waiting = map(
        int, python_env(env, "-m", "bench.materialized", "status").split()
    )
    if waiting:
        raise RuntimeError(f"{waiting} pages still wait for their render")
    paced, running, every, whole = worker_pace(env, since)
    result = Result(
        size=size,
        scenario="render",
        variant="worker",
        requests_per_second=paced / running,
        p50_ms=1000 * running / paced,
        p99_ms=float("nan"),
        peak_rss_mb=worker.peak_kb / 1024,
        extra={
            "pages": rendered,
            "seconds": seconds,
            "running_pages": paced,
            "running_seconds": running,
            "first_task_ms_a_page": 1000 * whole / every,
        },
    )
    log(
        f"  {size:>5} worker    render   {rendered} pages in {seconds:.1f} s from "
        f"start to exit; {1000 * whole / every:.1f} ms a page from its first render "
        f"task; after its first batch {paced:.0f} pages in {running:.1f} s: "
        f"{result.requests_per_second:.0f} pages/s, {result.p50_ms:.1f} ms a page, "
        f"peak {result.peak_rss_mb:.0f} MB"
    )
    return result


def spread_script(env: dict, directory: Path) -> Path:
    """A wrk script that asks for every rendered page in turn, each thread from
    its own random start: no request finds its body in a process's memory."""
    paths = directory / "paths.txt"
    paths.write_text(python_env(env, "-m", "bench.materialized", "paths") + "\n")
    script = directory / "spread.lua"
    script.write_text(
        f"""local paths = {{}}
for line in io.lines("{paths}") do paths[#paths + 1] = line end
local index = 0
function init(args) index = math.random(#paths) end
function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end
"""
    )
    return script


def storm(env: dict, size: int, script: Path) -> list[Result]:
    """Edit the doctor every page shows while readers load the API: how long until
    every page serves the new JSON, the worker's pace, and the API's p99 during
    the storm against its quiet p99."""
    server = Gunicorn(env, workers=WORKERS)
    try:
        server.wait_until_ready()
        quiet = run_wrk(server.url + "/api/v2/pages/", None, STORM_SECONDS, script)
        asked = int(python_env(env, "-m", "bench.materialized", "storm"))
        worker = BackgroundWorker(env)
        during = run_wrk(server.url + "/api/v2/pages/", None, STORM_SECONDS, script)
        seconds = worker.wait()
    finally:
        server.stop()
    _rendered, waiting = map(
        int, python_env(env, "-m", "bench.materialized", "status").split()
    )
    if waiting:
        raise RuntimeError(f"{waiting} pages still wait after the storm")
    results = [
        Result(size, "storm", "quiet", quiet["rps"], quiet["p50"], quiet["p99"], 0),
        Result(size, "storm", "during", during["rps"], during["p50"], during["p99"], 0),
        Result(
            size,
            "storm",
            "worker",
            asked / seconds,
            1000 * seconds / asked,
            float("nan"),
            worker.peak_kb / 1024,
            extra={"pages": asked, "seconds": seconds},
        ),
    ]
    log(
        f"  {size:>5} storm: {asked} pages rendered again in {seconds:.1f} s "
        f"({asked / seconds:.0f} pages/s, peak {worker.peak_kb / 1024:.0f} MB); API p99 "
        f"{during['p99']:.2f} ms during, {quiet['p99']:.2f} ms quiet"
    )
    return results


def python_env(env: dict, *args: str) -> str:
    result = run_python(env, *args, timeout=900)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    return result.stdout.strip()


@dataclass
class Row:
    scenario: str
    variant: str
    path: str
    headers: dict | None = None
    rounds: int = 3
    duration: int = DURATION
    # A wrk script: the cold rows spread their requests over every page.
    script: Path | None = None


def measure_server(env, size, rows: list[Row], floor_dir=None) -> list[Result]:
    """Start gunicorn, warm each URL, then load each with wrk.

    Rows with several rounds are measured in turn, round after round, and their
    medians kept: the floor, cached and 304 rows then see the same machine load,
    even when other processes come and go.
    """
    flush_redis(REDIS_DB)
    server = Gunicorn(env, workers=WORKERS)
    samples: dict[int, list[dict]] = {index: [] for index in range(len(rows))}
    sizes = {}
    try:
        server.wait_until_ready()
        for index, row in enumerate(rows):
            for _ in range(3):  # renditions, connections, response cache
                status, _headers, body = fetch(server.url + row.path, row.headers)
            if status not in (200, 304):
                raise RuntimeError(f"{row.path} answered {status}: {body[:300]!r}")
            if row.variant == "304" and status != 304:
                raise RuntimeError(f"{row.path} did not revalidate: {status}")
            if floor_dir is not None and row.variant == "cached":
                (floor_dir / f"{row.scenario}.json").write_bytes(body)
            sizes[index] = len(body)
        for round_number in range(max(row.rounds for row in rows)):
            for index, row in enumerate(rows):
                if round_number < row.rounds:
                    stats = run_wrk(
                        server.url + row.path, row.headers, row.duration, row.script
                    )
                    stats["rss"] = worker_peak_rss_mb(server.process.pid)
                    samples[index].append(stats)
    finally:
        server.stop()
    results = []
    for index, row in enumerate(rows):
        runs = samples[index]
        result = Result(
            size=size,
            scenario=row.scenario,
            variant=row.variant,
            requests_per_second=statistics.median(run["rps"] for run in runs),
            p50_ms=statistics.median(run["p50"] for run in runs),
            p99_ms=statistics.median(run["p99"] for run in runs),
            peak_rss_mb=max(run["rss"] for run in runs),
            errors=sum(run["errors"] for run in runs),
            extra={"bytes": sizes[index], "rounds": len(runs)},
        )
        log(
            f"  {size:>5} {row.variant:<9} {row.scenario:<8} "
            f"{result.requests_per_second:>8.0f} req/s  p50 {result.p50_ms:7.2f} ms"
            f"  p99 {result.p99_ms:7.2f} ms  peak {result.peak_rss_mb:5.0f} MB"
        )
        results.append(result)
    return results


def measure(env: dict, size: int, floor_dir: Path) -> list[Result]:
    base = Gunicorn(env, workers=1)
    try:
        base.wait_until_ready()
        listing = json.loads(
            fetch(f"{base.url}/api/v2/pages/?type=pages.ConditionPage&slug=bench-1")[2]
        )
        page = listing["items"][0]
        path = "/" + page["meta"]["html_url"].split("/", 3)[3]
        # Our page detail and its ETag, so that the floor serves the same bytes.
        _status, headers, body = fetch(f"{base.url}/api/v2/pages/{page['id']}/")
        etag = headers["ETag"]
    finally:
        base.stop()
    ours = {
        "detail": f"/api/v2/pages/{page['id']}/",
        "find": f"/api/v2/pages/find/?html_path={path}",
        "listing": (
            f"/api/v2/pages/?type=pages.ConditionPage&fields={LISTING_FIELDS}&limit=20"
        ),
        "site": "/api/v2/site/",
    }
    slow = max(DURATION, 15)
    fast = max(2, DURATION // 2)
    rows = []
    for name, url in ours.items():
        rows.append(Row(name, "cached", url, duration=fast))
        rows.append(Row(name, "floor", f"/bench/floor/{name}/", duration=fast))
    rows.append(
        Row("detail", "304", ours["detail"], {"If-None-Match": etag}, duration=fast)
    )
    # The floor rows read the bytes the cached rows wrote during warm-up.
    results = measure_server(env, size, rows, floor_dir)
    # Cold: every request a page whose body no process holds, Redis flushed.
    script = spread_script(env, floor_dir.parent)
    cold_rows = [
        Row("detail", "cold", "/api/v2/pages/", duration=fast, script=script),
        Row("detail", "floor", "/bench/floor/detail/", duration=fast),
    ]
    cold = measure_server({**env, "API_LOCAL_BODIES": "0"}, size, cold_rows)
    results += [replace(cold[0]), replace(cold[1], variant="floor (cold run)")]
    # Stock does not use our response cache: it runs on the uncached server, in
    # turn with our uncached rows, so that both see the same machine load.
    half = slow // 2
    stock_listing = (
        "/bench/stock/pages/?type=pages.ConditionPage"
        "&fields=summary,hero_image,related_pages&limit=20"
    )
    slow_rows = [
        Row("detail", "uncached", ours["detail"], rounds=2, duration=half),
        Row(
            "detail",
            "stock",
            f"/bench/stock/pages/{page['id']}/",
            rounds=2,
            duration=half,
        ),
        Row("listing", "uncached", ours["listing"], rounds=2, duration=half),
        Row("listing", "stock", stock_listing, rounds=2, duration=half),
        Row("find", "uncached", ours["find"], rounds=2, duration=half),
        Row("site", "uncached", ours["site"], rounds=2, duration=half),
    ]
    rendering = {**env, "API_RESPONSE_CACHE": "false", "API_RENDERED_PAGES": "false"}
    results += measure_server(rendering, size, slow_rows)
    # Listings assembled from the rendered pages' fields, no response cache.
    assembled_rows = [
        Row("listing", "assembled", ours["listing"], rounds=2, duration=half),
        Row("listing", "stock", stock_listing, rounds=2, duration=half),
    ]
    assembled = measure_server(
        {**env, "API_RESPONSE_CACHE": "false"}, size, assembled_rows
    )
    results += [assembled[0], replace(assembled[1], variant="stock (assembled run)")]
    return results


def find(results, size, scenario, variant) -> Result | None:
    return next(
        (
            r
            for r in results
            if (r.size, r.scenario, r.variant) == (size, scenario, variant)
        ),
        None,
    )


def ratios(results) -> list[tuple[str, float, str, bool]]:
    small, large = min(SIZES), max(SIZES)
    rows = []

    def rps(size, scenario, variant) -> float:
        return find(results, size, scenario, variant).requests_per_second

    def p50(size, scenario, variant) -> float:
        return find(results, size, scenario, variant).p50_ms

    for size in SIZES:
        cached = rps(size, "detail", "cached") / rps(size, "detail", "floor")
        revalidated = rps(size, "detail", "304") / rps(size, "detail", "floor")
        cold = p50(size, "detail", "cold") / p50(size, "detail", "floor (cold run)")
        stock = rps(size, "detail", "uncached") / rps(size, "detail", "stock")
        # What a request that renders costs a worker, against the worker's render.
        request_ms = 1000 * WORKERS / rps(size, "detail", "uncached")
        render_ms = p50(size, "render", "worker")
        listing = rps(size, "listing", "assembled") / rps(
            size, "listing", "stock (assembled run)"
        )
        rows += [
            (f"cached detail / floor ({size} pages)", cached, "≥ 0.8", cached >= 0.8),
            (
                f"304 revalidation / floor ({size} pages)",
                revalidated,
                "≥ 0.9",
                revalidated >= 0.9,
            ),
            (f"cold detail p50 / floor p50 ({size} pages)", cold, "≤ 2", cold <= 2),
            (
                f"uncached request / worker render, per ALS page ({size} pages)",
                request_ms / render_ms,
                "≥ 2",
                request_ms >= 2 * render_ms,
            ),
            (f"uncached detail / stock ({size} pages)", stock, "≥ 1.0", stock >= 1),
            (
                f"listing from rendered fields, no response cache / stock ({size} pages)",
                listing,
                "≥ 5",
                listing >= 5,
            ),
        ]
    for variant in ("assembled", "cached"):
        growth = p50(large, "listing", variant) / p50(small, "listing", variant)
        rows.append(
            (
                f"{variant} listing p50, {large} / {small} pages",
                growth,
                "≤ 1.1",
                growth <= 1.1,
            )
        )
    storm_p99 = (
        find(results, large, "storm", "during").p99_ms
        / find(results, large, "storm", "quiet").p99_ms
    )
    rows.append(
        (
            f"storm: API p99 during / quiet ({large} pages)",
            storm_p99,
            "≤ 2",
            storm_p99 <= 2,
        )
    )
    peak = max(r.peak_rss_mb for r in results if r.variant == "worker")
    rows.append(("background worker peak memory, MB", peak, "< 200", peak < 200))
    return rows


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1]
    return (
        f"{cpu}, {os.cpu_count()} cores, {int(memory) / 1024 / 1024:.0f} GiB; "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}"
    )


def report(results, generated: dict[int, str]) -> str:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        BEGIN,
        f"Run of {now} on {machine()}.",
        f"gunicorn: {WORKERS} sync workers; wrk: 2 threads, {CONNECTIONS} connections, "
        f"on 127.0.0.1; floor, cached and 304 rows: median of 3 interleaved runs of "
        f"{max(2, DURATION // 2)} s; stock and uncached rows: median of 2 interleaved "
        f"runs of {max(DURATION, 15) // 2} s. Pages: {'; '.join(generated.values())}.",
        "",
        "Rows `render` and `storm` / `worker` are the background worker: its pages/s "
        "in the requests/s column, its milliseconds per page in the p50 column and "
        "its own peak memory. `render` times the running worker, from the last "
        "page of its first batch to the last page written, copies of the ALS page "
        "at both sizes (its start and its first batch's first-use work are paid "
        "once per deploy; counted from its first render task, it took "
        + "; ".join(
            f"{r.extra['first_task_ms_a_page']:.1f} ms a page at {r.size}"
            for r in results
            if r.scenario == "render"
        )
        + "); `storm` / `worker` times it from its start to the last page. "
        "`storm` / `quiet` and `during` are the API's rotation "
        "over every page before and while the worker renders them all again.",
        "",
        "| pages | endpoint | variant | requests/s | p50 ms | p99 ms | peak worker RSS MB |",
        "| ---: | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        errors = f" ({r.errors} errors)" if r.errors else ""
        lines.append(
            f"| {r.size} | {r.scenario} | {r.variant} | {r.requests_per_second:.0f}{errors} "
            f"| {r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.peak_rss_mb:.0f} |"
        )
    lines += ["", "| ratio | measured | target | met |", "| --- | ---: | --- | --- |"]
    for name, value, target, met in ratios(results):
        lines.append(f"| {name} | {value:.2f} | {target} | {'yes' if met else 'no'} |")
    lines.append(END)
    return "\n".join(lines)


def write_report(section: str) -> None:
    text = (
        REPORT.read_text() if REPORT.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    )
    if BEGIN not in text:
        text += f"\n{BEGIN}\n{END}\n"
    start, end = text.index(BEGIN), text.index(END) + len(END)
    REPORT.write_text(text[:start] + section + text[end:])


def main() -> None:
    problem = service_problem()
    if problem:
        raise SystemExit(f"make bench needs PostgreSQL and Redis: {problem}")
    if shutil.which("wrk") is None:
        raise SystemExit("make bench needs wrk (apt-get install wrk)")
    started = time.monotonic()
    artifacts = ROOT / "test-artifacts" / "bench"
    shutil.rmtree(artifacts, ignore_errors=True)
    floor_dir = artifacts / "floor"
    floor_dir.mkdir(parents=True)
    database_url = migrated_database(DATABASE)
    env = server_env(
        database_url,
        REDIS_DB,
        artifacts / "media",
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_SECURE_SSL_REDIRECT="false",
        BENCH_FLOOR_DIR=str(floor_dir),
    )
    try:
        log("copying the migrated database and loading the demo content ...")
        manage(env, "migrate", "--no-input")
        manage(env, "load_demo_content")
        results, generated = [], {}
        for size in SIZES:
            generated[size] = python_env(env, "-m", "bench.generate", str(size))
            log(f"{size} condition pages: {generated[size]}")
            results.append(render_all(env, size))
            results += measure(env, size, floor_dir)
        results += storm(env, max(SIZES), spread_script(env, artifacts))
    finally:
        flush_redis(REDIS_DB)
        drop_database(DATABASE)
    section = report(results, generated)
    write_report(section)
    log(section)
    log(f"done in {time.monotonic() - started:.0f} s; written to {REPORT}")


if __name__ == "__main__":
    main()
