import Module from "module";
import * as path from "path";

/**
 * Defers modules that `@pulumi/pulumi` loads eagerly and neither a policy pack nor the offline
 * plan ever uses: for function serialization, TypeScript (to parse a function's source) and npm's
 * arborist and normalize-package-data (to find a function's package dependencies, with pacote,
 * sigstore and the registry client behind them); and the Automation API and the provider server.
 * Together they are most of the SDK's load time. Each is loaded on first use, so nothing is lost
 * if something asks for it.
 *
 * Import this module for its side effect before anything that loads `@pulumi/pulumi`.
 */

interface Deferral {
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

const DEFERRALS: Deferral[] = [
    { requester: ["typescript-shim.js"], request: "typescript", importedAs: "plain" },
    { requester: ["runtime", "closure", "codePaths.js"], request: "@npmcli/arborist", importedAs: "namespace" },
    { requester: ["runtime", "closure", "codePaths.js"], request: "normalize-package-data", importedAs: "default" },
    // The Automation API and the provider server, which the SDK's index also loads for everyone.
    { requester: ["index.js"], request: "./automation", importedAs: "namespace" },
    { requester: ["index.js"], request: "./provider", importedAs: "namespace" },
];

type Load = (request: string, parent: NodeModule | undefined, isMain: boolean) => unknown;
// Module._load is Node's internal loader, which every require goes through; @types/node omits it.
const loader = Module as unknown as { _load: Load };

const SDK = `${path.sep}node_modules${path.sep}@pulumi${path.sep}pulumi${path.sep}`;

function deferralFor(request: string, parent: NodeModule | undefined): Deferral | undefined {
    const from = parent?.filename;
    if (typeof from !== "string" || !from.includes(SDK)) return undefined;
    return DEFERRALS.find((d) => d.request === request && from.endsWith(SDK + d.requester.join(path.sep)));
}

/** An object (or, for a module that is one function, a function) that stands for a module and loads it at the first look inside. */
function deferredModule(load: () => object, importedAs: Deferral["importedAs"]): object {
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

const installed = Symbol.for("azure-byok.lazy-modules");
const registry = globalThis as { [installed]?: boolean };
if (!registry[installed]) {
    registry[installed] = true;
    const load = loader._load;
    loader._load = function (this: unknown, request: string, parent: NodeModule | undefined, isMain: boolean): unknown {
        const deferral = deferralFor(request, parent);
        if (deferral === undefined) {
            return load.call(this, request, parent, isMain);
        }
        // Resolve now, so that a missing module still fails at the require (typescript-shim falls back on that).
        require.resolve(request, { paths: [path.dirname((parent as NodeModule).filename)] });
        return deferredModule(() => load.call(this, request, parent, isMain) as object, deferral.importedAs);
    };
}
