"""The six life areas of the family-centred conversation template, as the default list.

A municipality may rename, reorder, add or retire areas afterwards; the guidance questions are written
for this system.
"""

from django.db import migrations

AREAS = [
    (
        "Hushållsekonomi",
        "Hur går pengarna ihop över en månad? Finns skulder, räkningar som släpar eller oro för hyran? "
        "Vad skulle en egen lön betyda för familjen?",
    ),
    (
        "Nätverk",
        "Vilka finns runt dig och barnen? Vem kan hämta, lämna eller rycka in när något händer? "
        "Saknas någon att prata med?",
    ),
    (
        "Välfärdssystemet",
        "Vilka myndigheter och ersättningar har familjen kontakt med (Försäkringskassan, "
        "Arbetsförmedlingen, vården)? Vad är oklart eller krångligt?",
    ),
    (
        "Bostad",
        "Hur bor familjen? Är boendet tryggt och tillräckligt stort, och hur länge kan ni bo kvar?",
    ),
    (
        "Förskola",
        "Har barnen plats i förskola, skola eller fritids som passar arbete eller studier? Behöver något "
        "barn särskilt stöd?",
    ),
    (
        "Hälsa",
        "Hur mår du och barnen, kroppsligt och psykiskt? Behövs kontakt med vården eller en utredning?",
    ),
]


def add_areas(apps, schema_editor):
    LifeArea = apps.get_model("casework", "LifeArea")
    for position, (name, guidance) in enumerate(AREAS, start=1):
        LifeArea.objects.get_or_create(name=name, defaults={"guidance": guidance, "position": position})


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]

    operations = [migrations.RunPython(add_areas, migrations.RunPython.noop)]
