"""`effortplanner --install-desktop`: the menu entry and icon for the current user (Linux, XDG).

The icon and the ``.desktop`` entry ship inside the package (``effortplanner/resources``);
this copies them where desktop environments look: ``$XDG_DATA_HOME/applications`` and
``$XDG_DATA_HOME/icons/hicolor`` (default ``~/.local/share``).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent / "resources"
ICON_PNG = RESOURCES / "effortplanner.png"
ICON_SVG = RESOURCES / "effortplanner.svg"
DESKTOP_ENTRY = RESOURCES / "effortplanner.desktop"


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def install_desktop(target: Path | None = None) -> list[Path]:
    """Copy the .desktop entry (its Exec pointing at this installation) and the icons; the paths written."""
    root = target or data_home()
    launcher = shutil.which("effortplanner") or f"{sys.executable} -m effortplanner"
    entry = DESKTOP_ENTRY.read_text(encoding="utf-8").replace("Exec=effortplanner", f"Exec={launcher}")
    written: list[Path] = []
    for path, data in ((root / "applications" / "effortplanner.desktop", entry.encode("utf-8")),
                       (root / "icons" / "hicolor" / "256x256" / "apps" / "effortplanner.png", ICON_PNG.read_bytes()),
                       (root / "icons" / "hicolor" / "scalable" / "apps" / "effortplanner.svg",
                        ICON_SVG.read_bytes())):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def run_install_desktop() -> int:
    try:
        written = install_desktop()
    except OSError as exc:
        print(f"effortplanner: could not install the desktop entry: {exc}", file=sys.stderr)
        return 2
    print("Installed " + ", ".join(str(p) for p in written))
    return 0
