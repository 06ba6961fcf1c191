"""``make bench``: the content API under gunicorn with production settings, on
PostgreSQL and Redis, loaded with wrk on 127.0.0.1.

For 100 and then 5,000 condition pages (copies of the demo's ALS page) it measures
page detail, find-by-path, a 20-item listing with custom fields and the site
endpoint: with the response cache (hits), without it (every request serialises),
a 304 revalidation, and two references on the same pages: the floor (the same
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
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
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


def run_wrk(url: str, headers: dict | None = None, duration: int = DURATION) -> dict:
    command = [
        "wrk",
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
                    stats = run_wrk(server.url + row.path, row.headers, row.duration)
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
    results += measure_server({**env, "API_RESPONSE_CACHE": "false"}, size, slow_rows)
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
    for size in SIZES:
        floor = find(results, size, "detail", "floor")
        cached = find(results, size, "detail", "cached")
        revalidated = find(results, size, "detail", "304")
        uncached = find(results, size, "detail", "uncached")
        stock = find(results, size, "detail", "stock")
        rows += [
            (
                f"cached detail / floor ({size} pages)",
                cached.requests_per_second / floor.requests_per_second,
                "≥ 0.6",
                cached.requests_per_second >= 0.6 * floor.requests_per_second,
            ),
            (
                f"304 revalidation / floor ({size} pages)",
                revalidated.requests_per_second / floor.requests_per_second,
                "≥ 0.8",
                revalidated.requests_per_second >= 0.8 * floor.requests_per_second,
            ),
            (
                f"uncached detail / stock ({size} pages)",
                uncached.requests_per_second / stock.requests_per_second,
                "≥ 1.0",
                uncached.requests_per_second >= stock.requests_per_second,
            ),
        ]
    for variant in ("uncached", "cached"):
        before = find(results, small, "listing", variant)
        after = find(results, large, "listing", variant)
        rows.append(
            (
                f"{variant} listing p50, {large} / {small} pages",
                after.p50_ms / before.p50_ms,
                "≤ 1.3",
                after.p50_ms <= 1.3 * before.p50_ms,
            )
        )
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
            results += measure(env, size, floor_dir)
    finally:
        flush_redis(REDIS_DB)
        drop_database(DATABASE)
    section = report(results, generated)
    write_report(section)
    log(section)
    log(f"done in {time.monotonic() - started:.0f} s; written to {REPORT}")


if __name__ == "__main__":
    main()
