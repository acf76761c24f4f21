"""Printing results: JSON for scripts with --json, short plain lines for people."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def wants_json(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "json", False))


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def say(message: str = "") -> None:
    print(message)


def warn(message: object) -> None:
    print(message, file=sys.stderr)
