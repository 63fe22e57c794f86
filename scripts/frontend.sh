#!/usr/bin/env bash
# Install and build the web application (frontend/ -> frontend/dist, which the API serves at /).
#
#   scripts/frontend.sh [build]   npm ci when node_modules is missing or package-lock.json changed, then build
#                                 (skipped when frontend/ is unchanged since the last build)
#   scripts/frontend.sh test      the same install, then the Vitest unit/component tests
#
# Needs Node 20.19+ and npm. The end-to-end suite runs from pytest (tests/e2e), which calls this script.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
frontend="$here/frontend"
command="${1:-build}"

if ! command -v npm >/dev/null 2>&1; then
  echo "Không tìm thấy npm: cần cài Node.js 20.19 trở lên để dựng giao diện web." >&2
  exit 1
fi

cd "$frontend"
stamp="node_modules/.eoffice-package-lock.sha256"
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ ! -d node_modules || ! -f "$stamp" || "$(cat "$stamp")" != "$lock_hash" ]]; then
  echo "Cài đặt thư viện giao diện (npm ci)…"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" >"$stamp"
fi

# What the build reads: every file of frontend/ but the installed libraries, the output, the browser suite and
# tsc's incremental cache, and the Node version. Unchanged since the last successful build, it is skipped
# (the Chromium suite called it at every run: 25 s of tsc and vite for the same dist/).
build_inputs() {
  {
    node --version
    find . -type f -not -path './node_modules/*' -not -path './dist/*' -not -path './e2e/*' \
      -not -name '*.tsbuildinfo' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
  } | sha256sum | cut -d' ' -f1
}

case "$command" in
  build)
    built="node_modules/.eoffice-build.sha256"  # not in dist/, which the server serves
    inputs="$(build_inputs)"
    if [[ -f dist/index.html && -f "$built" && "$(cat "$built")" == "$inputs" ]]; then
      echo "Giao diện web đã dựng từ đúng mã nguồn này (frontend/dist), không dựng lại."
    else
      npm run --silent build
      echo "$inputs" >"$built"
    fi
    ;;
  test) npm run --silent test ;;
  *)
    echo "Lệnh không hợp lệ: $command (dùng: build | test)" >&2
    exit 2
    ;;
esac
