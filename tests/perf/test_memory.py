"""What a long-running process loaded at start is frozen out of the collector's
way once (``cms.memory``): by the app server's WSGI module, by the worker's first
render."""

import gc

import pytest

import cms.memory
from cms.memory import freeze_loaded_objects


@pytest.fixture
def unfrozen(monkeypatch):
    monkeypatch.setattr(cms.memory, "_frozen_in", None)
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_loaded_objects_are_frozen_once_per_process(unfrozen):
    assert gc.get_freeze_count() == 0
    freeze_loaded_objects()
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # modules, classes, settings: all of Django and Wagtail
    garbage = [[] for _ in range(1_000)]
    freeze_loaded_objects()
    assert gc.get_freeze_count() == frozen
    del garbage


def test_the_worker_freezes_them_before_its_first_render(unfrozen, db):
    from api.materialize import render_pages

    render_pages.call()
    assert gc.get_freeze_count() > 10_000
