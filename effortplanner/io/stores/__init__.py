"""Plan stores: the `.effortplan` file (embedded default) and a PostgreSQL server (shared).

`store_for(location)` picks one by location: a path, or `postgresql://…?plan=NAME`.
The server store is imported only when a server location is used, so psycopg is
never loaded for file work.
"""

from __future__ import annotations

from pathlib import Path

from effortplanner.io.stores.base import AccessRefused, Opened, PlanInfo, PlanStore, StaleRevision
from effortplanner.io.stores.location import is_server_location

__all__ = ["AccessRefused", "Opened", "PlanInfo", "PlanStore", "StaleRevision", "is_server_location", "store_for"]


def store_for(location: str | Path) -> PlanStore:
    """The store a location names: a server URL or a plan file path."""
    if is_server_location(location):
        from effortplanner.io.stores.server import ServerStore

        return ServerStore(str(location))
    from effortplanner.io.stores.file_store import FileStore

    return FileStore(location)
