#!/usr/bin/env bash
# Install and build the web application (frontend/ -> frontend/dist, which the API serves at /).
#
#   scripts/frontend.sh [build]   npm ci when node_modules is missing or package-lock.json changed, then build
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

case "$command" in
  build) npm run --silent build ;;
  test) npm run --silent test ;;
  *)
    echo "Lệnh không hợp lệ: $command (dùng: build | test)" >&2
    exit 2
    ;;
esac
