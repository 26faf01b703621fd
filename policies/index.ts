// First: defers the modules the SDK loads at import that a pack never uses (lib/lazy-modules.ts says which).
import "./lib/lazy-modules";
import { PolicyPack } from "@pulumi/policy";
import { toPolicies } from "./lib/pack";
import { observeAnalyzerRequests } from "./lib/requests";
import { memoizePropertyDeserialization } from "./lib/struct-memo";
import { judgeVersionedTypesAsCanonical } from "./lib/type-tokens";
import { rules } from "./rules";

memoizePropertyDeserialization();
// Before the pack is served: the analyzer's server takes each request decoder as it starts.
observeAnalyzerRequests();
judgeVersionedTypesAsCanonical();

// The pack's name is what `--policy-pack-config` files and results refer to; its version is package.json's.
new PolicyPack("azure-byok", {
    description: "Azure Key Vault, keys and customer-managed-key wiring (BYOK). Profiles: baseline, mcsb, sovereign.",
    displayName: "Azure BYOK",
    provider: "azure",
    tags: ["azure", "key-vault", "cmk", "byok"],
    enforcementLevel: "advisory",
    policies: toPolicies(rules),
});
