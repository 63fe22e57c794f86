#!/usr/bin/env bash
# Elasticsearch for tests: one real node in one JVM through org.codelibs:elasticsearch-cluster-runner (the Maven
# project in scripts/elasticsearch/), HTTP on 127.0.0.1:$EOFFICE_ES_PORT, transport on
# 127.0.0.1:$EOFFICE_ES_TRANSPORT_PORT, no security, disk watermarks off, ICU analysis loaded, data and logs
# under $EOFFICE_SERVICES_DIR/elasticsearch. The launcher is built once with Maven (cached by a hash of its
# pom.xml and sources); starting it is plain `java -cp`.
#   scripts/elasticsearch.sh build|start|stop|status
set -euo pipefail
SERVICE=elasticsearch
PROCESS_MATCH=eoffice.search.launcher.ElasticsearchLauncher
# shellcheck source=_lib.sh
source "$(dirname "$0")/_lib.sh"

PROJECT="$SCRIPTS_DIR/elasticsearch"
TARGET="$PROJECT/target"
STAMP="$TARGET/.build-hash"
DIR="$EOFFICE_SERVICES_DIR/elasticsearch"
LOGFILE="$DIR/elasticsearch.log"
PIDFILE="$DIR/elasticsearch.pid"
PORT="$EOFFICE_ES_PORT"
MAIN=eoffice.search.launcher.ElasticsearchLauncher

java_bin() {
  local java="${JAVA_HOME:+$JAVA_HOME/bin/java}"
  [[ -n "$java" && -x "$java" ]] || java="$(command -v java || true)"
  [[ -n "$java" ]] || die "no java; run scripts/install-system-packages.sh"
  local major
  major="$("$java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n1)"
  ((${major:-0} >= 17)) || die "$java is Java ${major:-?}; Java 17 or newer is needed (set JAVA_HOME)"
  echo "$java"
}

source_hash() {
  (
    cd "$PROJECT"
    find pom.xml src -type f -print0 | sort -z | xargs -0 sha256sum
  ) | sha256sum | cut -d' ' -f1
}

build() {
  local hash
  hash="$(source_hash)"
  if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$hash" && -d "$TARGET/classes" && -d "$TARGET/lib" ]]; then
    return 0
  fi
  command -v mvn >/dev/null || die "no mvn; run scripts/install-system-packages.sh"
  log "building the launcher with Maven (first run downloads Elasticsearch from Maven Central)"
  rm -rf "$TARGET"
  mkdir -p "$EOFFICE_SERVICES_DIR"
  local buildlog="$EOFFICE_SERVICES_DIR/elasticsearch-build.log"
  mvn -q -B -f "$PROJECT/pom.xml" package >"$buildlog" 2>&1 || {
    tail -n 40 "$buildlog" >&2
    die "Maven build of the Elasticsearch launcher failed (log: $buildlog)"
  }
  echo "$hash" >"$STAMP"
  log "launcher built"
}

# The node answers and its cluster is yellow or green.
healthy() {
  local health
  health="$(curl -sf -m 3 "http://127.0.0.1:$PORT/_cluster/health?wait_for_status=yellow&timeout=2s")" || return 1
  [[ "$health" =~ \"status\":\"(green|yellow)\" ]]
}

is_elasticsearch() {
  local root
  root="$(curl -sf -m 3 "http://127.0.0.1:$PORT/")" || return 1
  [[ "$root" == *'"tagline"'* ]]
}

start() {
  if port_open "$PORT"; then
    is_elasticsearch || die "127.0.0.1:$PORT is taken by something that is not Elasticsearch; stop it or set EOFFICE_ES_PORT"
    if pid_alive "$PIDFILE"; then
      log "already running (pid $(pid_of "$PIDFILE")) on 127.0.0.1:$PORT"
    else
      log "reusing the Elasticsearch already answering on 127.0.0.1:$PORT (not started by these scripts)"
    fi
    wait_until 120 "$LOGFILE" "Elasticsearch cluster health on 127.0.0.1:$PORT" healthy || exit 1
    return 0
  fi
  build
  local java
  java="$(java_bin)"
  mkdir -p "$DIR/tmp"
  rm -f "$PIDFILE"
  # shellcheck disable=SC2054  # the comma in SPI,COMPAT is part of the value
  local jvm=(
    "-Xms$EOFFICE_ES_HEAP" "-Xmx$EOFFICE_ES_HEAP" -XX:+UseG1GC -XX:-HeapDumpOnOutOfMemoryError
    -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Djna.nosys=true "-Djava.io.tmpdir=$DIR/tmp"
    -Djava.locale.providers=SPI,COMPAT -Des.networkaddress.cache.ttl=60
    -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true -Dio.netty.recycler.maxCapacityPerThread=0
    -Dlog4j2.formatMsgNoLookups=true -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true
    # what a packaged distribution reports in GET / (the Python client checks it)
    -Des.distribution.flavor=default -Des.distribution.type=tar
    "-Deoffice.es.home=$DIR" "-Deoffice.es.http.port=$PORT" "-Deoffice.es.transport.port=$EOFFICE_ES_TRANSPORT_PORT"
  )
  (
    cd "$DIR"
    exec setsid "$java" "${jvm[@]}" -cp "$TARGET/classes:$TARGET/lib/*" "$MAIN" </dev/null >"$LOGFILE" 2>&1
  ) &
  echo $! >"$PIDFILE"
  WAIT_PIDFILE="$PIDFILE" wait_until 180 "$LOGFILE" "Elasticsearch on 127.0.0.1:$PORT" healthy || {
    stop_pidfile "$PIDFILE" elasticsearch 20
    exit 1
  }
  log "started (pid $(pid_of "$PIDFILE")) on 127.0.0.1:$PORT, data $DIR/node_1/data"
}

stop() { stop_pidfile "$PIDFILE" elasticsearch 60; }

status() {
  status_line elasticsearch "$PORT" "http://127.0.0.1:$PORT" "$PIDFILE" "$DIR/node_1/data"
}

case "${1:-}" in
  build) build ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 build|start|stop|status" >&2 && exit 2 ;;
esac
