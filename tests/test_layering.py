"""DESIGN §1: nothing outside evidence_app.gui loads Qt, and layers point one way."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "evidence_app"


def non_gui_modules() -> list[str]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(relative.parts)
        if "gui" in parts or "migrations" in parts:
            continue
        if parts[-1] == "__init__":
            parts.pop()
        modules.append(".".join(parts))
    return modules


def test_importing_every_module_outside_gui_does_not_load_qt() -> None:
    modules = non_gui_modules()
    assert "evidence_app.storage.vault" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'PySide6'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# Which top-level packages each package may import (DESIGN §1: gui, cli → core → the rest
# → crypto). `core.errors`, `core.progress` and `core.clock` are shared vocabulary and may
# be imported from anywhere.
ALLOWED = {
    "crypto": {"crypto"},
    "storage": {"storage", "crypto"},
    "custody": {"custody", "storage", "crypto"},
    "ingest": {"ingest", "storage", "custody", "crypto"},
    "records": {"records", "storage", "custody", "crypto"},
    "export": {"export", "records", "ingest", "storage", "custody", "crypto"},
    "core": {"core", "records", "export", "ingest", "custody", "storage", "crypto"},
    "cli": {"cli", "core", "crypto", "storage", "gui"},  # gui only for `evidence-app gui`
    "gui": {"gui", "core", "crypto", "storage"},
}
SHARED = {"evidence_app.core.errors", "evidence_app.core.progress", "evidence_app.core.clock"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name.startswith("evidence_app.")}


def test_each_layer_imports_only_the_layers_below_it() -> None:
    violations = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) < 2:
            continue
        layer = parts[0]
        for module in imported_modules(path) - SHARED:
            target = module.split(".")[1]
            if target not in ALLOWED.get(layer, set()) and target not in {"resources"}:
                violations.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert violations == []
