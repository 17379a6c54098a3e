#!/usr/bin/env bash
# One pass of the suite on the database DATABASE_URL names (SQLite when empty), as `make test` runs it:
#
#   scripts/run_tests.sh            every test but the API fuzzing, on two workers
#   scripts/run_tests.sh --fuzz     the same, with the API fuzzing beside it in a process of its own
#
# The fuzzing (one long test against a live server) runs beside the rest rather than among it: among
# it, pytest-django schedules it after every other test, because it commits to the database, so a
# worker would spend its last minutes on it alone. Its output follows the rest's. Prints the 20
# slowest tests; exits non-zero if either part failed. `--dist load` keeps pytest-django's order on each
# worker (tests that commit, and so empty the database, after all others): grouping by file instead
# ran a file's committing test in the middle and emptied the data migrations' rows for the files after.
set -uo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
COMMON=(-p no:cacheprovider -q)

fuzz=""
if [ "${1:-}" = "--fuzz" ]; then
  log="$(mktemp)"
  "$PY" -m pytest "${COMMON[@]}" -m fuzz >"$log" 2>&1 &
  fuzz=$!
fi
"$PY" -m pytest "${COMMON[@]}" -n 2 --dist load --durations=20 -m "not fuzz"
rest=$?
fuzzed=0
if [ -n "$fuzz" ]; then
  wait "$fuzz"
  fuzzed=$?
  echo "--- the API fuzzing, run beside the rest:"
  cat "$log"
  rm -f "$log"
fi
[ "$rest" -eq 0 ] && [ "$fuzzed" -eq 0 ]
