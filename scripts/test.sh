#!/usr/bin/env bash
# Installs everything the tests need on a fresh machine, builds every package and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

# Debian's Chromium drives the browser tests (no browser download from the test tools).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

npm ci --no-audit --no-fund
npx turbo run build test --concurrency=2 --output-logs=new-only
node scripts/test-summary.mjs
