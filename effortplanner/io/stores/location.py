"""Server locations: `postgresql://[user[:password]@]host[:port]/dbname?plan=NAME[&libpq…]#SCENARIO`.

Our own query parameters (`plan`, `revision`) are taken out; every other one (sslmode,
connect_timeout, …) passes through to libpq untouched. The password, when the URL has
one, is used to connect and nowhere else: `shown` is the location as a user may see it
in a message, a title or a recent list, and `scrub` removes it from any text that a
library put together (an error message) before that text is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from effortplanner.io.errors import PlanReadError

SCHEMES = ("postgresql", "postgres")
ALL_PLANS = "*"


def is_server_location(text: object) -> bool:
    """True when `text` names a plan on a PostgreSQL server rather than a file."""
    return isinstance(text, str) and text.split("://", 1)[0].lower() in SCHEMES and "://" in text


@dataclass(frozen=True)
class ServerLocation:
    """One parsed server location. `conninfo` holds the password; never show it: show `shown`."""

    conninfo: str  # what psycopg connects with (password included when the URL had one)
    shown: str  # the same location without the password, with ?plan=…#scenario
    server: str  # user@host:port/dbname, no password: the key of the recent-servers list
    plan: str | None
    scenario: str | None
    revision: int | None  # the revision the caller says it published on top of
    password: str | None

    @property
    def all_plans(self) -> bool:
        return self.plan == ALL_PLANS

    @property
    def server_url(self) -> str:
        """The server and database (libpq options kept), without password or plan: a recent-servers entry."""
        return _with_query(self.shown.split("?", 1)[0].split("#", 1)[0], None, self._libpq_query())

    def with_plan(self, plan: str, scenario: str | None = None) -> ServerLocation:
        """The same server, another plan (and scenario)."""
        base = self.shown.split("?", 1)[0].split("#", 1)[0]
        shown = _with_query(base, plan, self._libpq_query()) + (f"#{scenario}" if scenario else "")
        return ServerLocation(self.conninfo, shown, self.server, plan, scenario, None, self.password)

    def _libpq_query(self) -> list[tuple[str, str]]:
        return [(k, v) for k, v in parse_qsl(urlsplit(self.conninfo).query)]

    def scrub(self, text: str) -> str:
        """`text` with the password (as written and URL-encoded) replaced by ***."""
        if self.password:
            for form in {self.password, quote(self.password, safe=""), quote(self.password)}:
                text = text.replace(form, "***")
        return text


def _with_query(base: str, plan: str | None, libpq: list[tuple[str, str]]) -> str:
    query = ([("plan", plan)] if plan else []) + libpq
    return base + ("?" + urlencode(query, safe="*") if query else "")


def parse_location(text: str) -> ServerLocation:
    """A server location, or a located error naming the location without its password."""
    body, _, fragment = text.partition("#")
    parts = urlsplit(body)
    password = unquote(parts.password) if parts.password is not None else None
    netloc_shown = parts.netloc.rsplit("@", 1)[-1]
    user = unquote(parts.username) if parts.username else ""
    if user:
        netloc_shown = f"{quote(user, safe='')}@{netloc_shown}"
    shown_base = urlunsplit((parts.scheme, netloc_shown, parts.path, "", ""))
    query = parse_qsl(parts.query, keep_blank_values=True)
    ours = {k: v for k, v in query if k in ("plan", "revision")}
    libpq = [(k, v) for k, v in query if k not in ("plan", "revision")]
    plan = ours.get("plan") or None
    shown = _with_query(shown_base, plan, libpq) + (f"#{fragment}" if fragment else "")
    revision: int | None = None
    if "revision" in ours:
        try:
            revision = int(ours["revision"])
        except ValueError:
            raise PlanReadError(f"revision={ours['revision']!r} is not a number", file=shown) from None
    if not parts.path.strip("/"):
        raise PlanReadError("name the database: postgresql://[user@]host[:port]/DBNAME?plan=NAME", file=shown)
    conninfo = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(libpq), ""))
    server = f"{netloc_shown}{parts.path}"
    return ServerLocation(conninfo, shown, server, plan, fragment or None, revision, password)
