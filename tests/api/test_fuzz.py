"""Schemathesis fuzzes the live API from its own OpenAPI schema, as each role: no 5xx, no schema violation.

Every role gets the schema's examples and JAMLIK_FUZZ_EXAMPLES cases generated from the schema for every
operation, and the test checks that each role reached each operation. The coverage phase (boundary
values of every parameter: about 3,000 requests per role) runs for the roles in
JAMLIK_FUZZ_COVERAGE_ROLES: in `make test` only the administrator, who reaches every operation's body;
`bench/fuzz_api.sh` runs it for every role with more examples (10,000+ requests). `make test` runs this
once, beside the other tests (scripts/run_tests.sh), on PostgreSQL when DATABASE_URL is set (the
production database: a NUL in a text field fails there and not on SQLite).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from jamlik.api.actions import do_create_api_token
from jamlik.api.api import api
from jamlik.core.models import User
from jamlik.demo.loader import load_demo

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.fuzz]

EXAMPLES = int(os.environ.get("JAMLIK_FUZZ_EXAMPLES", "12"))
COVERAGE_ROLES = os.environ.get("JAMLIK_FUZZ_COVERAGE_ROLES", "admin").split(",")
MIN_REQUESTS = int(os.environ.get("JAMLIK_FUZZ_MIN_REQUESTS", "2000"))
# One demo user per role: administrator, process owner, process leader, management, participant, reader.
ROLES = ["admin", "agnes", "omar", "karin", "jonas", "leila"]


def test_api_survives_fuzzing_as_every_role(live_server: Any, tmp_path: Path, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    schemathesis = Path(sys.executable).with_name("schemathesis")
    total = 0
    failures = []
    paths = api.get_openapi_schema()["paths"]
    operations = {f"{method.upper()} {path}" for path, item in paths.items() for method in item}
    for username in ROLES:
        user = User.objects.get(username=username)
        _, token = do_create_api_token(user, acting_user=user, name="fuzz")
        report = tmp_path / f"{username}.ndjson"
        result = subprocess.run(
            [
                str(schemathesis),
                "run",
                f"{live_server.url}/api/openapi.json",
                "-H",
                f"Authorization: Bearer {token}",
                "-c",
                "not_a_server_error,response_schema_conformance",
                "-n",
                str(EXAMPLES),
                "--seed",
                "20261123",
                "--generation-deterministic",
                "--report",
                "ndjson",
                "--report-ndjson-path",
                str(report),
                "--phases",
                "examples,coverage,fuzzing" if username in COVERAGE_ROLES else "examples,fuzzing",
            ],
            capture_output=True,
            text=True,
            timeout=900,
        )
        if result.returncode != 0:
            failures.append(f"--- {username} ---\n{result.stdout[-4000:]}")
        per_operation = count_requests(report)
        total += sum(per_operation.values())
        unreached = sorted(op for op in operations if not per_operation.get(op))
        if unreached:
            failures.append(f"--- {username} --- no request sent to: {', '.join(unreached)}")
    print(f"schemathesis sent {total} requests to {len(operations)} operations as {len(ROLES)} roles")
    assert not failures, "\n".join(failures)
    assert total >= MIN_REQUESTS, f"only {total} requests were sent"


def count_requests(report: Path) -> Counter[str]:
    """Requests per operation ("METHOD /path") in schemathesis's NDJSON report (each scenario lists its
    interactions under its operation's label)."""
    count: Counter[str] = Counter()
    for line in report.read_text().splitlines():
        event = json.loads(line)
        for payload in event.values():
            if isinstance(payload, dict) and isinstance(payload.get("recorder"), dict):
                recorder = payload["recorder"]
                count[recorder.get("label", "")] += len(recorder.get("interactions", {}))
    return count
