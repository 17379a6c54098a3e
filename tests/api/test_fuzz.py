"""Schemathesis fuzzes the live API from its own OpenAPI schema, as each role: no 5xx, no schema violation.

Every role gets the schema's examples and JAMLIK_FUZZ_EXAMPLES random cases per operation. The coverage
phase (boundary values of every parameter: about 3,000 requests per role, the slow part) runs for the
roles in JAMLIK_FUZZ_COVERAGE_ROLES: in CI only the administrator, who reaches every operation's body;
`bench/fuzz_api.sh` runs it for every role with more examples (10,000+ requests).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from jamlik.api.actions import do_create_api_token
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
        total += count_requests(report)
    assert not failures, "\n".join(failures)
    assert total >= MIN_REQUESTS, f"only {total} requests were sent"


def count_requests(report: Path) -> int:
    """Requests recorded in schemathesis's NDJSON report (each scenario lists its interactions)."""
    count = 0
    for line in report.read_text().splitlines():
        event = json.loads(line)
        for payload in event.values():
            if isinstance(payload, dict) and isinstance(payload.get("recorder"), dict):
                count += len(payload["recorder"].get("interactions", {}))
    return count
