"""A throwaway PostgreSQL cluster for the server tests (and the server benchmark).

`EFFORTPLANNER_TEST_PG` (set by `.ci/postgres.sh`) names a running server as an
administrator's URL; without it a cluster is started here in a temporary folder on a
free local port, as the `postgres` system user when running as root (initdb refuses
root). Password authentication (scram) is on, so logins and wrong passwords are real.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ENV = "EFFORTPLANNER_TEST_PG"
ADMIN_PASSWORD = "admin-secret"


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for candidate in ("/usr/local/bin", *sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)):
        path = Path(candidate) / name
        if path.exists():
            return str(path)
    return None


def binaries_present() -> bool:
    return _binary("initdb") is not None and _binary("pg_ctl") is not None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    url: str  # administrator URL to the `postgres` database
    folder: Path | None = None  # set when this process started the cluster
    runner: list[str] | None = None

    def stop(self) -> None:
        if self.folder is None:
            return
        subprocess.run([*(self.runner or []), _binary("pg_ctl") or "pg_ctl", "-D", str(self.folder / "data"),
                        "-m", "immediate", "stop"], capture_output=True, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster() -> Cluster:
    """A new cluster in a temporary folder; the caller stops it."""
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    assert initdb and pg_ctl, "PostgreSQL binaries (initdb, pg_ctl) not found"
    folder = Path(tempfile.mkdtemp(prefix="effortplanner-pg-"))
    runner: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: run the cluster as the postgres system user
        shutil.chown(folder, "postgres")
        runner = ["runuser", "-u", "postgres", "--"]
    pwfile = folder / "pw"
    pwfile.write_text(ADMIN_PASSWORD)
    if runner:
        shutil.chown(pwfile, "postgres")
    subprocess.run([*runner, initdb, "-D", str(folder / "data"), "-U", "postgres", "--auth=scram-sha-256",
                    f"--pwfile={pwfile}", "-E", "UTF8", "--no-sync"], check=True, capture_output=True, cwd=folder)
    port = free_port()
    subprocess.run([*runner, pg_ctl, "-D", str(folder / "data"), "-l", str(folder / "log"), "-w", "-o",
                    f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
                   check=True, capture_output=True, cwd=folder)
    return Cluster(f"postgresql://postgres:{ADMIN_PASSWORD}@127.0.0.1:{port}/postgres", folder, runner)


def cluster_from_env_or_start() -> Cluster | None:
    """The server named by EFFORTPLANNER_TEST_PG, else a new one, else None (no binaries)."""
    if os.environ.get(ENV):
        return Cluster(os.environ[ENV])
    if binaries_present():
        return start_cluster()
    return None
