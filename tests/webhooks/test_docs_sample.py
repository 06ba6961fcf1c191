"""The signature check a frontend copies from docs/frontend.md ("Webhooks") accepts
what the worker sends and refuses a changed body, another secret or an old
timestamp: run with Node on a real delivery."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from api.changes import write_events
from api.models import ChangeEvent
from cms.tasks import run_ready_tasks
from webhooks.signing import new_secret, signature

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def documented_sample() -> str:
    text = (ROOT / "docs" / "frontend.md").read_text()
    [block] = [
        block
        for block in re.findall(r"```ts\n(.*?)```", text, re.DOTALL)
        if "export function verify" in block
    ]
    return block


def node_verifies(tmp_path, secret: str, headers: dict, body: str) -> bool:
    sample = tmp_path / "verify.ts"
    sample.write_text(documented_sample())
    result = subprocess.run(  # noqa: S603 - node on our own files
        ["node", str(HERE / "verify_sample.cjs"), str(sample)],  # noqa: S607
        input=json.dumps({"headers": headers, "body": body}),
        env={"CMS_WEBHOOK_SECRET": secret, "PATH": "/usr/bin:/bin:/usr/local/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_documented_check_accepts_only_genuine_requests(
    tmp_path, receiver, endpoint
):
    if (
        shutil.which("node") is None
        or not (ROOT / "tests/contract/node_modules/typescript").exists()
    ):
        pytest.fail("needs node and tests/contract/node_modules (make test)")
    write_events([ChangeEvent(type="redirect_deleted", object_type="redirect")])
    run_ready_tasks()
    [got] = receiver.received
    headers = {
        key: got.headers[key]
        for key in ("webhook-id", "webhook-timestamp", "webhook-signature")
    }
    body = got.body.decode()
    assert node_verifies(tmp_path, endpoint.secret, headers, body) is True
    assert node_verifies(tmp_path, endpoint.secret, headers, body + " ") is False
    assert node_verifies(tmp_path, new_secret(), headers, body) is False
    # Signed right, but ten minutes old: a replay.
    timestamp = int(headers["webhook-timestamp"]) - 600
    replayed = {
        **headers,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(
            endpoint.secret, headers["webhook-id"], timestamp, got.body
        ),
    }
    assert node_verifies(tmp_path, endpoint.secret, replayed, body) is False
