#!/usr/bin/env bash
# Every test, on a fresh machine: system packages when missing, npm packages from the
# lockfile when missing, then unit + integration (real Redis, real sockets), the deploy
# checks, the browser tests (real Chromium against the built server), and a check that
# the build ships no test code.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-system-deps.sh
[[ -d node_modules ]] || npm ci --no-audit --no-fund
# Unit and integration tests in a shuffled order, so none leans on another's leftovers. The
# seed is printed ("Running tests with seed …"); the same order again:
#   npx vitest run --sequence.shuffle --sequence.seed=SEED
npm run test:unit -- --sequence.shuffle
npm run test:e2e
bash scripts/check-dist.sh
bash .ci/check-deploy.sh
