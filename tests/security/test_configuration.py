"""Production configuration: Django's deployment checks pass with no warning, the
settings refuse to start without a strong secret key or named hosts, and every
environment variable the settings read is documented in .env.example."""

import os
import re
import secrets
import subprocess
from pathlib import Path

from django.conf import settings as django_settings

import pytest

from bench import servers

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = secrets.token_urlsafe(64)
SETTINGS_DIR = ROOT / "cms" / "settings"
# os.environ["X"], os.environ.get("X"), env_bool/env_list/env_int("X")
ENV_READ = re.compile(
    r"""(?:os\.environ(?:\.get)?[\[(]|env_(?:bool|list|int)\()\s*["']([A-Z0-9_]+)["']"""
)


def production_env(**overrides: str | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="example.org",
        PYTHONPATH=str(ROOT),
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run_python(env: dict, *args: str) -> subprocess.CompletedProcess:
    return servers.run_python(env, *args, timeout=120)


def test_deploy_checks_pass_without_a_single_warning():
    result = run_python(
        production_env(),
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        "--settings=cms.settings.production",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_SECRET_KEY": "short-key"}, "too weak"),
        ({"DJANGO_SECRET_KEY": "django-insecure-" + STRONG_KEY}, "too weak"),
        ({"DJANGO_ALLOWED_HOSTS": None}, "DJANGO_ALLOWED_HOSTS must be set"),
        ({"DJANGO_ALLOWED_HOSTS": " , "}, "DJANGO_ALLOWED_HOSTS must be set"),
        ({"DJANGO_ALLOWED_HOSTS": "*"}, "must name the hosts"),
    ],
)
def test_production_refuses_to_start_without_secrets_from_the_environment(
    overrides, message
):
    result = run_python(
        production_env(**overrides), "-c", "import cms.settings.production"
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_settings_import_with_the_environment_set():
    result = run_python(
        production_env(),
        "-c",
        "from cms.settings import production as p; "
        "print(p.DEBUG, p.SECURE_SSL_REDIRECT, p.SESSION_COOKIE_SECURE, "
        "p.CSRF_COOKIE_SECURE, p.SECURE_HSTS_SECONDS)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "31536000"]


def settings_environment_variables() -> set[str]:
    names = set()
    for module in SETTINGS_DIR.glob("*.py"):
        names.update(ENV_READ.findall(module.read_text()))
    # dj_database_url.config() reads DATABASE_URL.
    names.add("DATABASE_URL")
    return names


def test_every_environment_variable_is_documented_in_env_example():
    names = settings_environment_variables()
    assert {"DJANGO_SECRET_KEY", "REDIS_URL", "LEADS_RATE_LIMIT"} <= names
    lines = (ROOT / ".env.example").read_text().splitlines()
    documented = {}
    for number, line in enumerate(lines):
        if match := re.match(r"^([A-Z0-9_]+)=", line):
            documented[match[1]] = number
    missing = sorted(names - set(documented))
    assert not missing, f"not in .env.example: {missing}"
    for name, number in documented.items():
        # Each variable has a one-line comment above it (or shares the one above
        # the variable before it).
        previous = lines[number - 1]
        assert previous.startswith("#") or re.match(r"^[A-Z0-9_]+=", previous), name


def test_no_shared_passwords_for_pages_or_documents(db):
    """W02: shared passwords are stored in plain text; they are off, and no page or
    collection uses one."""
    from wagtail.models import CollectionViewRestriction, PageViewRestriction

    assert django_settings.WAGTAIL_PRIVATE_PAGE_OPTIONS == {"SHARED_PASSWORD": False}
    assert django_settings.WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS == {
        "SHARED_PASSWORD": False
    }
    assert not PageViewRestriction.objects.filter(restriction_type="password").exists()
    assert not CollectionViewRestriction.objects.filter(
        restriction_type="password"
    ).exists()


def test_form_help_text_html_is_not_allowed():
    """W03: form field help text is escaped (the opt-out stays off)."""
    assert not getattr(django_settings, "WAGTAILFORMS_HELP_TEXT_ALLOW_HTML", False)


def test_upload_forms_are_ours():
    from wagtail.documents import get_document_model
    from wagtail.documents.forms import get_document_form
    from wagtail.images import get_image_model
    from wagtail.images.forms import get_image_form

    from pages.uploads import ClinicDocumentForm, ClinicImageForm

    assert issubclass(get_image_form(get_image_model()), ClinicImageForm)
    assert issubclass(get_document_form(get_document_model()), ClinicDocumentForm)
