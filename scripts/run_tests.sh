#!/usr/bin/env bash
# The test passes of `make test` (after lint and the lock and migration checks):
#
#   1. the API fuzzing (one long schemathesis run against a live server), started first in a process of
#      its own on the database DATABASE_URL names (PostgreSQL in CI: the production database, where a
#      NUL in a text field fails), running beside everything below; its output comes at the end;
#   2. every other test on SQLite, browser tests included, on two workers;
#   3. the measures tests again with NumPy's dispatch held to the baseline instruction set (no AVX2, no
#      AVX-512), so that a result that depends on the processor fails on every machine;
#   4. when DATABASE_URL is set: every test again on PostgreSQL but the browser tests, which ran in 2 (they
#      test pages and axe-core, not the database, and on PostgreSQL each waits several times longer for
#      the demo to load and the tables to be emptied).
#
# So every test runs at least once and all but those two groups on both databases. The fuzzing runs
# beside the rest, not among it: pytest-django schedules a test that commits after every other, so a
# worker would spend its last minutes on it alone. `--dist load` keeps pytest-django's order on each
# worker (tests that commit, and so empty the database, after all others): grouping by file instead ran
# a file's committing test in the middle and emptied the data migrations' rows for the files after.
# Each pass prints its 20 slowest tests. Exits non-zero if any part failed.
set -uo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
COMMON=(-p no:cacheprovider -q)
PARALLEL=(-n 2 --dist load --durations=20)
BASELINE_CPU="X86_V3 X86_V4 AVX512_ICL AVX512_SPR"
postgres="${DATABASE_URL:-}"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
"$PY" -m pytest "${COMMON[@]}" -m fuzz >"$log" 2>&1 &
fuzz=$!

failed=0
echo "--- SQLite: every test but the API fuzzing"
DATABASE_URL= "$PY" -m pytest "${COMMON[@]}" "${PARALLEL[@]}" -m "not fuzz" || failed=1
echo "--- SQLite: the measures tests with NumPy held to the baseline instruction set ($BASELINE_CPU)"
NPY_DISABLE_CPU_FEATURES="$BASELINE_CPU" DATABASE_URL= "$PY" -m pytest "${COMMON[@]}" -n 2 tests/measures \
  || failed=1
if [ -n "$postgres" ]; then
  echo "--- $postgres: every test but the browser tests and the API fuzzing"
  "$PY" -m pytest "${COMMON[@]}" "${PARALLEL[@]}" -m "not fuzz and not browser" || failed=1
fi
wait "$fuzz" || failed=1
echo "--- the API fuzzing, on ${postgres:-SQLite}, run beside the passes above:"
cat "$log"
exit "$failed"
