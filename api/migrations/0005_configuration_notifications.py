"""PostgreSQL tells listening processes when what ``cms.configuration`` keeps may
have changed (``api.listening``): ``config`` on the same channel as the rendered
pages' news. Nothing on SQLite, which cannot listen."""

from django.db import migrations

from cms.database import on_postgresql

# Tables whose every change may change a kept read: view restrictions (pages and
# collections), collections (a restriction covers a collection's descendants),
# locales and the clinic settings' frontend URLs. Sites already send "*"
# (api/0004), which forgets the configuration too.
TABLES = (
    "wagtailcore_pageviewrestriction",
    "wagtailcore_collectionviewrestriction",
    "wagtailcore_collection",
    "wagtailcore_locale",
    "pages_clinicsettings",
)

FORWARD = (
    """
CREATE FUNCTION api_configuration_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('api_rendered', 'config');
    RETURN NULL;
END
$$;
"""
    + "".join(
        f"""
CREATE TRIGGER api_configuration_notify
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION api_configuration_notify();
"""
        for table in TABLES
    )
    + """
CREATE TRIGGER api_configuration_notify
    AFTER INSERT OR DELETE OR TRUNCATE ON wagtailcore_page
    FOR EACH STATEMENT EXECUTE FUNCTION api_configuration_notify();
CREATE TRIGGER api_configuration_notify_moves
    AFTER UPDATE ON wagtailcore_page
    FOR EACH ROW
    WHEN ((OLD.path, OLD.url_path, OLD.translation_key, OLD.locale_id)
          IS DISTINCT FROM
          (NEW.path, NEW.url_path, NEW.translation_key, NEW.locale_id))
    EXECUTE FUNCTION api_configuration_notify();
"""
)

BACKWARD = (
    """
DROP TRIGGER IF EXISTS api_configuration_notify_moves ON wagtailcore_page;
DROP TRIGGER IF EXISTS api_configuration_notify ON wagtailcore_page;
"""
    + "".join(
        f"DROP TRIGGER IF EXISTS api_configuration_notify ON {table};\n"
        for table in TABLES
    )
    + "DROP FUNCTION IF EXISTS api_configuration_notify();\n"
)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0004_rendered_page_notifications"),
        ("pages", "0010_translation_permission_for_editors"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
    ]
