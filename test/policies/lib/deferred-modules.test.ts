import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { DEFERRALS } from "../../../policies/lib/deferred-modules";

// jest's resolver (jest.config.js) defers in the tests what lazy-modules.ts defers in the plan and pack.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resolver = require("../../support/deferred/resolver") as ((request: string, options: { basedir: string; defaultResolver: (r: string, o: unknown) => string }) => string) & {
    standIns: { from: string[]; request: string; standIn: string }[];
};

const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const deferredDir = path.resolve(__dirname, "..", "..", "support", "deferred");

test("the tests defer exactly the requests the product defers, from the same SDK folders", () => {
    const product = DEFERRALS.map((d) => ({ from: d.requester.slice(0, -1), request: d.request })).sort((a, b) => a.request.localeCompare(b.request));
    const tests = resolver.standIns.map((s) => ({ from: s.from, request: s.request })).sort((a, b) => a.request.localeCompare(b.request));
    expect(tests).toEqual(product);
});

test("a deferred request from the SDK resolves to its stand-in; the same request from elsewhere resolves as before", () => {
    const defaultResolver = (request: string) => `default:${request}`;
    for (const s of resolver.standIns) {
        expect(resolver(s.request, { basedir: path.join(sdk, ...s.from), defaultResolver })).toBe(path.join(deferredDir, s.standIn));
        expect(resolver(s.request, { basedir: __dirname, defaultResolver })).toBe(`default:${s.request}`);
    }
    expect(resolver("typescript", { basedir: path.join(sdk, "runtime"), defaultResolver })).toBe("default:typescript");
});

test("a stand-in names a request the product does not defer", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const standIn = require("../../support/deferred/stand-in") as (request: string) => unknown;
    expect(() => standIn("tar")).toThrow("tar is not deferred in policies/lib/deferred-modules.ts");
});

test("under jest, serializing a function and computing code paths still work through the stand-ins", async () => {
    const fn = await pulumi.runtime.serializeFunction(() => 6 * 7);
    expect(fn.text).toContain("6 * 7");
    const paths = await pulumi.runtime.computeCodePaths();
    expect(paths.size).toBeGreaterThan(0);
    expect(typeof pulumi.automation.LocalWorkspace).toBe("function");
    expect(typeof pulumi.provider.main).toBe("function");
});
