"""Settings shared by every environment; values that differ come from the environment."""

import os
from datetime import timedelta
from pathlib import Path

from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

import dj_database_url
from corsheaders.defaults import default_headers as corsheaders_default_headers

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"{name} must be an integer, got {value!r}"
        ) from error


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

INSTALLED_APPS = [
    "review",
    "pages",
    "snippets",
    "api",
    "leads",
    "webhooks",
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.typed_table_block",
    # Translation workflow (docs/translations.md); its locales app replaces
    # wagtail.locales.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "pages.apps.StaffAccountsConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_countries",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.transport.CompressionMiddleware",
    "cms.transport.ApiVaryMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "cms.middleware.ApiSecurityHeadersMiddleware",
    "cms.middleware.ApiJsonErrorsMiddleware",
    "cms.middleware.PreviewSecurityHeadersMiddleware",
    "cms.middleware.CookieFreeApiMiddleware",
    "cms.middleware.DatabaseUnavailableMiddleware",
    # Rendered pages and cached responses answered here, before sessions, auth,
    # URL resolution and the viewset.
    "api.early.EarlyAnswersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "pages.admin_access.ContentPermissionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "review.middleware.DeleteShownContentGuard",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=600
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The clinic publishes in several languages; English is the source locale and
# the others are translations of it (wagtail-localize style, one tree per locale).
# CLINIC_LANGUAGES adds more, e.g. "en,de,it,ar" for Arabic (right to left): any
# language Django knows (django.conf.locale.LANG_INFO), English always first.
CLINIC_LANGUAGES = env_list("CLINIC_LANGUAGES", "en,de,it")
if not CLINIC_LANGUAGES or CLINIC_LANGUAGES[0] != LANGUAGE_CODE:
    raise ImproperlyConfigured(f"CLINIC_LANGUAGES must start with {LANGUAGE_CODE}")
_unknown = [code for code in CLINIC_LANGUAGES if code not in LANG_INFO]
if _unknown:
    raise ImproperlyConfigured(f"CLINIC_LANGUAGES: unknown languages {_unknown}")
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    (code, LANG_INFO[code]["name"]) for code in dict.fromkeys(CLINIC_LANGUAGES)
]
WAGTAIL_I18N_ENABLED = True
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    },
}

# Complex condition pages (60+ blocks) exceed Django's default of 1,000 form fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000


def redis_cache(url: str) -> dict:
    """A Redis cache that a lost or hung Redis slows down by at most one socket
    timeout (REDIS_SOCKET_TIMEOUT_MS) per REDIS_CIRCUIT_BREAKER_SECONDS: the
    circuit breaker of cms/cache.py then keeps it out of the way, the API serves
    from the database and the failures are logged."""
    timeout = env_int("REDIS_SOCKET_TIMEOUT_MS", 250) / 1000
    return {
        "BACKEND": "cms.cache.CircuitBreakerRedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": timeout,
            "SOCKET_TIMEOUT": timeout,
            "CIRCUIT_BREAKER_SECONDS": env_int("REDIS_CIRCUIT_BREAKER_SECONDS", 30),
        },
    }


CACHES = {
    "default": (
        redis_cache(os.environ["REDIS_URL"])
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Background work (rendering published pages, delivering webhooks) runs in a worker
# process, never in an editor's request: `manage.py db_worker --backend background
# --queue-name '*'`, which `make run` starts beside the server (README, "Editorial
# workflow", for production). Its queue is a database table (django-tasks-db),
# written in the transaction that enqueues a task: a rolled-back publish leaves no
# task, a committed one waits for a worker however long it is down. Wagtail's own
# tasks (reference index, focal points) stay on the immediate default backend.
BACKGROUND_TASKS = "background"
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    BACKGROUND_TASKS: {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["rendering", "renditions", "webhooks"],
    },
}

# Webhooks go to https:// addresses on the public internet only (webhooks.targets);
# this also allows http(s)://localhost and 127.0.0.1, for a receiver on this machine.
WEBHOOKS_ALLOW_LOCALHOST = env_bool("DJANGO_WEBHOOKS_ALLOW_LOCALHOST")
# Days the delivery log keeps a delivery that ended (succeeded, or failed its last
# retry); `manage.py prune_webhook_deliveries` deletes older ones (daily cron).
WEBHOOKS_LOG_RETENTION_DAYS = int(os.environ.get("WEBHOOKS_LOG_RETENTION_DAYS", "90"))

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Clinic CMS")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database backend; on PostgreSQL it stems in each page's language.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search"}}

