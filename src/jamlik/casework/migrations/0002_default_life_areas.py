"""The six default life areas (see jamlik/casework/defaults.py)."""

from django.db import migrations

from jamlik.casework.defaults import ensure_default_life_areas


def add_areas(apps, schema_editor):
    ensure_default_life_areas(apps.get_model("casework", "LifeArea"))


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]

    operations = [migrations.RunPython(add_areas, migrations.RunPython.noop)]
