import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from cms.memory import freeze_loaded_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

application = get_wsgi_application()
# Every view, serializer and block definition loaded before the first request.
get_resolver().url_patterns  # noqa: B018
freeze_loaded_objects()
