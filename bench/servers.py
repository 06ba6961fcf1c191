"""Real app servers for the two-server test and the benchmark: a scratch
PostgreSQL database, a dedicated Redis database number and gunicorn processes on
127.0.0.1."""

import hashlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_URL = os.environ.get("PERF_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def service_problem() -> str | None:
    """Why PostgreSQL or Redis cannot be used here, or ``None``."""
    for name, port in (("PostgreSQL", 5432), ("Redis", REDIS_PORT)):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
        except OSError as error:
            return f"{name} is not reachable on 127.0.0.1:{port} ({error})"
    return None


# Held while the migrated template is built, so that two processes (pytest-xdist
# workers, a benchmark) never build it twice or copy it half-migrated.
TEMPLATE_LOCK = 7_343_001


def migrations_fingerprint() -> str:
    """A digest of everything that decides the migrated schema: this project's
    migrations and the locked versions of the packages that bring theirs."""
    digest = hashlib.sha256((ROOT / "requirements.lock").read_bytes())
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def migrated_database(name: str) -> str:
    """Create database ``name`` fresh and fully migrated; return its URL.

    Migrating from nothing takes most of a minute on PostgreSQL, so it is done once
    per set of migrations into a template database, which each call copies
    (``CREATE DATABASE ... TEMPLATE``, about a second). A template left by other
    migrations is dropped when the new one is built.
    """
    import psycopg

    template = f"clinic_migrated_{migrations_fingerprint()}"
    with closing(psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True)) as db:
        db.execute("SELECT pg_advisory_lock(%s)", (TEMPLATE_LOCK,))
        try:
            found = db.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (template,)
            ).fetchone()
            if not found:
                _build_template(db, template)
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            db.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        finally:
            db.execute("SELECT pg_advisory_unlock(%s)", (TEMPLATE_LOCK,))
    return f"{POSTGRES_URL}/{name}"


def _build_template(db, template: str) -> None:
    stale = db.execute(
        "SELECT datname FROM pg_database WHERE datname LIKE 'clinic\\_migrated\\_%'"
    ).fetchall()
    for (old,) in stale:
        db.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
    db.execute(f'CREATE DATABASE "{template}"')
    env = server_env(
        f"{POSTGRES_URL}/{template}",
        0,
        ROOT / "test-artifacts" / "media",
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
    )
    try:
        manage(env, "migrate", "--no-input")
    except BaseException:
        db.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
        raise


def drop_database(name: str) -> None:
    import psycopg

    with closing(psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True)) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def flush_redis(db_number: int) -> None:
    """FLUSHDB on one Redis database number, over the plain protocol."""
    with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=5) as conn:
        conn.sendall(f"SELECT {db_number}\r\nFLUSHDB\r\n".encode())
        reply = b""
        while reply.count(b"\r\n") < 2:
            chunk = conn.recv(1024)
            if not chunk:
                break
            reply += chunk
    if reply.count(b"+OK") < 2:
        raise RuntimeError(f"Redis did not flush database {db_number}: {reply!r}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_python(
    env: dict, *args: str, timeout: int = 600
) -> subprocess.CompletedProcess:
    """Our own interpreter on our own modules, in the project root, with ``env``."""
    return subprocess.run(  # noqa: S603 - our interpreter, fixed arguments
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def manage(env: dict, *args: str, timeout: int = 600) -> str:
    result = run_python(env, "manage.py", *args, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(
            f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}"
        )
    return result.stdout


class Gunicorn:
    """One gunicorn process serving cms.wsgi on 127.0.0.1; stopped by its own pid."""

    def __init__(self, env: dict, workers: int = 1, threads: int = 1, port: int = 0):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(  # noqa: SIM115 - closed in stop()
            ROOT / "test-artifacts" / f"gunicorn-{self.port}.log", "w"
        )
        self.process = subprocess.Popen(  # noqa: S603 - the venv's gunicorn
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "cms.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--worker-class",
                "gthread" if threads > 1 else "sync",
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_ready(
        self, path: str = "/api/v2/site/", timeout: float = 60
    ) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: see {self.log.name}")
            try:
                urllib.request.urlopen(self.url + path, timeout=5).close()  # noqa: S310 - local server
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn on {self.url} did not answer within {timeout}s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def server_env(
    database_url: str, redis_db: int, media_root: Path, **extra: str
) -> dict:
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "PYTEST"))
    }
    env.update(
        {
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{redis_db}",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_MEDIA_ROOT": str(media_root),
            "DJANGO_LOG_LEVEL": "WARNING",
            "WAGTAILAPI_BASE_URL": "http://127.0.0.1",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.update(extra)
    return env
