/**
 * The modules that `@pulumi/pulumi` loads eagerly and neither a policy pack nor the offline plan
 * ever uses, and the stand-in that loads one at its first use. `lazy-modules.ts` installs them in
 * Node's loader; the tests install them in jest's (test/support/deferred/), which Node's bypasses.
 */

export interface Deferral {
    /** The SDK file whose require is deferred, relative to the package. */
    requester: string[];
    request: string;
    /**
     * How the requester imports it, which decides what the stand-in must answer before loading:
     * `namespace` (TypeScript's `__importStar`, which reads `__esModule` at once), `default` (its
     * `__importDefault` of a module that is one function: the stand-in is called), or `plain`.
     */
    importedAs: "namespace" | "default" | "plain";
}

export const DEFERRALS: readonly Deferral[] = [
    { requester: ["typescript-shim.js"], request: "typescript", importedAs: "plain" },
    { requester: ["runtime", "closure", "codePaths.js"], request: "@npmcli/arborist", importedAs: "namespace" },
    { requester: ["runtime", "closure", "codePaths.js"], request: "normalize-package-data", importedAs: "default" },
    // The Automation API and the provider server, which the SDK's index also loads for everyone.
    { requester: ["index.js"], request: "./automation", importedAs: "namespace" },
    { requester: ["index.js"], request: "./provider", importedAs: "namespace" },
];

/** An object (or, for a module that is one function, a function) that stands for a module and loads it at the first look inside. */
export function deferredModule(load: () => object, importedAs: Deferral["importedAs"]): object {
    let real: object | undefined;
    const target = () => (real ??= load());
    // An arrow function has no non-configurable own properties to keep the proxy's answers consistent with.
    const stand: object = importedAs === "default" ? () => undefined : {};
    return new Proxy(stand, {
        get: (_t, key) => {
            // Answered without loading: `__importStar` and `__importDefault` read it at the import.
            if (key === "__esModule" && importedAs !== "plain") return importedAs === "namespace" ? true : undefined;
            return Reflect.get(target(), key);
        },
        apply: (_t, thisArg, args: unknown[]) => Reflect.apply(target() as (...a: unknown[]) => unknown, thisArg, args),
        has: (_t, key) => Reflect.has(target(), key),
        set: (_t, key, value) => Reflect.set(target(), key, value),
        ownKeys: () => Reflect.ownKeys(target()),
        getOwnPropertyDescriptor: (_t, key) => {
            const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
            // The proxy's own target is empty: a proxy may not report a non-configurable property it lacks.
            return descriptor && { ...descriptor, configurable: true };
        },
    });
}

