#!/usr/bin/env bash
# Typechecks every package on its own, then the root scripts and fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for p in packages/*/; do
  npx tsc -p "$p" || status=1
done
npx tsc -p tsconfig.json || status=1
exit $status
