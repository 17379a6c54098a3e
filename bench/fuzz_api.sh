#!/usr/bin/env bash
# The long API fuzz run: 10,000+ generated requests across all roles (CI runs about 2,000).
set -euo pipefail
cd "$(dirname "$0")/.."
JAMLIK_FUZZ_EXAMPLES="${JAMLIK_FUZZ_EXAMPLES:-60}" JAMLIK_FUZZ_MIN_REQUESTS=10000 \
  JAMLIK_FUZZ_COVERAGE_ROLES="${JAMLIK_FUZZ_COVERAGE_ROLES:-admin,agnes,omar,karin,jonas,leila}" \
  .venv/bin/python -m pytest -p no:cacheprovider -q tests/api/test_fuzz.py
