"""Run `evidence-app` as a user would: a separate process, its exit code and its output."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


def evidence_app(*args: str, env: Mapping[str, str] | None = None, stdin: str = "") -> Result:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_APP_")}
    full_env.update(env or {})
    completed = subprocess.run(
        [sys.executable, "-m", "evidence_app.cli.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)