# Reference import (snippets.citations): DOIs through doi.org content negotiation,
# PMIDs through NCBI E-utilities. Short timeout: the editor waits on the answer.
REFERENCE_DOI_RESOLVER_URL = "https://doi.org/"
REFERENCE_EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
REFERENCE_EUTILS_TOOL = "clinic-cms"
REFERENCE_LOOKUP_TIMEOUT = 5

WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt", "csv", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
# Shared passwords are stored in plain text and cannot be used headlessly.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# No Gravatar: it would send a hash of every staff email address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

WAGTAILAPI_BASE_URL = os.environ.get("WAGTAILAPI_BASE_URL", WAGTAILADMIN_BASE_URL)
# Where the public site lives (e.g. https://www.clinic.example): page URLs the API
# gives (canonical, html_url, JSON-LD, alternates, sitemap) are on it. A site's
# clinic settings may set its own; unset, the Wagtail site's hostname is used.
FRONTEND_BASE_URL = os.environ.get("FRONTEND_BASE_URL", "")
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 100
# How long /api/v2/changes/ keeps events; older cursors answer 410 (re-sync from
# the sitemap). `manage.py prune_change_feed` deletes older events (daily cron).
CHANGE_FEED_RETENTION_DAYS = int(os.environ.get("CHANGE_FEED_RETENTION_DAYS", "30"))
WAGTAILAPI_SEARCH_ENABLED = True

# Every answer under /api/ is JSON, errors in one shape (api/errors.py).
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.JSONContentNegotiation",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Clinic CMS content API",
    "DESCRIPTION": (
        "Live, public content of the clinic's site for any frontend, and the "
        "endpoint that receives patients' callback and consultation requests. "
        "Every StreamField block type has its own schema, discriminated on `type`."
    ),
    "VERSION": "2.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "PREPROCESSING_HOOKS": ["api.schema.exclude_wagtail_endpoints"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_content_api",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

CORS_ALLOWED_ORIGINS = env_list("DJANGO_CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS", "POST"]

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "cms@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
}

# Medical review
# Approval in the "Medical review" workflow sets a page's review record; the next
# review falls due this many months later, and the reviews-due report and
# list_reviews_due look this many days ahead.
MEDICAL_REVIEW_INTERVAL_MONTHS = env_int("MEDICAL_REVIEW_INTERVAL_MONTHS", 12)
MEDICAL_REVIEW_DUE_SOON_DAYS = env_int("MEDICAL_REVIEW_DUE_SOON_DAYS", 30)
# What goes live at the end of a workflow is the revision the last task approved.
WAGTAIL_FINISH_WORKFLOW_ACTION = "review.publishing.publish_approved_revision"
# Lifetime, in seconds, of the signed token that lets the frontend preview a draft.
PREVIEW_TOKEN_MAX_AGE = env_int("PREVIEW_TOKEN_MAX_AGE", 3600)

# Leads
# Patient callback/consultation requests (leads app, docs/leads.md).
LEADS_RATE_LIMIT = os.environ.get("LEADS_RATE_LIMIT", "5/hour")
# Number of reverse proxies in front of the app that append to X-Forwarded-For.
LEADS_TRUSTED_PROXIES = env_int("LEADS_TRUSTED_PROXIES", 0)
LEADS_MIN_FILL_SECONDS = env_int("LEADS_MIN_FILL_SECONDS", 3)
LEADS_FORM_TOKEN_MAX_AGE = env_int("LEADS_FORM_TOKEN_MAX_AGE", 24 * 3600)
# Empty: email the active members of the "Patient coordinators" group.
LEADS_NOTIFY_EMAILS = env_list("LEADS_NOTIFY_EMAILS")
# Empty: any version label is accepted.
LEADS_CONSENT_TEXT_VERSIONS = env_list("LEADS_CONSENT_TEXT_VERSIONS")
LEADS_RETENTION_DAYS = env_int("LEADS_RETENTION_DAYS", 365)
# Browsers may send Idempotency-Key cross-origin and read Retry-After (429) and
# Idempotent-Replayed (a retried request) in the answer. A frontend may revalidate
# by hand (If-None-Match, If-Modified-Since) and read the validators it needs for
# that (ETag, Last-Modified); browsers hide every other header from scripts.
CORS_ALLOW_HEADERS = (
    *corsheaders_default_headers,
    "idempotency-key",
    "if-none-match",
    "if-modified-since",
)
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Idempotent-Replayed"]

