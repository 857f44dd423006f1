"""Plans on a real PostgreSQL server: round trip, rights, revisions, a killed publish, passwords."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from effortplanner.cli import main
from effortplanner.io.errors import PlanWriteError
from effortplanner.io.stores import StaleRevision, store_for
from tests.pg_cluster import free_port
from tests.server_helpers import Server, pg_cluster, pg_server  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parent.parent


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    capsys.readouterr()
    assert main(["show", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_spreadsheets_to_server_and_back_equal(pg_server: Server, sample_files: list[Path],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    url = f"{pg_server.admin}?plan=opos"
    assert main(["convert", *map(str, sample_files), "-o", url]) == 0
    assert "Published" in capsys.readouterr().out
    assert _json(capsys, url) == _json(capsys, *map(str, sample_files))


def test_plan_file_scenarios_round_trip(pg_server: Server, seed_plan, tmp_path: Path) -> None:
    from effortplanner.core.edits import set_value
    from effortplanner.core.scenarios import ScenarioSet
    from effortplanner.io.jsonout import plan_to_json
    from effortplanner.io.scenario_file import load_scenario_set, save_scenario_set

    scenarios = ScenarioSet(seed_plan.copy())
    ramp = scenarios.create("Ramp-down", "Baseline", description="OPOS moves to USDC")
    person = ramp.plan.people.index[0]
    scenarios.record(set_value(ramp.plan, "people", person, "role", "Scientist"), "promoted", scenario="Ramp-down")
    source = tmp_path / "plan.effortplan"
    save_scenario_set(source, scenarios)
    opened = store_for(source).open()
    server = store_for(f"{pg_server.admin}?plan=opos")
    revisions = server.save(opened.scenarios, {})
    back = server.open()
    assert back.revisions == revisions and back.scenarios.names == ["Baseline", "Ramp-down"]
    assert back.scenarios["Ramp-down"].description == "OPOS moves to USDC"
    target = tmp_path / "back.effortplan"
    save_scenario_set(target, back.scenarios)
    again = load_scenario_set(target)
    for name in again.names:
        assert plan_to_json(again[name].plan) == plan_to_json(load_scenario_set(source)[name].plan)
        assert [(e.description, e.note) for e in again[name].log] == \
            [(e.description, e.note) for e in opened.scenarios[name].log]
    assert again["Ramp-down"].plan.people.at[person, "role"] == "Scientist" and len(again["Ramp-down"].log) == 1


def _grant(server: Server, plan: str, role: str, write: bool = False) -> None:
    assert main(["db", "grant", server.admin, "--plan", plan, "--to", role, *(["--write"] if write else [])]) == 0


def test_two_logins_see_and_write_only_what_they_were_granted(pg_server: Server, sample_files: list[Path],
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    files = list(map(str, sample_files))
    for plan in ("opos", "sdps"):
        assert main(["convert", *files, "-o", f"{pg_server.admin}?plan={plan}"]) == 0
    alice = pg_server.login("alice", "alice-pw")
    bob = pg_server.login("bob", "bob-pw")
    _grant(pg_server, "opos", pg_server.role(alice), write=True)
    _grant(pg_server, "sdps", pg_server.role(bob))
    capsys.readouterr()

    assert [p.name for p in store_for(f"{alice}?plan=opos").list_plans()] == ["opos"]
    assert [p.name for p in store_for(f"{bob}?plan=sdps").list_plans()] == ["sdps"]
    # alice never sees sdps; the message does not say whether it exists
    assert main(["show", f"{alice}?plan=sdps"]) == 2
    err = capsys.readouterr().err
    assert "no plan 'sdps' here, or your login may not read it" in err and "alice-pw" not in err
    # bob reads sdps but may not publish it: one line naming the plan, exit 2
    assert main(["show", f"{bob}?plan=sdps"]) == 0
    capsys.readouterr()
    assert main(["convert", *files, "-o", f"{bob}?plan=sdps&revision=1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "you may not publish plan 'sdps'" in err and "bob-pw" not in err
    # alice publishes opos on top of what she read
    assert main(["convert", f"{alice}?plan=opos", "-o", f"{alice}?plan=opos"]) == 0
    assert "(revision 2)" in capsys.readouterr().out  # revisions count per plan


def test_rights_are_the_servers_not_the_clients(pg_server: Server, sample_files: list[Path]) -> None:
    """Plain SQL from a head's login: row-level security hides and protects other plans."""
    files = list(map(str, sample_files))
    for plan in ("opos", "sdps"):
        assert main(["convert", *files, "-o", f"{pg_server.admin}?plan={plan}"]) == 0
    bob = pg_server.login("bob", "bob-pw")
    _grant(pg_server, "sdps", pg_server.role(bob))
    with psycopg.connect(bob, autocommit=True) as conn:
        plans = {r[0] for r in conn.execute("SELECT DISTINCT plan FROM effortplanner.people")}
        assert plans == {"sdps"}
        assert conn.execute("DELETE FROM effortplanner.assignments WHERE plan = 'sdps'").rowcount == 0
        assert conn.execute("UPDATE effortplanner.people SET name = 'x'").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO effortplanner.plans (plan) VALUES ('mine')")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO effortplanner.grants VALUES ('opos', current_user, true)")
    reviewer = pg_server.login("division", "division-pw")
    _grant(pg_server, "*", pg_server.role(reviewer))
    assert [p.name for p in store_for(f"{reviewer}?plan=opos").list_plans()] == ["opos", "sdps"]
    with pytest.raises(PlanWriteError, match="you may not publish plan 'opos'"):
        store = store_for(f"{reviewer}?plan=opos")
        opened = store.open()
        store.save(opened.scenarios, opened.revisions)


