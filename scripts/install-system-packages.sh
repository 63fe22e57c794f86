#!/usr/bin/env bash
# Installs the Debian packages eOffice and its tests need, and only those that are missing: a machine that has
# them all returns in about a second without touching apt. `apt-get update` runs only when something is missing.
# A package that apt does not know is an error (nothing is skipped silently); `unpaper` is the one optional
# package and is reported when it cannot be had. Daemons are not started by the packages' install scripts
# (there is no init system here); scripts/services.sh starts what the tests need on 127.0.0.1.
#   scripts/install-system-packages.sh [--run] [--check]
#     --run    only what the embedded mode (`make run`) uses: conversion, OCR, fonts, PDF tools — no database
#              server, broker, browser, JDK or PKCS#11 token, which only the tests and `make services` need
#     --check  list what is missing, install nothing
set -euo pipefail
SERVICE=install-system-packages

log() { printf '%s: %s\n' "$SERVICE" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

# What the application itself runs on one machine (`make run`).
RUNTIME=(
  poppler-utils          # pdfsig (independent signature check), pdftoppm, pdftotext
  fontconfig             # fc-match: finding Liberation/DejaVu for signature appearances
  libreoffice-writer-nogui # DOCX -> PDF
  libreoffice-calc-nogui # register exports: XLSX -> PDF
  fonts-liberation2      # metric-compatible Times New Roman / Arial for Nghị định 30 layouts
  fonts-dejavu-core
  tesseract-ocr          # OCR
  tesseract-ocr-vie      # Vietnamese OCR data
  ghostscript            # OCRmyPDF / PDF/A
  qpdf                   # PDF structure repair and checks
  pngquant               # OCRmyPDF image optimisation
)
# What only the tests and the test services add (`make test`, `make services`).
TEST_ONLY=(
  postgresql             # test database server (scripts/postgres.sh)
  redis-server           # Celery broker for tests (scripts/redis.sh)
  softhsm2               # PKCS#11 token for signing tests
  opensc                 # pkcs11-tool
  libnss3-tools          # certutil: the trust store pdfsig reads in signing tests
  chromium               # end-to-end UI tests
  curl                   # the service scripts' health checks
)
OPTIONAL=(
  unpaper # OCRmyPDF --clean; OCR works without it
)

check_only=0
run_only=0
for arg in "$@"; do
  case "$arg" in
    --check) check_only=1 ;;
    --run) run_only=1 ;;
    *) die "unknown option $arg (use --run, --check)" ;;
  esac
done
REQUIRED=("${RUNTIME[@]}")
((run_only)) || REQUIRED+=("${TEST_ONLY[@]}")

installed() { [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" == installed ]]; }

java_major() {
  local v
  v="$(java -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n1)"
  echo "${v:-0}"
}

missing=()
for pkg in "${REQUIRED[@]}"; do
  installed "$pkg" || missing+=("$pkg")
done
# For the test Elasticsearch: Maven (it fetches and unpacks the node from Maven Central) and a JDK >= 17 for it,
# only when none is there already. Elasticsearch 9 itself runs on Java 21 or newer, which Debian 12 does not
# package: scripts/elasticsearch.sh finds one under /usr/lib/jvm (e.g. a Temurin package) or in ES_JAVA_HOME.
if ((!run_only)); then
  if ! command -v javac >/dev/null 2>&1 || (($(java_major) < 17)); then
    installed openjdk-17-jdk-headless || missing+=(openjdk-17-jdk-headless)
  fi
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
fi
optional_missing=()
for pkg in "${OPTIONAL[@]}"; do
  installed "$pkg" || optional_missing+=("$pkg")
done

if ((${#missing[@]} == 0 && ${#optional_missing[@]} == 0)); then
  log "all system packages present"
  exit 0
fi
if ((check_only)); then
  log "missing: ${missing[*]:-none}; optional missing: ${optional_missing[*]:-none}"
  exit $((${#missing[@]} > 0))
fi
((EUID == 0)) || die "missing packages (${missing[*]} ${optional_missing[*]}) and not root: run this script as root"

export DEBIAN_FRONTEND=noninteractive
log "missing: ${missing[*]:-none}; optional missing: ${optional_missing[*]:-none}; running apt-get update"
apt-get update -qq -o DPkg::Lock::Timeout=300 >/dev/null || die "apt-get update failed"

known() { apt-cache show --no-all-versions "$1" >/dev/null 2>&1; }
unknown=()
for pkg in "${missing[@]}"; do
  known "$pkg" || unknown+=("$pkg")
done
((${#unknown[@]} == 0)) || die "apt does not know these required packages: ${unknown[*]}"
to_install=("${missing[@]}")
for pkg in "${optional_missing[@]}"; do
  if known "$pkg"; then
    to_install+=("$pkg")
  else
    log "WARNING: optional package $pkg is not available from apt; continuing without it"
  fi
done
((${#to_install[@]} > 0)) || exit 0

# Keep the packages' maintainer scripts from starting daemons (PostgreSQL on 5432, Redis on 6379): the tests
# run their own on 127.0.0.1 with their own ports. policy-rc.d is removed again afterwards if we made it.
policy=/usr/sbin/policy-rc.d
made_policy=0
if [[ ! -e "$policy" ]]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 0755 "$policy"
  made_policy=1
fi
cleanup() { if ((made_policy)); then rm -f "$policy"; fi; }
trap cleanup EXIT

log "installing: ${to_install[*]}"
apt_log="$(mktemp -t eoffice-apt-install.XXXXXX.log)"
apt-get install -y -q -o DPkg::Lock::Timeout=300 --no-install-recommends "${to_install[@]}" >"$apt_log" 2>&1 || {
  tail -n 40 "$apt_log" >&2
  die "apt-get install failed (full log: $apt_log)"
}
rm -f "$apt_log"
for pkg in "${missing[@]}"; do
  installed "$pkg" || die "$pkg is still not installed after apt-get install"
done
log "installed: ${to_install[*]}"
