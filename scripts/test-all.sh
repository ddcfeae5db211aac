#!/usr/bin/env bash
# Every test, on a fresh machine: system packages when missing, npm packages from the
# lockfile when missing, then unit + integration (real Redis, real sockets), the deploy
# checks, the browser tests (real Chromium against the built server), and a check that
# the build ships no test code.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-system-deps.sh
[[ -d node_modules ]] || npm ci --no-audit --no-fund
npm test
bash scripts/check-dist.sh
bash .ci/check-deploy.sh
