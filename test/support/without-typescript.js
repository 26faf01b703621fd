// Preloaded (node -r) into a policy pack's process to run it as a Pulumi Cloud policy group installs it:
// `npm install` of the pack's own dependencies, none of which brings `typescript` or `ts-node`, and no
// repository node_modules above it. Either one asked for is not found, as it would not be there.
const Module = require("module");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
    if (request === "typescript" || request === "ts-node") {
        const error = new Error(`Cannot find module '${request}'`);
        error.code = "MODULE_NOT_FOUND";
        throw error;
    }
    return resolve.call(this, request, ...rest);
};
