#!/usr/bin/env bash
# The four test services on 127.0.0.1 — PostgreSQL, Redis, SeaweedFS (S3) and Elasticsearch — in one command.
#   scripts/services.sh up       install what is missing, start what is not running, print what runs where
#   scripts/services.sh down     stop what these scripts started (by pid file); leaves other servers alone
#   scripts/services.sh status   what runs where; exit 3 when something is not running
#   scripts/services.sh check    a real round trip against each service (scripts/check_services.py)
# Ports, keys and the state folder ($EOFFICE_SERVICES_DIR) come from scripts/services.env and can be
# overridden from the environment. EOFFICE_SKIP_INSTALL=1 skips the Debian package check.
set -euo pipefail
SERVICE=services
# shellcheck source=_lib.sh
source "$(dirname "$0")/_lib.sh"

ALL=(elasticsearch postgres redis seaweedfs) # slowest first: they start in parallel

# run_parallel ACTION: run scripts/<service>.sh ACTION for every service at once; print each one's output as
# a block; fail when any failed.
run_parallel() {
  local action="$1" tmp name failed=0
  tmp="$(mktemp -d)"
  declare -A pids=()
  for name in "${ALL[@]}"; do
    bash "$SCRIPTS_DIR/$name.sh" "$action" >"$tmp/$name.out" 2>&1 &
    pids[$name]=$!
  done
  for name in "${ALL[@]}"; do
    if ! wait "${pids[$name]}"; then
      failed=1
      echo "--- $name $action FAILED:" >&2
    fi
    cat "$tmp/$name.out" >&2
  done
  rm -rf "$tmp"
  return "$failed"
}

status_all() {
  printf '%-14s %-46s %-12s %-44s %s\n' service url pid data state
  local name rc=0
  for name in "${ALL[@]}"; do
    bash "$SCRIPTS_DIR/$name.sh" status || rc=3
  done
  return "$rc"
}

up() {
  local started=$SECONDS
  mkdir -p "$EOFFICE_SERVICES_DIR"
  if [[ "${EOFFICE_SKIP_INSTALL:-0}" != 1 ]]; then
    bash "$SCRIPTS_DIR/install-system-packages.sh"
  fi
  bash "$SCRIPTS_DIR/elasticsearch.sh" build
  local a="$EOFFICE_WEED_ADMIN_PORT"
  reserve_ports "$EOFFICE_PG_PORT" "$EOFFICE_REDIS_PORT" "$EOFFICE_S3_PORT" $((EOFFICE_S3_PORT + 1)) \
    "$EOFFICE_WEED_MASTER_PORT" $((EOFFICE_WEED_MASTER_PORT + 1)) "$EOFFICE_WEED_VOLUME_PORT" \
    $((EOFFICE_WEED_VOLUME_PORT + 1)) "$EOFFICE_WEED_FILER_PORT" $((EOFFICE_WEED_FILER_PORT + 1)) \
    "$a" $((a + 2)) $((a + 10000)) "$EOFFICE_ES_PORT" "$EOFFICE_ES_TRANSPORT_PORT"
  run_parallel start || die "some services did not start (see above)"
  status_all
  log "up in $((SECONDS - started)) s; state in $EOFFICE_SERVICES_DIR"
}

down() {
  run_parallel stop
  status_all || true
}

check() {
  local python="$ROOT_DIR/.venv/bin/python"
  [[ -x "$python" ]] || die "no .venv; run make venv first"
  "$python" "$SCRIPTS_DIR/check_services.py" "$@"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status_all ;;
  check)
    shift
    check "$@"
    ;;
  *)
    echo "usage: $0 up|down|status|check" >&2
    exit 2
    ;;
esac
