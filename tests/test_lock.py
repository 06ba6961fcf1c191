"""requirements.lock is what every install uses: it must hold each pin a person wrote in
requirements.txt or requirements-dev.txt, or `make lock` was forgotten after an edit."""

import re
from pathlib import Path

from django.conf import settings

import pytest

BASE_DIR = Path(settings.BASE_DIR)
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;#]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            found[canonical(match[1])] = match[2]
    return found


def locked() -> dict[str, str]:
    return pins(BASE_DIR / "requirements.lock")


@pytest.mark.parametrize("source", ["requirements.txt", "requirements-dev.txt"])
def test_every_pin_is_in_the_lock_file(source):
    wanted = pins(BASE_DIR / source)
    assert wanted, f"{source} has no pins"
    lock = locked()
    stale = {
        name: (version, lock.get(name))
        for name, version in wanted.items()
        if lock.get(name) != version
    }
    assert not stale, (
        f"run `make lock`: {source} pins differ from requirements.lock: {stale}"
    )


def test_every_locked_package_has_hashes():
    text = (BASE_DIR / "requirements.lock").read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    unhashed = [
        block.split(" ", 1)[0]
        for block in blocks
        if PIN.match(block) and "--hash=sha256:" not in block
    ]
    assert locked(), "requirements.lock has no pins"
    assert not unhashed, f"locked without hashes: {unhashed}"
