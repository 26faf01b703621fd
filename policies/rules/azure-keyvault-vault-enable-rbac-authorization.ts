import { T } from "../lib/azure";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { read, readBoolean, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-enable-rbac-authorization",
    description: "Access policies grant a principal its permissions on every key in the vault; Azure RBAC can grant them on one key and is audited with the rest of Azure's roles.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 PA-7"],
    mirrors: ["Azure Policy \"Azure Key Vault should use RBAC permission model\"", "PSRule Azure.KeyVault.RBAC", "Prowler keyvault_rbac_enabled"],
    resourceTypes: [T.vault],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const value = readBoolean(props, "properties", "enableRbacAuthorization");
        const createMode = read(props, "properties", "createMode");
        // Recovering a deleted vault brings its permission model back as it was; the request cannot change it (Azure Policy skips it too).
        if (createMode === UNKNOWN || sameText(createMode, "recover")) return [];
        // The SDK sends false when the property is omitted, so absent counts as off.
        return value === UNKNOWN || value === true ? [] : ["The vault uses access policies; set properties.enableRbacAuthorization to true and grant roles scoped to keys instead."];
    },
};
