#!/usr/bin/env bash
# Tests are not shipped: builds the server (and, unless --no-web, the SPA) from scratch
# and fails if dist/ holds any test, contract-suite or test-support file.
# Called by scripts/test-all.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# tsc never deletes what an earlier build emitted: start from an empty server output.
rm -rf dist/server dist/protocol
npm run build:server --silent
[[ "${1:-}" == "--no-web" ]] || npm run build:web --silent >/dev/null

found="$(find dist -type f \( -name '*.test.*' -o -name '*.spec.*' -o -name '*contract*' \
  -o -path '*/test/*' -o -path '*/__tests__/*' -o -path '*/support/*' \) | sort)"
if [[ -n "$found" ]]; then
  echo "check-dist: test code in dist/ (it must not ship):" >&2
  echo "$found" >&2
  exit 1
fi
[[ -f dist/server/src/main.js ]] || { echo "check-dist: dist/server/src/main.js missing" >&2; exit 1; }
echo "check-dist: dist/ holds no test code"
