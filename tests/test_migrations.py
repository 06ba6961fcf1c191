from io import StringIO

from django.core import checks
from django.core.management import call_command
from django.db.migrations.recorder import MigrationRecorder

import pytest

from pages.checks import applied_migrations_exist


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)


@pytest.mark.django_db
def test_a_database_with_migrations_that_no_longer_exist_is_refused_plainly():
    """A development database made before the migrations were regenerated would
    fail on CREATE TABLE; migrate's checks name the cause and the way out."""
    assert applied_migrations_exist(databases=["default"]) == []
    MigrationRecorder.Migration.objects.create(
        app="pages", name="0009_conditionpage_testimonials"
    )
    errors = applied_migrations_exist(databases=["default"])
    assert [error.id for error in errors] == ["pages.E001"]
    assert "pages.0009_conditionpage_testimonials" in errors[0].msg
    assert "make run" in errors[0].hint
    assert errors[0].level == checks.ERROR
