// A deferred module as the product defers it (policies/lib/deferred-modules.ts), for jest's loader.
const Module = require("module");
const path = require("path");
const { DEFERRALS, deferredModule } = require("../../../policies/lib/deferred-modules");

const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

module.exports = (request) => {
    const deferral = DEFERRALS.find((d) => d.request === request);
    if (deferral === undefined) throw new Error(`${request} is not deferred in policies/lib/deferred-modules.ts`);
    // Node's own resolution, as the SDK file asks: jest's (createRequire, require.resolve) would hand
    // back this stand-in. Resolved now, so that a missing module still fails at the require.
    const requester = path.join(sdk, ...deferral.requester);
    const real = Module._resolveFilename(request, { id: requester, filename: requester, paths: Module._nodeModulePaths(path.dirname(requester)) });
    return deferredModule(() => require(real), deferral.importedAs);
};
