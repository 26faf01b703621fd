#!/usr/bin/env bash
# npm test's checks before jest: build, type-check and lint. Each is one single-threaded process, so
# the type check runs beside the build and lint (CI's 2 cores: ~30 s where one after another took ~60 s).
# Every check runs to its end, and the script fails if any one does.
set -uo pipefail
cd "$(dirname "$0")/.."
npm run -s typecheck &
typecheck=$!
status=0
npm run -s build || status=1
npm run -s lint || status=1
wait "$typecheck" || status=1
exit "$status"
