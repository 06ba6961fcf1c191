"""The floor: a view that returns bytes computed beforehand (``BENCH_FLOOR_DIR``).

It goes through the same middleware as the API, so the gap between it and an API
response is what the API itself costs.
"""

import os
from pathlib import Path

from django.http import Http404, HttpResponse

_bodies: dict[str, bytes] = {}


def floor_view(request, name: str) -> HttpResponse:
    if name not in _bodies:
        path = Path(os.environ["BENCH_FLOOR_DIR"]) / f"{name}.json"
        if not path.is_file():
            raise Http404(name)
        _bodies[name] = path.read_bytes()
    return HttpResponse(_bodies[name], content_type="application/json")
