"""Shared fixtures. GUI tests run headless."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def sample_files() -> list[Path]:
    return sorted(SAMPLE.glob("*.xlsx"))


@pytest.fixture(scope="session")
def seed_plan(sample_files):
    """The whole bundled sample plan, imported once (tests must not edit it: copy first)."""
    from effortplanner.io.importer import import_files

    return import_files(sample_files)


@pytest.fixture(autouse=True)
def no_modal_dialog_left_open(request):
    """Fail any GUI test that leaves a modal dialog open (it would block a real user)."""
    yield
    if "qtbot" not in request.fixturenames:
        return
    from PySide6.QtWidgets import QApplication

    modal = QApplication.activeModalWidget()
    if modal is not None:
        modal.close()
        pytest.fail(f"a modal dialog was left open: {modal.windowTitle()!r}")
