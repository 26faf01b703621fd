// Pulumi stamps every promise it makes with `new Error().stack` (runtime/debuggable.js), kept only
// for its leak report at exit. Under jest each of those stacks is source-mapped frame by frame,
// which was over half of a stack program's run time here. Such a stack is left empty; every other
// stack, an assertion's and a thrown error's among them, is formatted (and mapped) as before.
const format = Error.prepareStackTrace;
if (typeof format === "function") {
    Error.prepareStackTrace = (error, frames) => (frames[0]?.getFunctionName() === "debuggablePromise" ? "" : format(error, frames));
}