# API caching
# Rendered API responses are kept in the default cache (Redis when REDIS_URL is
# set, shared by every app server) and served with ETag, Last-Modified and
# Cache-Control (docs/api.md, "Caching").
API_CACHE_ALIAS = "default"
API_RESPONSE_CACHE = env_bool("API_RESPONSE_CACHE", default=True)
# Page details and listing items answered from the pages the background worker
# rendered (docs/api.md, "Rendered pages").
API_RENDERED_PAGES = env_bool("API_RENDERED_PAGES", default=True)
# Bodies each process keeps in memory by ETag, so that a hit moves no body
# (api.bodies.LocalBodies); 0 keeps none.
API_LOCAL_BODIES = env_int("API_LOCAL_BODIES", 128)
# On PostgreSQL each process LISTENs for changes to the rendered pages, so that
# a read it has answered before needs no query (api.listening).
API_CHANGE_LISTENER = env_bool("API_CHANGE_LISTENER", default=True)
API_RESPONSE_CACHE_TIMEOUT = env_int("API_RESPONSE_CACHE_TIMEOUT", 24 * 3600)
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 60)
API_CACHE_STALE_WHILE_REVALIDATE = env_int("API_CACHE_STALE_WHILE_REVALIDATE", 300)
# Unset: shared caches (CDNs) use max-age too.
API_CACHE_S_MAXAGE = env_int("API_CACHE_S_MAXAGE", -1)
API_CACHE_S_MAXAGE = None if API_CACHE_S_MAXAGE < 0 else API_CACHE_S_MAXAGE
# Compression (cms/transport.py): the content API's bodies are stored in each
# coding asked for; other public documents are compressed on the way out. Only
# these paths, never a response with a secret in it (BREACH, docs/api.md).
COMPRESSED_PATHS = [r"^/api/schema/$", r"^/api/docs/$"]
# Smaller bodies fit in a packet or two: compressing them saves nothing.
COMPRESSION_MIN_LENGTH = 1024
# CDN purge of changed API URLs (wagtail.contrib.frontend_cache): a generic HTTP
# purger (Varnish, nginx) and/or Cloudflare.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
    }
if WAGTAILFRONTENDCACHE:
    # Also purges the pages' own URLs on publish. Only with a CDN configured: its
    # handlers compute page URLs on every publish even when there is none.
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")

# Security
# What each setting defends against, and the tests that prove it: docs/security.md.
# A lost database answers 503 with Retry-After (cms.middleware) after at most this
# many seconds of trying to connect, instead of hanging the worker.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 3)
DATABASE_UNAVAILABLE_RETRY_AFTER = env_int("DATABASE_UNAVAILABLE_RETRY_AFTER", 30)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = (
        DATABASE_CONNECT_TIMEOUT
    )
# A persistent connection that died with a database restart is replaced, not used.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# JSON is data, never a document: nothing may load or run from an API response.
API_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
# Swagger UI (/api/docs/) loads its own scripts and styles (drf-spectacular-sidecar)
# and starts from an inline script; nothing from other origins.
API_DOCS_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
# The admin's previews render content as HTML on the CMS's own origin, where staff
# are signed in: styles inline, images from here or storage, no script at all.
PREVIEW_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src 'self' data: https:; style-src 'unsafe-inline'; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)
# The public content API is served from the response cache; requests that miss it
# (every new query string) are limited per client address when API_RATE_LIMIT is
# set (e.g. "600/minute"). Unset: no limit in the app (put one at the proxy or CDN).
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "anon": os.environ.get("API_RATE_LIMIT") or None,
    "leads_form_token": os.environ.get("LEADS_FORM_TOKEN_RATE", "60/minute"),
}
# The client is counted as in the leads app: X-Forwarded-For only as far as our own
# proxies wrote it, so that a client cannot pose as many.
REST_FRAMEWORK["NUM_PROXIES"] = LEADS_TRUSTED_PROXIES
# Logins (the admin's and the private pages' /_util/login/): after
# LOGIN_FAILURE_LIMIT wrong passwords a client is refused (429) for
# LOGIN_LOCKOUT_MINUTES, right password or not (django-axes, attempts in the
# database). The client is counted as for the rate limits (cms.clients): the
# address our own proxies saw, an IPv6 /64 as one.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_CLIENT_IP_CALLABLE = "cms.clients.login_client_address"
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
# No start-up banner on every manage.py command; lockouts are still logged.
AXES_VERBOSE = False
# Uploads: size, pixel and type limits above, content checks in pages/uploads/.
WAGTAILIMAGES_IMAGE_FORM_BASE = "pages.uploads.ClinicImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "pages.uploads.ClinicDocumentForm"
