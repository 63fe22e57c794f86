#!/usr/bin/env bash
# Elasticsearch for tests: one real node of Elastic's minimal distribution (the Maven artifact
# org.elasticsearch.distribution.integ-test-zip:elasticsearch, version in scripts/elasticsearch/pom.xml), HTTP on
# 127.0.0.1:$EOFFICE_ES_PORT, transport on 127.0.0.1:$EOFFICE_ES_TRANSPORT_PORT, single node, no security, disk
# watermarks off, heap $EOFFICE_ES_HEAP. Maven unpacks the zip once under $EOFFICE_SERVICES_DIR/elasticsearch
# (keyed by a hash of the pom); data and logs live there too. Elasticsearch 9 needs Java 21 or newer and refuses
# to run as root: under root the node runs as $EOFFICE_ES_USER (default nobody).
#   scripts/elasticsearch.sh build|start|stop|status
set -euo pipefail
SERVICE=elasticsearch
# the node's own JVM (bin/elasticsearch -d starts it, waits until it runs, and exits)
PROCESS_MATCH=org.elasticsearch.bootstrap.Elasticsearch
# shellcheck source=_lib.sh
source "$(dirname "$0")/_lib.sh"

POM="$SCRIPTS_DIR/elasticsearch/pom.xml"
DIR="$EOFFICE_SERVICES_DIR/elasticsearch"
LOGFILE="$DIR/elasticsearch.log"
PIDFILE="$DIR/elasticsearch.pid"
# the node writes its pid here, as the user it runs as; start copies it to $PIDFILE
NODE_PIDFILE="$DIR/run/node.pid"
PORT="$EOFFICE_ES_PORT"
# 7.x kept its data in node_1/; a 9.x node cannot read it, so it gets folders of its own.
DATA="$DIR/data-9"
LOGS="$DIR/logs-9"
RUN_USER="${EOFFICE_ES_USER:-nobody}"

# java_major JAVA: the feature release of that java binary (0 when it does not run).
java_major() {
  local major
  major="$("$1" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n1)"
  echo "${major:-0}"
}

