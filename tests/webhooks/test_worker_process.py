"""The real worker (``manage.py db_worker``, as ``make run`` and production run
it) delivers webhooks: a change committed by one process, sent by another, on a
scratch database of the kind the suite runs on (a SQLite file, or a PostgreSQL
copy of the migrated template when DATABASE_URL names one)."""

import json
import subprocess
import sys
import time

import pytest

from bench.servers import ROOT, manage
from cms.tasks import WORKER_COMMAND
from tests.processes import scratch_database

from .conftest import signature_is_valid
from .receiver import HANG, Receiver

pytestmark = pytest.mark.slow

SEED = """
from api.changes import write_events
from api.models import ChangeEvent
from webhooks.models import WebhookEndpoint
endpoint = WebhookEndpoint.objects.create(name="Frontend", url={url!r})
write_events([ChangeEvent(type="redirect_deleted", object_type="redirect", object_id=3)])
print(endpoint.secret)
"""
RETRY_NOW = """
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
print(DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now()))
"""
LOG = """
import json
from webhooks.models import WebhookDelivery
delivery = WebhookDelivery.objects.get()
log = [a.status_code or a.error for a in delivery.attempt_log.all()]
print(json.dumps([delivery.status, log]))
"""


@pytest.fixture
def scratch_env(tmp_path):
    with scratch_database(
        tmp_path, "webhooks", 0, DJANGO_WEBHOOKS_ALLOW_LOCALHOST="true"
    ) as env:
        env.pop("REDIS_URL")
        yield env


def shell(env: dict, code: str) -> str:
    return manage(env, "shell", "-c", code, timeout=120).strip().splitlines()[-1]


def test_the_worker_command_delivers_and_retries(scratch_env):
    with Receiver(statuses=[500]) as receiver:
        secret = shell(scratch_env, SEED.format(url=receiver.url))
        assert receiver.received == []  # committed, not sent: the worker sends
        manage(scratch_env, *WORKER_COMMAND, "--batch", timeout=120)
        assert len(receiver.received) == 1
        assert json.loads(shell(scratch_env, LOG)) == ["retrying", [500]]

        assert shell(scratch_env, RETRY_NOW) == "1"
        manage(scratch_env, *WORKER_COMMAND, "--batch", timeout=120)
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    for each in receiver.received:
        assert signature_is_valid(secret, each.headers, each.body)
    assert json.loads(second.body)["data"]["redirect"]["id"] == 3
    assert json.loads(shell(scratch_env, LOG)) == ["succeeded", [500, 200]]


def test_a_worker_stopped_while_sending_loses_nothing(scratch_env):
    """The retry is queued before the request is made: killing the worker in the
    middle of an attempt leaves a delivery that the next worker sends."""
    with Receiver(statuses=[HANG]) as receiver:
        shell(scratch_env, SEED.format(url=receiver.url))
        worker = subprocess.Popen(  # noqa: S603 - our interpreter, fixed arguments
            [sys.executable, "manage.py", *WORKER_COMMAND, "--batch", "--no-reload"],
            cwd=ROOT,
            env=scratch_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 120
            while (
                not receiver.received
                and worker.poll() is None
                and time.monotonic() < deadline
            ):
                time.sleep(0.1)
        finally:
            worker.kill()
            _out, errors = worker.communicate(timeout=30)
        assert len(receiver.received) == 1, errors[-3000:]
        receiver.release.set()
        status, log = json.loads(shell(scratch_env, LOG))
        assert status == "pending", log
        assert log == ["No outcome recorded: the worker stopped while sending."]

        assert shell(scratch_env, RETRY_NOW) == "1"
        manage(scratch_env, *WORKER_COMMAND, "--batch", timeout=120)
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert json.loads(shell(scratch_env, LOG)) == [
        "succeeded",
        ["No outcome recorded: the worker stopped while sending.", 200],
    ]