def test_stale_publish_is_refused_naming_who_and_when(pg_server: Server, sample_files: list[Path]) -> None:
    files = list(map(str, sample_files))
    assert main(["convert", *files, "-o", f"{pg_server.admin}?plan=opos"]) == 0
    alice = pg_server.login("alice", "alice-pw")
    _grant(pg_server, "opos", pg_server.role(alice), write=True)
    mine = store_for(f"{alice}?plan=opos")
    loaded = mine.open()
    theirs = store_for(f"{pg_server.admin}?plan=opos")
    other = theirs.open()
    theirs.save(other.scenarios, other.revisions)  # someone else publishes first
    with pytest.raises(StaleRevision) as refused:
        mine.save(loaded.scenarios, loaded.revisions)
    message = str(refused.value)
    assert refused.value.saved_by == "postgres" and refused.value.current == 2 and refused.value.loaded == 1
    assert "was saved by postgres at " in message and "UTC (revision 2); you loaded revision 1" in message
    # the refused publish changed nothing; after a reload it goes through
    assert mine.save(mine.open().scenarios, {"Baseline": 2}) == {"Baseline": 3}


def _revision_one_and_a_bigger_plan(pg_server: Server, sample_files: list[Path], capsys: pytest.CaptureFixture[str],
                                    tmp_path: Path) -> tuple[str, dict[str, object], Path]:
    """Revision 1 on the server (one spreadsheet), its JSON, and a plan file of all of them to publish over it."""
    files = list(map(str, sample_files))
    url = f"{pg_server.admin}?plan=opos"
    assert main(["convert", files[0], "-o", url]) == 0
    merged = tmp_path / "all.effortplan"
    assert main(["convert", *files, "-o", str(merged)]) == 0
    return url, _json(capsys, url), merged


# Publishes, and stops half-way (rows sent, nothing committed) until a line comes on stdin.
PAUSED_PUBLISH = """
import sys
from effortplanner.io.stores import server
from effortplanner.cli import main
real = server._write_table
def paused(cur, plan, scenario, table, frame):
    real(cur, plan, scenario, table, frame)
    if table == "assignments":
        cur.connection.execute("SELECT 1")
        print("HALFWAY", cur.connection.info.backend_pid, flush=True)
        sys.stdin.readline()  # the parent kills us or cuts the connection meanwhile
server._write_table = paused
sys.exit(main(["convert", sys.argv[1], "-o", sys.argv[2]]))
"""


