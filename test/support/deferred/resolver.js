// jest's module loader bypasses Node's, where policies/lib/lazy-modules.ts defers what @pulumi/pulumi
// loads at import and no test uses (TypeScript, npm's arborist, the Automation API...): every test
// file loaded and compiled them again, 9 MB of TypeScript alone. The same requests, made from the
// same SDK folders, resolve here to stand-ins that load the module at its first use.
const path = require("path");

const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

/** The SDK folder a deferred request is made from, the request, and its stand-in under this folder. */
const standIns = [
    { from: [], request: "typescript", standIn: "typescript.js" },
    { from: ["runtime", "closure"], request: "@npmcli/arborist", standIn: "npmcli-arborist.js" },
    { from: ["runtime", "closure"], request: "normalize-package-data", standIn: "normalize-package-data.js" },
    { from: [], request: "./automation", standIn: "automation.js" },
    { from: [], request: "./provider", standIn: "provider.js" },
];
const byPlace = new Map(standIns.map((s) => [`${path.join(sdk, ...s.from)}\0${s.request}`, path.join(__dirname, s.standIn)]));

module.exports = (request, options) => byPlace.get(`${options.basedir}\0${request}`) ?? options.defaultResolver(request, options);
module.exports.standIns = standIns;
