#!/usr/bin/env node
// Runs a package's command (`jest`, `tsx ...`) trusting the Key Vault stand-in's CA. NODE_EXTRA_CA_CERTS is
// read once when node starts, so it must be set for the command's own process; npm scripts' `VAR=value cmd`
// is POSIX shell only, and this works wherever node does. The path is absolute, so processes the tests start
// in other folders (the policy pack, the plan) trust the same CA.
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
    process.stderr.write("usage: node test/support/with-test-ca.js <jest|tsx> [args...]\n");
    process.exit(2);
}
const manifest = require.resolve(`${command}/package.json`);
const { bin } = require(manifest);
const script = typeof bin === "string" ? bin : bin[command];
const result = spawnSync(process.execPath, [path.join(path.dirname(manifest), script), ...args], {
    stdio: "inherit",
    env: { ...process.env, NODE_EXTRA_CA_CERTS: path.join(__dirname, "certs", "ca.pem") },
});
if (result.error) throw result.error;
// A command ended by a signal reports it as the shell would: 128 + its number.
process.exit(result.status ?? 128 + (require("node:os").constants.signals[result.signal] ?? 0));
