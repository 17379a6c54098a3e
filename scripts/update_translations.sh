#!/usr/bin/env bash
# Update the Swedish catalogue from the code and templates, then compile it.
#
#   scripts/update_translations.sh
#
# 1. makemessages collects every marked string (Python, HTML and text templates; not the
#    Django-free measures library) into src/jamlik/locale/sv/LC_MESSAGES/django.po, keeping the
#    translations already there.
# 2. Translate the new entries (empty msgstr) and check those marked "#, fuzzy": msgmerge guessed
#    them from a similar old string. Remove the fuzzy mark once the translation is right.
# 3. Run this script again: it compiles django.po to django.mo (commit both files) and tells you
#    how many entries are still untranslated or fuzzy. tests/core/test_translations.py fails
#    until there are none and the .mo matches the .po.
#
# Needs GNU gettext (xgettext, msgmerge, msgfmt): apt-get install gettext.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PY" ] || PY=python3
CATALOGUE_DIR="$ROOT/src/jamlik/locale/sv/LC_MESSAGES"

for tool in xgettext msgmerge msgfmt; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is missing: install GNU gettext (apt-get install gettext)" >&2; exit 1; }
done

cd "$ROOT/src/jamlik"
"$PY" "$ROOT/manage.py" makemessages --locale sv --extension html,txt,py --ignore 'measures/*' --add-location file

cd "$CATALOGUE_DIR"
msgfmt --check --output-file django.mo django.po

untranslated=$(msgattrib --untranslated --no-obsolete django.po | grep -c '^msgid ' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete django.po | grep -c '^msgid ' || true)
# msgattrib prints the header entry too when it prints anything at all.
[ "$untranslated" -gt 0 ] && untranslated=$((untranslated - 1))
[ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))
msgfmt --statistics --output-file /dev/null django.po
if [ "$untranslated" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
  echo "Still to do in src/jamlik/locale/sv/LC_MESSAGES/django.po: $untranslated untranslated, $fuzzy fuzzy." >&2
  echo "Translate them, then run this script again." >&2
  exit 1
fi
echo "The Swedish catalogue is complete and compiled."