# The JDK home for the node: ES_JAVA_HOME or JAVA_HOME when it is Java 21+, else the newest Java 21+ JDK
# installed under /usr/lib/jvm (Debian's and Adoptium's packages put them there).
java_home() {
  local candidate best="" best_major=0 major
  for candidate in "${ES_JAVA_HOME:-}" "${JAVA_HOME:-}"; do
    if [[ -n "$candidate" && -x "$candidate/bin/java" ]] && (($(java_major "$candidate/bin/java") >= 21)); then
      echo "$candidate"
      return 0
    fi
  done
  for candidate in /usr/lib/jvm/*/; do
    candidate="${candidate%/}"
    [[ -x "$candidate/bin/java" && ! -L "$candidate" ]] || continue
    major="$(java_major "$candidate/bin/java")"
    if ((major >= 21 && major > best_major)); then
      best="$candidate"
      best_major="$major"
    fi
  done
  [[ -n "$best" ]] || die "Elasticsearch 9 needs Java 21 or newer: set ES_JAVA_HOME or install a JDK 21+ (Temurin, say)"
  echo "$best"
}

pom_hash() { sha256sum "$POM" | cut -c1-12; }

# The unpacked distribution for the current pom (empty when not built yet).
es_home() {
  local dist
  dist="$DIR/dist-$(pom_hash)"
  [[ -f "$dist/.complete" ]] || return 0
  find "$dist" -mindepth 1 -maxdepth 1 -type d -name 'elasticsearch-*' | head -n1
}

build() {
  [[ -n "$(es_home)" ]] && return 0
  command -v mvn >/dev/null || die "no mvn; run scripts/install-system-packages.sh"
  local dist
  dist="$DIR/dist-$(pom_hash)"
  log "fetching Elasticsearch through Maven (the first run downloads it from Maven Central)"
  mkdir -p "$DIR"
  rm -rf "$dist"
  local buildlog="$DIR/build.log"
  mvn -q -B -f "$POM" package "-Deoffice.es.dist=$dist" >"$buildlog" 2>&1 || {
    tail -n 40 "$buildlog" >&2
    die "Maven could not fetch the Elasticsearch distribution (log: $buildlog)"
  }
  touch "$dist/.complete"
  # distributions of older poms are dead weight
  find "$DIR" -mindepth 1 -maxdepth 1 -type d -name 'dist-*' ! -path "$dist" -exec rm -rf {} +
  log "unpacked $(basename "$(es_home)")"
}

# The node answers and its cluster is yellow or green.
healthy() {
  local health
  health="$(curl -sf -m 3 "http://127.0.0.1:$PORT/_cluster/health?wait_for_status=yellow&timeout=2s")" || return 1
  [[ "$health" =~ \"status\":\"(green|yellow)\" ]]
}

# Every response of Elasticsearch 7.14+ carries this header (the clients check it too).
is_elasticsearch() {
  curl -sf -m 3 -o /dev/null -D - "http://127.0.0.1:$PORT/_cluster/health" | grep -qi '^x-elastic-product: *Elasticsearch'
}

start() {
  if port_open "$PORT"; then
    is_elasticsearch || die "127.0.0.1:$PORT is taken by something that is not Elasticsearch 8+ (an older node?); stop it or set EOFFICE_ES_PORT"
    if pid_alive "$PIDFILE"; then
      log "already running (pid $(pid_of "$PIDFILE")) on 127.0.0.1:$PORT"
    else
      log "reusing the Elasticsearch already answering on 127.0.0.1:$PORT (not started by these scripts)"
    fi
    wait_until 120 "$LOGFILE" "Elasticsearch cluster health on 127.0.0.1:$PORT" healthy || exit 1
    return 0
  fi
  build
  local home java_home
  home="$(es_home)"
  java_home="$(java_home)"
  mkdir -p "$DATA" "$LOGS" "$DIR/tmp" "$DIR/run"
  # run as a non-root user when started by root (the node refuses root); that user owns what the node writes,
  # including the keystore it creates in its config folder on first start
  local as_user=()
  if ((EUID == 0)); then
    id -u "$RUN_USER" >/dev/null 2>&1 || die "no user $RUN_USER to run Elasticsearch as (set EOFFICE_ES_USER)"
    chown -R "$RUN_USER:" "$DATA" "$LOGS" "$DIR/tmp" "$DIR/run" "$home/config"
    as_user=(setpriv "--reuid=$RUN_USER" "--regid=$(id -g "$RUN_USER")" --clear-groups)
  fi
  rm -f "$PIDFILE" "$NODE_PIDFILE"
  local settings=(
    -Ecluster.name=eoffice-test -Enode.name=eoffice-test-1 -Ediscovery.type=single-node
    -Enetwork.host=127.0.0.1 "-Ehttp.port=$PORT" "-Etransport.port=$EOFFICE_ES_TRANSPORT_PORT"
    "-Epath.data=$DATA" "-Epath.logs=$LOGS"
    -Expack.security.enabled=false
    -Ecluster.routing.allocation.disk.threshold_enabled=false
    # the tests clean up their indexes by pattern (eoffice-test-*)
    -Eaction.destructive_requires_name=false
  )
  log "starting $(basename "$home") with $java_home"
  # -d: the launcher returns once the node runs (or failed, with the reason in $LOGFILE); the node's own pid,
  # not the launcher's, goes into the pid file, so stop and the fault suite's kill -9 reach the node itself
  if ! (
    cd "$LOGS" # where the JVM writes crash files (hs_err_pid*.log)
    export ES_JAVA_HOME="$java_home" ES_TMPDIR="$DIR/tmp"
    export ES_JAVA_OPTS="-Xms$EOFFICE_ES_HEAP -Xmx$EOFFICE_ES_HEAP -XX:-HeapDumpOnOutOfMemoryError"
    unset JAVA_HOME
    exec setsid "${as_user[@]}" "$home/bin/elasticsearch" -d -p "$NODE_PIDFILE" "${settings[@]}" \
      </dev/null >"$LOGFILE" 2>&1
  ); then
    tail -n 40 "$LOGFILE" >&2
    die "Elasticsearch did not start (log: $LOGFILE, node logs: $LOGS)"
  fi
  cp "$NODE_PIDFILE" "$PIDFILE"
  WAIT_PIDFILE="$PIDFILE" wait_until 180 "$LOGFILE" "Elasticsearch on 127.0.0.1:$PORT" healthy || {
    stop_pidfile "$PIDFILE" elasticsearch 30
    exit 1
  }
  log "started (pid $(pid_of "$PIDFILE")) on 127.0.0.1:$PORT, data $DATA"
}

stop() { stop_pidfile "$PIDFILE" elasticsearch 60; }

status() {
  status_line elasticsearch "$PORT" "http://127.0.0.1:$PORT" "$PIDFILE" "$DATA"
}

case "${1:-}" in
  build) build ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 build|start|stop|status" >&2 && exit 2 ;;
esac
