"""A pytest plugin that makes PySide6 unimportable: `pytest -p tests.block_qt -p no:pytest-qt ...`.

CI runs the non-GUI tests with it (`.ci/contracts.sh`), so core, analysis, io and the CLI
are shown to work on a machine without Qt, not only to avoid importing it by name.
"""

from __future__ import annotations

import importlib.abc
import sys

BLOCKED = ("PySide6", "shiboken6")


class _NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: object = None, target: object = None) -> None:
        if fullname.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"{fullname} is blocked: this run checks the code works without Qt")
        return None


def _install() -> None:
    if any(name.split(".")[0] in BLOCKED for name in sys.modules):
        raise RuntimeError("Qt was imported before tests.block_qt could block it")
    sys.meta_path.insert(0, _NoQt())


_install()


def pytest_collection_modifyitems(config: object, items: list) -> None:  # type: ignore[type-arg]
    """Leave out the window tests that sit beside pure ones (they need qtbot); the full run has them."""
    kept = [item for item in items if "qtbot" not in getattr(item, "fixturenames", ())]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])  # type: ignore[attr-defined]
        items[:] = kept
