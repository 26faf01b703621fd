import Module from "module";
import * as path from "path";
import { DEFERRALS, Deferral, deferredModule } from "./deferred-modules";

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

type Load = (request: string, parent: NodeModule | undefined, isMain: boolean) => unknown;
// Module._load is Node's internal loader, which every require goes through; @types/node omits it.
const loader = Module as unknown as { _load: Load };

const SDK = `${path.sep}node_modules${path.sep}@pulumi${path.sep}pulumi${path.sep}`;

function deferralFor(request: string, parent: NodeModule | undefined): Deferral | undefined {
    const from = parent?.filename;
    if (typeof from !== "string" || !from.includes(SDK)) return undefined;
    return DEFERRALS.find((d) => d.request === request && from.endsWith(SDK + d.requester.join(path.sep)));
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
