// First: keeps the SDK from loading TypeScript and npm's arborist, which a pack never uses, at start.
import "./lib/lazy-modules";
import { PolicyPack } from "@pulumi/policy";
import { toPolicies } from "./lib/pack";
import { rules } from "./rules";

// The pack's name is what `--policy-pack-config` files and results refer to; its version is package.json's.
new PolicyPack("azure-byok", {
    description: "Azure Key Vault, keys and customer-managed-key wiring (BYOK). Profiles: baseline, mcsb, sovereign.",
    displayName: "Azure BYOK",
    provider: "azure",
    tags: ["azure", "key-vault", "cmk", "byok"],
    enforcementLevel: "advisory",
    policies: toPolicies(rules),
});
