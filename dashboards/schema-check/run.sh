#!/usr/bin/env bash
# Type-checks every dashboards/*.json against Grafana's TypeScript types (@grafana/schema, pinned
# in package.json / package-lock.json): unknown, misspelled or mistyped keys fail. Exit 0 only if
# every dashboard passes. Needs node and npm (Debian: apt-get install nodejs npm).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
command -v npm >/dev/null || { echo "schema-check: npm is not installed (apt-get install nodejs npm)" >&2; exit 2; }
npm ci --no-audit --no-fund --loglevel=error >&2
node generate.mjs
npx --no-install tsc -p tsconfig.json
echo "schema-check: all dashboards match @grafana/schema $(node -p "require('@grafana/schema/package.json').version")"
