"""The layering rule: only effortplanner.gui may import Qt, so the core runs without a display."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "effortplanner"


def _qt_imports(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] in ("PySide6", "shiboken6") for a in node.names):
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("PySide6", "shiboken6"):
            lines.append(node.lineno)
    return lines


def test_no_qt_import_outside_gui() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "gui" in path.relative_to(PACKAGE).parts:
            continue
        offenders += [f"{path.relative_to(PACKAGE.parent)}:{line}" for line in _qt_imports(path)]
    assert offenders == [], f"PySide6 imported outside effortplanner/gui: {offenders}"


def test_gui_does_import_qt() -> None:
    """Guards the scanner itself: it must find the imports that are there."""
    assert any(_qt_imports(p) for p in (PACKAGE / "gui").rglob("*.py"))


def test_core_io_analysis_load_without_qt() -> None:
    code = (
        "import sys, pkgutil, importlib, effortplanner\n"
        "for sub in ('core', 'analysis', 'io'):\n"
        "    pkg = importlib.import_module('effortplanner.' + sub)\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(f'effortplanner.{sub}.{m.name}')\n"
        "import effortplanner.cli\n"
        "assert 'PySide6' not in sys.modules, sorted(k for k in sys.modules if 'PySide' in k)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_core_does_not_depend_on_analysis_io_or_gui() -> None:
    """Layers depend only on the ones above them: core on nothing of ours but core."""
    offenders = []
    for path in (PACKAGE / "core").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [module or ""]
            for name in names:
                if name.startswith(("effortplanner.analysis", "effortplanner.io", "effortplanner.gui")):
                    offenders.append(f"{path.name}:{node.lineno} {name}")
    assert offenders == []
