"""Check that the virtualenv holds exactly the packages of the lock files, at their versions.

Usage: python scripts/check_lock.py requirements/build.txt requirements/test.txt

Compares `pip freeze --all` (without the editable Jämlik itself) with the pins of the given lock files;
prints every package that is missing, extra or at another version, and exits 1 if there is any.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lines: list[str]) -> dict[str, str]:
    found = {}
    for line in lines:
        match = PIN.match(line.strip())
        if match:
            found[canonical(match.group(1))] = match.group(2)
    return found


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__)
        return 2
    locked: dict[str, str] = {}
    for path in paths:
        locked |= pins(Path(path).read_text().splitlines())
    freeze = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--all", "--exclude-editable"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    installed = pins(freeze)
    problems = [f"missing: {name}=={locked[name]}" for name in sorted(locked.keys() - installed.keys())]
    problems += [
        f"not in the lock: {name}=={installed[name]}" for name in sorted(installed.keys() - locked.keys())
    ]
    problems += [
        f"other version: {name} {installed[name]} (lock: {locked[name]})"
        for name in sorted(locked.keys() & installed.keys())
        if locked[name] != installed[name]
    ]
    for problem in problems:
        print(problem)
    if problems:
        files = ", ".join(paths)
        print(f"The virtualenv differs from {files}: run `make clean test` to reinstall from the lock.")
        return 1
    print(f"The virtualenv matches the lock files ({len(installed)} packages).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
