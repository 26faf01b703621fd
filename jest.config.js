/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } },
    ],
  },
  // Each test file gets its own Pulumi runtime state; two workers fit this 2-core machine.
  maxWorkers: 2,
  // Generous: a loaded CI machine runs the mock-driven tests several times slower; a hang still fails.
  testTimeout: 30000,
  // What @pulumi/pulumi loads at import and no test uses loads at first use, as in the plan and pack.
  resolver: "<rootDir>/test/support/deferred/resolver.js",
  setupFilesAfterEnv: ["<rootDir>/test/support/promise-stacks.js"],
};
