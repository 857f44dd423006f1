#!/usr/bin/env bash
# Architecture contracts (called from .ci/run inside its virtual environment):
# 1. import-linter: layers cli > gui > io > analysis > core, Qt only under gui, the timeline
#    reads the analysis snapshot only (contracts in pyproject.toml);
# 2. the non-GUI tests with PySide6 made unimportable (tests/block_qt.py);
# 3. mypy over core/, analysis/ and io/ (config in pyproject.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q -e ".[test]"
lint-imports
# The blocker must really block: importing PySide6 under it has to fail.
if python -c "import tests.block_qt, PySide6" 2>/dev/null; then
  echo "tests/block_qt.py did not block PySide6" >&2
  exit 1
fi
QT_QPA_PLATFORM=offscreen python -m pytest -q -p tests.block_qt -p no:pytest-qt \
  --ignore-glob='tests/test_gui_*' --ignore=tests/test_pyside_regression.py
mypy
