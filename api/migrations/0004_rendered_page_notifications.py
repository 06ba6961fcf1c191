"""PostgreSQL tells listening processes when a rendered page changes in what an
early answer reads (``api.listening``). Nothing on SQLite, which cannot."""

from django.db import migrations

from cms.database import on_postgresql

FORWARD = """
CREATE FUNCTION api_rendered_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('api_rendered', OLD.page_id || ' path');
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM pg_notify('api_rendered', NEW.page_id || ' path');
    ELSIF (OLD.path, OLD.site_id) IS DISTINCT FROM (NEW.path, NEW.site_id) THEN
        PERFORM pg_notify('api_rendered', NEW.page_id || ' path');
    ELSIF (OLD.etag, OLD.last_modified, OLD.rendered_on,
           OLD.body IS NULL, OLD.body_br IS NULL)
          IS DISTINCT FROM
          (NEW.etag, NEW.last_modified, NEW.rendered_on,
           NEW.body IS NULL, NEW.body_br IS NULL) THEN
        PERFORM pg_notify('api_rendered', NEW.page_id::text);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION api_rendered_notify_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('api_rendered', '*');
    RETURN NULL;
END
$$;

CREATE TRIGGER api_rendered_notify
    AFTER INSERT OR UPDATE OR DELETE ON api_renderedpage
    FOR EACH ROW EXECUTE FUNCTION api_rendered_notify();
CREATE TRIGGER api_rendered_notify_truncate
    AFTER TRUNCATE ON api_renderedpage
    FOR EACH STATEMENT EXECUTE FUNCTION api_rendered_notify_all();
CREATE TRIGGER api_rendered_notify_sites
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON wagtailcore_site
    FOR EACH STATEMENT EXECUTE FUNCTION api_rendered_notify_all();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS api_rendered_notify_sites ON wagtailcore_site;
DROP TRIGGER IF EXISTS api_rendered_notify_truncate ON api_renderedpage;
DROP TRIGGER IF EXISTS api_rendered_notify ON api_renderedpage;
DROP FUNCTION IF EXISTS api_rendered_notify_all();
DROP FUNCTION IF EXISTS api_rendered_notify();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0003_rendered_pages"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
    ]
