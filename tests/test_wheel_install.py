"""A normal (not editable) install carries the sample plan and resources: build the wheel, install it
in a fresh virtual environment, and open the window offscreen on the bundled sample from another folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
import effortplanner
from effortplanner.cli import main
import effortplanner.gui.app as app
shoot = app._screenshot
def report(application, window, out, tab):
    print("module", effortplanner.__file__)
    print("people", len(window.document.plan.people))
    print("title", window.document.title)
    print("as_of", window.document.plan.settings.as_of)
    print("icon", not application.windowIcon().isNull())
    return shoot(application, window, out, tab)
app._screenshot = report
sys.exit(main(["--screenshot", sys.argv[1], "--tab", "people"]))
"""


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=240, check=False)


def test_the_wheel_installs_and_opens_the_bundled_sample(tmp_path) -> None:
    source = tmp_path / "src"  # a clean copy: no stale build/ folder from an earlier build
    source.mkdir()
    shutil.copytree(ROOT / "effortplanner", source / "effortplanner",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"),
                  str(source)], tmp_path)
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("effortplanner-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert sum(n.startswith("effortplanner/sample_data/") and n.endswith(".xlsx") for n in names) == 5
    assert {"effortplanner/resources/effortplanner.png",
            "effortplanner/resources/effortplanner.desktop"} <= set(names)

    venv = tmp_path / "venv"
    assert _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path).returncode == 0
    python = venv / "bin" / "python"
    purelib = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                        tmp_path).stdout.strip())
    # The dependencies come from this environment, offline; the project itself only from the wheel.
    (purelib / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    installed = _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                      "-q", str(wheel)], tmp_path)
    if installed.returncode != 0 and "no such option: --python" in installed.stderr:  # pip < 22.3
        installed = _run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q",
                          "--target", str(purelib), str(wheel)], tmp_path)
    assert installed.returncode == 0, installed.stderr

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shot = elsewhere / "people.png"
    opened = _run([str(python), "-c", PROBE, str(shot)], elsewhere)
    assert opened.returncode == 0, opened.stderr
    report = dict(line.split(" ", 1) for line in opened.stdout.splitlines() if " " in line)
    assert report["module"].startswith(str(purelib))  # the installed copy, not this source tree
    assert report["people"] == "19"
    assert report["title"] == "Sample plan (OPOS ramp-down)" and report["as_of"] == "2016-03-30"
    assert report["icon"] == "True"
    assert shot.stat().st_size > 10_000
