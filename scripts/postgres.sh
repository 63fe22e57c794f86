#!/usr/bin/env bash
# PostgreSQL for tests: the newest server under /usr/lib/postgresql, one cluster under
# $EOFFICE_SERVICES_DIR/postgres owned by the postgres OS user (run through runuser, since we are root),
# listening on 127.0.0.1:$EOFFICE_PG_PORT. The role, password and database
# come from $EOFFICE_TEST_POSTGRES_URL (eoffice/eoffice/eoffice by default); the role may create databases so
# tests can make their own. Durability is traded for speed (fsync off): this cluster holds test data only.
#   scripts/postgres.sh start|stop|status
set -euo pipefail
SERVICE=postgres
PROCESS_MATCH=postgres
# shellcheck source=_lib.sh
source "$(dirname "$0")/_lib.sh"

DIR="$EOFFICE_SERVICES_DIR/postgres"
DATA="$DIR/data"
LOGFILE="$DIR/postgres.log"
PIDFILE="$DIR/postgres.pid"
PORT="$EOFFICE_PG_PORT"

# user, password and database from the test URL: postgresql[+driver]://USER:PASSWORD@HOST:PORT/DB
if [[ "$EOFFICE_TEST_POSTGRES_URL" =~ ^postgres(ql)?(\+[a-z0-9]+)?://([^:@/]+):([^@/]*)@[^/]+/([^?]+) ]]; then
  PG_USER="${BASH_REMATCH[3]}"
  PG_PASSWORD="${BASH_REMATCH[4]}"
  PG_DB="${BASH_REMATCH[5]}"
else
  die "cannot read user, password and database from EOFFICE_TEST_POSTGRES_URL=$EOFFICE_TEST_POSTGRES_URL"
fi

pg_bin() {
  local newest
  newest="$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null | sort -V | tail -n1)"
  [[ -n "$newest" && -x "/usr/lib/postgresql/$newest/bin/pg_ctl" ]] ||
    die "no PostgreSQL server under /usr/lib/postgresql; run scripts/install-system-packages.sh"
  echo "/usr/lib/postgresql/$newest/bin"
}

# As root the cluster belongs to the postgres OS user; a developer without root owns it themselves.
as_postgres() {
  if ((EUID == 0)); then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# The postgres OS user must be able to traverse every folder above its data directory.
make_reachable() {
  local d="$1"
  while [[ "$d" != / ]]; do
    if ! as_postgres test -x "$d"; then
      chmod o+x "$d"
      log "made $d traversable (o+x) so the postgres user can reach its data"
    fi
    d="$(dirname "$d")"
  done
}

client_ok() {
  PGPASSWORD="$PG_PASSWORD" "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U "$PG_USER" -d "$PG_DB" -Atqc 'select 1' \
    >/dev/null 2>&1
}

ensure_role_and_db() {
  local psql=("$PGBIN/psql" -h "$DIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atq)
  as_postgres "${psql[@]}" -v user="$PG_USER" -v password="$PG_PASSWORD" >/dev/null <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'user', :'password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'user', :'password') \gexec
SQL
  as_postgres "${psql[@]}" -v user="$PG_USER" -v db="$PG_DB" >/dev/null <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I ENCODING ''UTF8''', :'db', :'user')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
}

start() {
  PGBIN="$(pg_bin)"
  if port_open "$PORT"; then
    # Our own cluster whose bootstrap was interrupted gets its role and database now.
    if ! client_ok && pid_alive "$PIDFILE"; then ensure_role_and_db 2>/dev/null || true; fi
    client_ok || die "127.0.0.1:$PORT is taken by a server that refuses $PG_USER@$PG_DB; stop it or set EOFFICE_PG_PORT"
    if pid_alive "$PIDFILE"; then
      log "already running (pid $(pid_of "$PIDFILE")) on 127.0.0.1:$PORT"
    else
      log "reusing the server already answering on 127.0.0.1:$PORT (not started by these scripts)"
    fi
    return 0
  fi
  mkdir -p "$DIR"
  chmod 0700 "$DIR"
  if ((EUID == 0)); then
    id postgres >/dev/null 2>&1 || die "no postgres OS user; run scripts/install-system-packages.sh"
    chown postgres: "$DIR"
    make_reachable "$DIR"
  fi
  if [[ ! -s "$DATA/PG_VERSION" ]]; then
    log "initdb in $DATA"
    # The superuser only logs in over the private socket (peer/trust); TCP needs a password.
    as_postgres "$PGBIN/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >"$DIR/initdb.log" 2>&1 ||
      {
        tail -n 40 "$DIR/initdb.log" >&2
        die "initdb failed"
      }
  fi
  rm -f "$PIDFILE"
  as_postgres "$PGBIN/pg_ctl" -D "$DATA" -l "$LOGFILE" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    >/dev/null || {
    tail -n 40 "$LOGFILE" >&2
    die "pg_ctl start failed"
  }
  head -n1 "$DATA/postmaster.pid" >"$PIDFILE"
  ensure_role_and_db
  wait_until 30 "$LOGFILE" "PostgreSQL on 127.0.0.1:$PORT" client_ok || exit 1
  log "started (pid $(pid_of "$PIDFILE")) on 127.0.0.1:$PORT, data $DATA"
}

stop() {
  if ! pid_alive "$PIDFILE"; then
    rm -f "$PIDFILE"
    log "not running (no live pid file)"
    return 0
  fi
  PGBIN="$(pg_bin)"
  as_postgres "$PGBIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null
  rm -f "$PIDFILE"
  log "stopped"
}

status() {
  status_line postgres "$PORT" "postgresql://$PG_USER@127.0.0.1:$PORT/$PG_DB" "$PIDFILE" "$DATA"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
