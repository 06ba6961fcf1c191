"""Production settings plus the benchmark's reference endpoints (``bench.urls``)."""

from cms.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
