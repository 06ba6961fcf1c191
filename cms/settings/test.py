from .base import *

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"]["BACKEND"] = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = "http://testserver"
LOGGING["root"]["level"] = "WARNING"
# Tests never reach doi.org or PubMed: port 9 (discard) refuses; the reference-import
# tests point these at their own local server with recorded records.
REFERENCE_DOI_RESOLVER_URL = "http://127.0.0.1:9/"
REFERENCE_EUTILS_URL = "http://127.0.0.1:9/"
# The listener holds a connection to the test database, which pytest drops at the
# end: the tests that use it start and stop it themselves (tests/api/test_listening.py).
API_CHANGE_LISTENER = False
