#!/usr/bin/env bash
# Plan benchmarks: the dev stack against the floor (node + @pulumi/pulumi + azure-native submodules),
# then generated fleets of 10, 100 and 1,000 CMK services over shared vaults (time and peak memory).
# Run after `npm ci` (which builds dist/ and the policy pack): bash bench/plan.sh
set -euo pipefail
cd "$(dirname "$0")/.."
npm run -s build >/dev/null
# The node flags of package.json's plan script: a 64 MiB young generation, since a plan's registrations
# allocate much that dies within a service or two (1,000 services: 18.7 s -> 15.6 s).
NODE_FLAGS="--max-semi-space-size=64"

echo "== dev stack: npm run plan (node $NODE_FLAGS dist/plan/cli.js) vs the floor"
farm-bench -n 5 --vs "node bench/plan-floor.js" -- node $NODE_FLAGS dist/plan/cli.js --format json --out /tmp/azure-byok-plan.json

echo "== where one dev plan spends its time (AZURE_BYOK_PLAN_TRACE)"
AZURE_BYOK_PLAN_TRACE=1 node $NODE_FLAGS dist/plan/cli.js --format json --out /tmp/azure-byok-plan.json 2>&1 | grep "plan: trace"

echo "== fleets of CMK services"
for n in 10 100 1000; do
    dir=$(mktemp -d)
    node -e "require('./dist/bench/generate-stack').generateStack(process.argv[1], Number(process.argv[2]))" "$dir" "$n"
    /usr/bin/time -f "   wall %es, peak %MKB" node $NODE_FLAGS dist/bench/plan-fleet.js "$dir" "fleet-$n"
    rm -rf "$dir"
done
