"""The Swedish catalogue is complete and compiled, and the UI is Swedish unless the user picks English.

When a catalogue test fails, run scripts/update_translations.sh, translate what it reports and run it again.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

CATALOGUE_DIR = Path(settings.LOCALE_PATHS[0]) / "sv" / "LC_MESSAGES"
PO_PATH = CATALOGUE_DIR / "django.po"
MO_PATH = CATALOGUE_DIR / "django.mo"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
FIX = "run scripts/update_translations.sh, translate the entries it reports and run it again"


def entry_id(entry: polib._BaseEntry) -> str:
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def pairs(entries: list[polib._BaseEntry]) -> set[tuple[str | None, str, str, tuple[tuple[int, str], ...]]]:
    """(context, msgid, msgstr, plural forms) of every entry except the header."""
    return {
        (e.msgctxt, e.msgid, e.msgstr, tuple(sorted((int(k), v) for k, v in e.msgstr_plural.items())))
        for e in entries
        if e.msgid and not e.obsolete
    }


@pytest.fixture(scope="module")
def po() -> polib.POFile:
    assert PO_PATH.exists(), f"{PO_PATH} is missing: {FIX}"
    return polib.pofile(str(PO_PATH))


def test_plural_forms_are_swedish(po: polib.POFile) -> None:
    assert po.metadata.get("Language") == "sv"
    assert po.metadata.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"


def test_every_entry_is_translated(po: polib.POFile) -> None:
    untranslated = [entry_id(e) for e in po.untranslated_entries()]
    untranslated += [entry_id(e) for e in po if e.msgid_plural and not all(e.msgstr_plural.values())]
    assert not untranslated, f"Untranslated in {PO_PATH.name} ({FIX}): {sorted(set(untranslated))}"


def test_no_entry_is_fuzzy(po: polib.POFile) -> None:
    fuzzy = [entry_id(e) for e in po.fuzzy_entries()]
    assert not fuzzy, f"Fuzzy (check the guess, then remove the fuzzy mark) in {PO_PATH.name}: {fuzzy}"


def test_translations_keep_the_placeholders(po: polib.POFile) -> None:
    wrong = []
    for e in po.translated_entries():
        wanted = set(PLACEHOLDER.findall(e.msgid + (e.msgid_plural or "")))
        for text in list(e.msgstr_plural.values()) if e.msgid_plural else [e.msgstr]:
            if set(PLACEHOLDER.findall(text)) != wanted:
                wrong.append((e.msgid, text))
    assert not wrong, f"Translations that lose or add a %(name)s placeholder: {wrong}"


def test_compiled_catalogue_matches_the_po_file(po: polib.POFile) -> None:
    assert MO_PATH.exists(), f"{MO_PATH} is missing: {FIX}"
    mo = polib.mofile(str(MO_PATH))
    in_po = pairs(po.translated_entries())
    in_mo = pairs(list(mo))
    assert in_po == in_mo, (
        f"django.mo is out of date with django.po ({FIX}). "
        f"Only in .po: {sorted(in_po - in_mo)[:5]}; only in .mo: {sorted(in_mo - in_po)[:5]}"
    )


@pytest.mark.django_db
def test_login_page_is_swedish_by_default() -> None:
    response = Client().get(reverse("login"))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="sv">' in content
    assert "Logga in" in content
    assert "Glömt ditt lösenord?" in content


@pytest.mark.django_db
def test_language_switch_to_english_and_back() -> None:
    client = Client()
    login_url = reverse("login")
    assert login_url == "/konto/logga-in/"

    response = client.post(reverse("set_language"), {"language": "en", "next": login_url})
    assert response.status_code == 302
    assert response["Location"] == login_url
    content = client.get(login_url).content.decode()
    assert '<html lang="en">' in content
    assert "Log in" in content
    assert "Logga in" not in content

    client.post(reverse("set_language"), {"language": "sv", "next": login_url})
    assert "Logga in" in client.get(login_url).content.decode()
