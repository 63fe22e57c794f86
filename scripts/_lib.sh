# shellcheck shell=bash
# Shared helpers for the service scripts (sourced, never run). Each service script keeps everything it owns
# under $EOFFICE_SERVICES_DIR/<service>/ (data, log, pid file), binds to 127.0.0.1 and is idempotent: a port
# that already answers is reused as it is, and `stop` only stops a process whose pid file this script wrote.

SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck disable=SC2034  # used by the scripts that source this file
ROOT_DIR="$(cd "$SCRIPTS_DIR/.." && pwd)"
# shellcheck source=services.env
source "$SCRIPTS_DIR/services.env"

log() { printf '%s: %s\n' "${SERVICE:-services}" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pid_alive PIDFILE: true when PIDFILE names a running process that is still the one this script started
# (its command line contains $PROCESS_MATCH when set), so a pid reused after a reboot is never ours.
pid_alive() {
  local pid cmdline
  [[ -s "$1" ]] || return 1
  pid="$(head -n1 "$1")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  [[ -n "${PROCESS_MATCH:-}" ]] || return 0
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmdline" == *"$PROCESS_MATCH"* ]]
}

# reserve_ports PORT...: keep the kernel from handing these ports out as the local port of outgoing
# connections. Our defaults lie inside Linux's ephemeral range (32768-60999), where any client socket on the
# machine may hold one just when a server wants to bind it. Needs root; without it, says so and goes on.
reserve_ports() {
  local file=/proc/sys/net/ipv4/ip_local_reserved_ports current wanted
  current="$(cat "$file" 2>/dev/null || true)"
  wanted="$({ tr ',' '\n' <<<"$current"; printf '%s\n' "$@"; } | sed '/^$/d' | sort -u -n | paste -sd, -)"
  [[ "$wanted" == "$current" ]] && return 0
  if ! { echo "$wanted" >"$file"; } 2>/dev/null; then
    log "note: cannot reserve ports $* from the ephemeral range (not root?); a busy machine may make a start fail"
  fi
}

pid_of() { head -n1 "$1" 2>/dev/null || true; }

# pid_running PID: true while PID is a live process (a zombie waiting to be reaped counts as exited).
pid_running() {
  local state
  [[ "$1" =~ ^[0-9]+$ ]] && kill -0 "$1" 2>/dev/null || return 1
  state="$(sed -n 's/^[0-9]* (.*) \([A-Z]\).*/\1/p' "/proc/$1/stat" 2>/dev/null)"
  [[ "$state" != Z ]]
}

# wait_until TIMEOUT LOGFILE DESCRIPTION CMD...: run CMD every 0.2 s until it succeeds; on time-out, or as soon
# as the process named by $WAIT_PIDFILE (when set) has exited, print the tail of LOGFILE and fail.
# "Exited" is pid_running, not pid_alive: the pid was written a moment ago by the caller, and until its subshell
# has reached `exec` its command line is still this script's, which pid_alive would take for a stranger.
wait_until() {
  local timeout="$1" logfile="$2" what="$3"
  shift 3
  local deadline=$((SECONDS + timeout)) why
  until "$@" >/dev/null 2>&1; do
    why=""
    if [[ -n "${WAIT_PIDFILE:-}" ]] && ! pid_running "$(pid_of "$WAIT_PIDFILE")"; then
      why="its process exited"
    elif ((SECONDS >= deadline)); then
      why="it did not answer within ${timeout}s"
    fi
    if [[ -n "$why" ]]; then
      log "ERROR: $what failed: $why; last lines of $logfile:"
      tail -n 40 "$logfile" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.2
  done
}

# stop_pidfile PIDFILE NAME [TIMEOUT]: TERM the process named by PIDFILE, wait for it to exit (KILL after
# TIMEOUT seconds), and remove the pid file. Does nothing when the pid file is absent or stale.
stop_pidfile() {
  local pidfile="$1" name="$2" timeout="${3:-30}" pid
  if ! pid_alive "$pidfile"; then
    rm -f "$pidfile"
    log "$name is not running (no live pid file)"
    return 0
  fi
  pid="$(pid_of "$pidfile")"
  kill -TERM "$pid"
  local deadline=$((SECONDS + timeout))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "$name (pid $pid) did not stop within ${timeout}s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$pidfile"
  log "stopped $name (pid $pid)"
}

# status_line NAME PORT URL PIDFILE DATADIR: one line of `status` output; true when the port answers.
status_line() {
  local name="$1" port="$2" url="$3" pidfile="$4" data="$5" state pid
  if pid_alive "$pidfile"; then
    pid="$(pid_of "$pidfile")"
    state="running"
  elif port_open "$port"; then
    pid="-"
    state="running (not started by these scripts)"
  else
    pid="-"
    state="stopped"
  fi
  printf '%-14s %-46s pid %-8s %-44s %s\n' "$name" "$url" "$pid" "$data" "$state"
  [[ "$state" != stopped ]]
}

usage() {
  echo "usage: $0 start|stop|status" >&2
  exit 2
}
