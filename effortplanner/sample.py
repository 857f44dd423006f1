"""The bundled sample plan (the seed department's spreadsheets), shipped inside the package.

Pure paths and one date: the CLI and the window both open the sample as of the date of
its own document, never today, so its flags read as the department saw them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

SAMPLE_FOLDER = Path(__file__).resolve().parent / "sample_data"
SAMPLE_AS_OF = date(2016, 3, 30)  # the date of the sample plan's document (version 1.1)
SAMPLE_TITLE = "Sample plan (OPOS ramp-down)"


def sample_files() -> list[Path]:
    """The sample plan's spreadsheets, in a stable order."""
    return sorted(SAMPLE_FOLDER.glob("*.xlsx"))


def is_sample(files: Sequence[str | Path]) -> bool:
    """True when every file given is one of the bundled sample's spreadsheets."""
    if not files:
        return False
    try:
        return all(Path(str(f)).resolve().parent == SAMPLE_FOLDER for f in files)
    except OSError:
        return False
