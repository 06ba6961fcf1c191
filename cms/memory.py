"""Long-running processes (the app servers, the background worker) keep what they
loaded at start until they exit: modules, classes, settings, URL patterns, block
definitions, a few hundred thousand objects. Python's collector walks them all at
every full collection, and a render of 50 pages triggers about one: 300 to 700 ms
each, measured in the worker (``bench.profile_render --worker``), a third of its
time. Frozen once loaded, they are left out of every collection
(``gc.freeze``); what a request or a render allocates is collected as before.
"""

import gc
import os

_frozen_in: int | None = None


def freeze_loaded_objects() -> None:
    """Once per process (again after a fork): collect what is garbage already,
    then freeze every object alive."""
    global _frozen_in
    if _frozen_in == os.getpid():
        return
    _frozen_in = os.getpid()
    gc.collect()
    gc.freeze()
