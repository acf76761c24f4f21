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


# DESIGN §1, bottom to top. A package may import its own modules and packages of a lower
# level; packages on one level do not import each other. `resources` is data, open to all.
LEVELS = {
    "kernel": 0,
    "crypto": 1,
    "media": 1,
    "storage": 2,
    "custody": 3,
    "ingest": 4,
    "records": 4,
    "export": 5,
    "core": 6,
    "gui": 7,
    "cli": 8,
}
# The shells reach the rest only through `core`; the command line also starts the desktop app.
SHELLS = {"gui": {"gui", "core"}, "cli": {"cli", "core", "gui"}}


def may_import(layer: str, target: str) -> bool:
    if target == "resources" or target == layer:
        return True
    if layer in SHELLS:
        return target in SHELLS[layer]
    return LEVELS[target] < LEVELS[layer]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name.startswith("evidence_app.")}


def layering_violations(package: Path) -> list[str]:
    violations = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package).parts
        if len(parts) < 2 or parts[0] == "resources":
            continue
        layer = parts[0]
        for module in sorted(imported_modules(path)):
            target = module.split(".")[1]
            if not may_import(layer, target):
                violations.append(f"{path.relative_to(package)} imports {module}")
    return violations


def test_each_layer_imports_only_the_layers_below_it() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages == set(LEVELS) | {"resources"}, "a new package needs its place in DESIGN §1"
    assert layering_violations(PACKAGE) == []


def test_an_upward_or_shell_crossing_import_is_caught(tmp_path: Path) -> None:
    for module, line in {
        "kernel/errors.py": "from evidence_app.core.vault_service import Vault\n",
        "storage/vault.py": "import evidence_app.custody.events\n",
        "records/store.py": "from evidence_app.ingest import prepare\n",
        "gui/window.py": "from evidence_app.storage.vault import Vault\n",
        "cli/main.py": "from evidence_app.crypto.identity import fingerprint\n",
        "core/ok.py": "from evidence_app.storage.vault import Vault\n",
    }.items():
        (tmp_path / module).parent.mkdir(exist_ok=True)
        (tmp_path / module).write_text(line, encoding="utf-8")
    assert [v.split(" imports ")[0] for v in layering_violations(tmp_path)] == [
        "cli/main.py",
        "gui/window.py",
        "kernel/errors.py",
        "records/store.py",
        "storage/vault.py",
    ]
