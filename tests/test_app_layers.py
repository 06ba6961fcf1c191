"""Apps depend one way, from the top layer down: webhooks → api → leads → pages →
review → snippets. A model relates only to models of its own app, of the apps below it, or
of Django and Wagtail; a relation pointing up would make the lower app's schema
(and its migrations) depend on the upper one."""

import ast
from pathlib import Path

from django.apps import apps as installed_apps
from django.db.migrations.loader import MigrationLoader

import pytest

LAYERS = ["webhooks", "api", "leads", "pages", "review", "snippets"]


def upward_relations(apps) -> list[str]:
    """``model.field -> target`` for every relation that points to a higher layer."""
    found = []
    for layer, label in enumerate(LAYERS):
        try:
            models = apps.get_app_config(label).get_models()
        except LookupError:
            continue
        for model in models:
            for field in model._meta.get_fields():
                if not field.is_relation or field.auto_created:
                    continue
                target = field.related_model
                target_label = target._meta.app_label
                if target_label in LAYERS and LAYERS.index(target_label) < layer:
                    found.append(
                        f"{model._meta.label}.{field.name} -> {target._meta.label}"
                    )
    return found


def test_models_relate_only_to_their_own_layer_or_below():
    assert upward_relations(installed_apps) == []


# wagtail-localize's first migration reads the database when it is imported; in
# a whole run the test database's creation has imported it already.
@pytest.mark.django_db
def test_the_migrated_schema_keeps_the_layers():
    """The state the migrations build, not only the models: a relation moved in the
    models but left in a migration would still tie the apps together."""
    state = MigrationLoader(None, ignore_no_migrations=True).project_state()
    assert upward_relations(state.apps) == []


ROOT = Path(__file__).resolve().parents[1]


def upward_imports() -> list[str]:
    """``module -> app`` for every import of a higher layer's app, in code (tests
    and migrations aside)."""
    found = []
    for layer, label in enumerate(LAYERS):
        for source in sorted((ROOT / label).rglob("*.py")):
            if "migrations" in source.parts:
                continue
            for node in ast.walk(ast.parse(source.read_text())):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and not node.level:
                    names = [node.module or ""]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top in LAYERS and LAYERS.index(top) < layer:
                        found.append(f"{source.relative_to(ROOT)} -> {name}")
    return found


def test_code_imports_only_its_own_layer_or_below():
    """``webhooks`` listens to ``api`` (``api.signals.events_recorded``); ``api``
    never imports ``webhooks``, and so on down."""
    assert upward_imports() == []
