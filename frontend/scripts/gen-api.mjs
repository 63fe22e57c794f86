// Dumps the backend's OpenAPI spec to openapi.json and generates src/api/schema.d.ts from it.
// The spec comes from the app factory itself, so no server needs to run. EOFFICE_PYTHON overrides the
// interpreter (default: the repository's .venv).
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const frontend = resolve(here, '..');
const repo = resolve(frontend, '..');
const venvPython = resolve(repo, '.venv', 'bin', 'python');
const python = process.env.EOFFICE_PYTHON ?? (existsSync(venvPython) ? venvPython : 'python3');

const code =
  'from eoffice.api import create_app; import json; ' +
  'print(json.dumps(create_app().openapi(), ensure_ascii=False, indent=1, sort_keys=True))';
const spec = execFileSync(python, ['-c', code], { cwd: repo, encoding: 'utf8', maxBuffer: 64 << 20 });
writeFileSync(resolve(frontend, 'openapi.json'), spec);
execFileSync(
  process.execPath,
  [resolve(frontend, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), 'openapi.json', '-o', 'src/api/schema.d.ts'],
  { cwd: frontend, stdio: 'inherit' },
);
