#!/usr/bin/env bash
# Regenerate the single baseline migration from the current models (developers only, before the first
# release: once a schema has shipped, add a new revision instead of rewriting this one).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -f eoffice/db/migrations/versions/0001_*.py
.venv/bin/python - "$tmp" <<'PY'
import sys
from pathlib import Path
from alembic import command
from eoffice.db.migrate import alembic_config
url = f"sqlite:///{Path(sys.argv[1]) / 'regen.db'}"
command.revision(alembic_config(url), message="baseline", autogenerate=True, rev_id="0001")
PY
for f in eoffice/db/migrations/versions/0001_*.py; do .venv/bin/ruff format -q "$f"; .venv/bin/ruff check -q --fix "$f" || true; done
echo "regenerated: $(ls eoffice/db/migrations/versions/0001_*.py)"
