# Sourced by .ci/run (". .ci/postgres.sh"): a throwaway PostgreSQL cluster for the server tests.
# Installs PostgreSQL with apt when initdb/pg_ctl are missing, starts a cluster in a temporary
# folder on a free local port as an unprivileged user (initdb refuses root), exports
# EFFORTPLANNER_TEST_PG (an administrator's URL) for the tests and stops the cluster at exit.
# Any failure here fails CI: the server tests must never be skipped under CI=true.

ep_pg_bin() {
  local dir
  for dir in "$(dirname "$(command -v initdb 2>/dev/null || echo /none/initdb)")" /usr/local/bin \
             $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

if ! EP_PG_BIN=$(ep_pg_bin); then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null \
    || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  EP_PG_BIN=$(ep_pg_bin) || { echo ".ci/postgres.sh: PostgreSQL (initdb, pg_ctl) could not be installed" >&2; exit 1; }
fi

EP_PG_RUN=()
EP_PG_DIR=$(mktemp -d /tmp/effortplanner-ci-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then
  EP_PG_USER=postgres
  if ! id "$EP_PG_USER" >/dev/null 2>&1; then
    EP_PG_USER=effortplanner-pg
    id "$EP_PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home "$EP_PG_USER"
  fi
  chown "$EP_PG_USER" "$EP_PG_DIR"
  EP_PG_RUN=(runuser -u "$EP_PG_USER" --)
fi
EP_PG_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
printf '%s\n' "$EP_PG_PASSWORD" > "$EP_PG_DIR/pw"
[ "$(id -u)" = 0 ] && chown "$EP_PG_USER" "$EP_PG_DIR/pw"
EP_PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$EP_PG_DIR" && "${EP_PG_RUN[@]}" "$EP_PG_BIN/initdb" -D "$EP_PG_DIR/data" -U postgres --auth=scram-sha-256 \
  --pwfile="$EP_PG_DIR/pw" -E UTF8 --no-sync >/dev/null)
rm -f "$EP_PG_DIR/pw"

ep_pg_stop() {
  (cd "$EP_PG_DIR" && "${EP_PG_RUN[@]}" "$EP_PG_BIN/pg_ctl" -D "$EP_PG_DIR/data" -m fast stop >/dev/null 2>&1) || true
  rm -rf "$EP_PG_DIR"
}
trap ep_pg_stop EXIT

(cd "$EP_PG_DIR" && "${EP_PG_RUN[@]}" "$EP_PG_BIN/pg_ctl" -D "$EP_PG_DIR/data" -l "$EP_PG_DIR/log" -w \
  -o "-p $EP_PG_PORT -k $EP_PG_DIR -c listen_addresses=127.0.0.1" start >/dev/null) \
  || { cat "$EP_PG_DIR/log" >&2; exit 1; }
export EFFORTPLANNER_TEST_PG="postgresql://postgres:$EP_PG_PASSWORD@127.0.0.1:$EP_PG_PORT/postgres"
echo ".ci/postgres.sh: $("$EP_PG_BIN/pg_ctl" --version) on 127.0.0.1:$EP_PG_PORT"
