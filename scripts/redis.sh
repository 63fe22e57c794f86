#!/usr/bin/env bash
# Redis for tests (the Celery broker): Debian's redis-server, daemonised, on 127.0.0.1:$EOFFICE_REDIS_PORT,
# nothing persisted (no RDB snapshots, no AOF); log and pid file under $EOFFICE_SERVICES_DIR/redis.
#   scripts/redis.sh start|stop|status
set -euo pipefail
SERVICE=redis
PROCESS_MATCH=redis-server
# shellcheck source=_lib.sh
source "$(dirname "$0")/_lib.sh"

DIR="$EOFFICE_SERVICES_DIR/redis"
LOGFILE="$DIR/redis.log"
PIDFILE="$DIR/redis.pid"
PORT="$EOFFICE_REDIS_PORT"

pong() { [[ "$(redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null)" == PONG ]]; }

start() {
  command -v redis-server >/dev/null || die "redis-server is not installed; run scripts/install-system-packages.sh"
  if port_open "$PORT"; then
    pong || die "127.0.0.1:$PORT is taken by something that does not answer PING; stop it or set EOFFICE_REDIS_PORT"
    if pid_alive "$PIDFILE"; then
      log "already running (pid $(pid_of "$PIDFILE")) on 127.0.0.1:$PORT"
    else
      log "reusing the server already answering on 127.0.0.1:$PORT (not started by these scripts)"
    fi
    return 0
  fi
  mkdir -p "$DIR"
  rm -f "$PIDFILE"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$PORT" --save "" --appendonly no \
    --dir "$DIR" --pidfile "$PIDFILE" --logfile "$LOGFILE" || {
    tail -n 40 "$LOGFILE" >&2 2>/dev/null || true
    die "redis-server failed to start"
  }
  wait_until 20 "$LOGFILE" "Redis on 127.0.0.1:$PORT" pong || exit 1
  wait_until 5 "$LOGFILE" "Redis pid file" test -s "$PIDFILE" || exit 1
  log "started (pid $(pid_of "$PIDFILE")) on 127.0.0.1:$PORT"
}

stop() { stop_pidfile "$PIDFILE" redis 20; }

status() { status_line redis "$PORT" "redis://127.0.0.1:$PORT/0" "$PIDFILE" "$DIR"; }

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