def test_client_killed_mid_publish_leaves_previous_revision_whole(pg_server: Server, sample_files: list[Path],
                                                                  capsys: pytest.CaptureFixture[str],
                                                                  tmp_path: Path) -> None:
    url, before, merged = _revision_one_and_a_bigger_plan(pg_server, sample_files, capsys, tmp_path)
    child = subprocess.Popen([sys.executable, "-c", PAUSED_PUBLISH, str(merged), f"{url}&revision=1"], cwd=ROOT,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().startswith("HALFWAY ")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    after = _json(capsys, url)
    assert after == before
    assert [p.revision for p in store_for(url).list_plans()] == [1]
    assert main(["convert", str(merged), "-o", f"{url}&revision=1"]) == 0  # the server is not left locked


SECRET = "S3cr#t:p@ss/w0rd"


def test_password_never_in_messages(pg_server: Server, sample_files: list[Path],
                                    capsys: pytest.CaptureFixture[str]) -> None:
    from urllib.parse import quote

    encoded = quote(SECRET, safe="")
    alice = pg_server.login("alice", SECRET)
    _grant(pg_server, "opos", pg_server.role(alice), write=True)
    host = alice.split("@")[1].split("/")[0]
    user = pg_server.role(alice)
    wrong_port = f"postgresql://{user}:{encoded}@127.0.0.1:{free_port()}/{pg_server.database}?plan=opos"
    wrong_password = f"postgresql://{user}:{quote('not-' + SECRET, safe='')}@{host}/{pg_server.database}?plan=opos"
    right = f"postgresql://{user}:{encoded}@{host}/{pg_server.database}?plan=opos"
    outputs = []
    for argv in (["show", wrong_port], ["show", wrong_password], ["check", wrong_port],
                 ["convert", str(sample_files[0]), "-o", wrong_port], ["show", right + "#Nope"],
                 ["convert", str(sample_files[0]), "-o", right], ["convert", str(sample_files[0]), "-o", right]):
        status = main(argv)
        captured = capsys.readouterr()
        outputs.append((status, captured.out + captured.err))
    assert [s for s, _ in outputs] == [2, 2, 2, 2, 2, 0, 2]
    for _, text in outputs:
        assert SECRET not in text and encoded not in text and "not-" not in text
        assert "effortplanner" in text or "Published" in text
    assert "cannot connect" in outputs[0][1] and "password authentication failed" in outputs[1][1]
    assert f"postgresql://{user}@{host}/{pg_server.database}?plan=opos" in outputs[5][1]
    assert "to publish over it anyway, add &revision=1 to the URL" in outputs[6][1]  # the CLI's way past a conflict


def test_newer_schema_refused_older_sent_to_db_init(pg_server: Server, sample_files: list[Path],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    url = f"{pg_server.admin}?plan=opos"
    assert main(["convert", str(sample_files[0]), "-o", url]) == 0
    with psycopg.connect(pg_server.admin, autocommit=True) as conn:
        conn.execute("UPDATE effortplanner.schema_version SET version = 99")
    capsys.readouterr()
    assert main(["show", url]) == 2 and main(["db", "init", pg_server.admin]) == 2
    err = capsys.readouterr().err
    assert err.count("schema is version 99, newer than this Effort Planner reads") == 2
    with psycopg.connect(pg_server.admin, autocommit=True) as conn:
        conn.execute("UPDATE effortplanner.schema_version SET version = 0")
    assert main(["show", url]) == 2
    assert "an administrator must run 'effortplanner db init' to migrate it" in capsys.readouterr().err
    assert main(["db", "init", pg_server.admin]) == 2  # no way from version 0: refused, nothing changed
    with psycopg.connect(pg_server.admin, autocommit=True) as conn:
        assert conn.execute("SELECT version FROM effortplanner.schema_version").fetchone() == (0,)


def test_db_init_migrates_an_older_schema_in_one_transaction(pg_server: Server, sample_files: list[Path],
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """The migration steps run inside db init's transaction: all of them or none."""
    from effortplanner.io.stores import server_schema

    url = f"{pg_server.admin}?plan=opos"
    assert main(["convert", str(sample_files[0]), "-o", url]) == 0

    def add_column(conn: psycopg.Connection) -> None:
        conn.execute("ALTER TABLE effortplanner.plans ADD COLUMN department_head text")

    def broken(conn: psycopg.Connection) -> None:
        conn.execute("ALTER TABLE effortplanner.no_such_table ADD COLUMN x text")

    monkeypatch.setattr(server_schema, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(server_schema, "MIGRATIONS", {1: add_column, 2: broken})
    capsys.readouterr()
    assert main(["db", "init", pg_server.admin]) == 2  # step 2 fails: step 1 is rolled back with it
    assert "no_such_table" in capsys.readouterr().err
    with psycopg.connect(pg_server.admin) as conn:
        assert conn.execute("SELECT version FROM effortplanner.schema_version").fetchone() == (1,)
        columns = {r[0] for r in conn.execute("SELECT column_name FROM information_schema.columns "
                                              "WHERE table_schema = 'effortplanner' AND table_name = 'plans'")}
        assert "department_head" not in columns
    monkeypatch.setattr(server_schema, "MIGRATIONS", {1: add_column, 2: lambda conn: None})
    assert main(["db", "init", pg_server.admin]) == 0
    assert "migrated the plan schema from version 1 to 3" in capsys.readouterr().out
    assert main(["show", url]) == 0  # the plan is still there, readable under the new version


def test_convert_publishes_every_scenario_of_a_plan_file(pg_server: Server, seed_plan, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from effortplanner.core.scenarios import ScenarioSet
    from effortplanner.io.scenario_file import save_scenario_set

    scenarios = ScenarioSet(seed_plan.copy())
    scenarios.create("Ramp-down", "Baseline", description="OPOS moves to USDC")
    source = tmp_path / "plan.effortplan"
    save_scenario_set(source, scenarios)
    url = f"{pg_server.admin}?plan=opos"
    assert main(["convert", str(source), "-o", url]) == 0
    assert "2 scenarios: Baseline, Ramp-down; revision 1" in capsys.readouterr().out
    assert store_for(url).list_scenarios() == ["Baseline", "Ramp-down"]
    assert _json(capsys, url + "#Ramp-down") == _json(capsys, f"{source}#Ramp-down")
    assert main(["convert", str(source), "-o", url]) == 2  # the plan exists: not over it blindly
    assert "add &revision=1 to the URL" in capsys.readouterr().err
    assert main(["convert", str(source), "-o", f"{url}&revision=1"]) == 0
    assert main(["convert", str(source), "-o", f"{url}&revision=1"]) == 2  # revision 2 now: 1 is stale
    assert "(revision 2); you loaded revision 1" in capsys.readouterr().err
    back = tmp_path / "back.effortplan"
    assert main(["convert", url, "-o", str(back)]) == 0  # and back: every scenario again
    for name in ("Baseline", "Ramp-down"):
        assert _json(capsys, f"{back}#{name}") == _json(capsys, f"{source}#{name}")




def test_connection_dropped_mid_publish_leaves_previous_revision_whole(pg_server: Server, sample_files: list[Path],
                                                                       capsys: pytest.CaptureFixture[str],
                                                                       tmp_path: Path) -> None:
    url, before, merged = _revision_one_and_a_bigger_plan(pg_server, sample_files, capsys, tmp_path)
    child = subprocess.Popen([sys.executable, "-c", PAUSED_PUBLISH, str(merged), f"{url}&revision=1"], cwd=ROOT,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdin is not None
    word, pid = child.stdout.readline().split()
    assert word == "HALFWAY"
    with psycopg.connect(pg_server.admin, autocommit=True) as conn:
        assert conn.execute("SELECT pg_terminate_backend(%s)", (int(pid),)).fetchone() == (True,)
    out, err = child.communicate("go\n", timeout=60)
    assert child.returncode == 2 and err.count("\n") == 1 and err.startswith("effortplanner: ")
    assert "admin-secret" not in err and "Traceback" not in err
    assert _json(capsys, url) == before
    assert [p.revision for p in store_for(url).list_plans()] == [1]


def test_damaged_id_counters_on_the_server_are_one_located_line(pg_server: Server, sample_files: list[Path],
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A server's rows are as untrusted as a plan file: counters that are not JSON are refused with one
    line naming the plan, and counters that are not numbers are left out (ids continue safely)."""
    url = f"{pg_server.admin}?plan=opos"
    assert main(["convert", str(sample_files[1]), "-o", url]) == 0
    with psycopg.connect(pg_server.admin, autocommit=True) as conn:
        conn.execute("UPDATE effortplanner.scenarios SET next_ids = '[1,2,'")
    capsys.readouterr()
    assert main(["show", url]) == 2
    err = capsys.readouterr().err
    assert "plan 'opos', scenario 'Baseline': its id counters are damaged" in err and "Traceback" not in err
    with psycopg.connect(pg_server.admin, autocommit=True) as conn:
        conn.execute("""UPDATE effortplanner.scenarios SET next_ids = '{"people": "x", "assignments": -5}'""")
    plan = store_for(url).open().scenarios.baseline.plan
    assert plan.new_id("people") not in plan.people.index and plan.new_id("assignments").startswith("A")
