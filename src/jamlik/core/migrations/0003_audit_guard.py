"""On PostgreSQL the database itself refuses to change or delete audit rows.

Only the retention purge may delete, and only old rows: it sets `jamlik.audit_purge` for its own
transaction. (TRUNCATE, used by test databases, is not a row operation and is not affected.)
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION core_auditentry_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('jamlik.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit entries cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_auditentry_guard ON core_auditentry;
CREATE TRIGGER core_auditentry_guard BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_guard();
"""

DROP = """
DROP TRIGGER IF EXISTS core_auditentry_guard ON core_auditentry;
DROP FUNCTION IF EXISTS core_auditentry_guard();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_roles")]
    operations = [migrations.RunPython(forwards, backwards)]
