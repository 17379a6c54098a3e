"""The six life areas of the family-centred conversation template: the default list.

A municipality may rename, reorder, add or retire areas afterwards (in the admin); the guidance
questions are written for this system.
"""

from __future__ import annotations

from typing import Any

DEFAULT_LIFE_AREAS = [
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


def ensure_default_life_areas(model: Any) -> None:
    """Create the default areas that are missing (`model` is LifeArea, or its historical version)."""
    for position, (name, guidance) in enumerate(DEFAULT_LIFE_AREAS, start=1):
        model.objects.get_or_create(name=name, defaults={"guidance": guidance, "position": position})
