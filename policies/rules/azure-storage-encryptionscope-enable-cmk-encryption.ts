import { T } from "../lib/azure";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { accountOfScope, storageAccountName } from "../lib/storage-accounts";
import { read, readBoolean, sameText, UNKNOWN } from "../lib/values";

type Params = { requireDoubleEncryption: boolean };

export const metadata: RuleMetadata<Params> = {
    name: "azure-storage-encryptionscope-enable-cmk-encryption",
    description: "An encryption scope on Microsoft-managed keys lets the blobs written to it escape the customer's key even in an account that uses one; infrastructure encryption adds a second layer under a second key, which every scope of an account that requires it gets.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: [
        "Azure Policy \"Storage account encryption scopes should use customer-managed keys to encrypt data at rest\"",
        "Azure Policy bfecdea6-31c4-4045-ad42-71b9dc87247d \"Storage account encryption scopes should use double encryption for data at rest\" (under sovereign, or with requireDoubleEncryption; a scope on an account of the stack with encryption.requireInfrastructureEncryption passes, since \"any encryption scope created on that account automatically uses infrastructure encryption\", Microsoft's infrastructure-encryption guide)",
    ],
    resourceTypes: [T.encryptionScope, T.storageAccount],
    stackTrigger: T.encryptionScope,
    parameters: {
        requireDoubleEncryption: { schema: { type: "boolean", description: "Require requireInfrastructureEncryption on every encryption scope whose account does not require infrastructure encryption." }, defaults: { baseline: false, mcsb: false, sovereign: true } },
    },
};

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources, { requireDoubleEncryption }) {
        const violations: StackViolation[] = [];
        for (const scope of resources) {
            if (scope.type !== T.encryptionScope) continue;
            const { props } = scope;
            // Azure takes a scope without a source as Microsoft.Storage.
            const source = read(props, "source");
            if (source !== UNKNOWN && !sameText(source, "Microsoft.KeyVault")) {
                violations.push({ urn: scope.urn, message: "The encryption scope uses Microsoft-managed keys; set source to \"Microsoft.KeyVault\" with keyVaultProperties.keyUri." });
            }
            // A Key Vault scope that names no key is refused by Azure, so it never encrypts anything.
            const keyUri = read(props, "keyVaultProperties", "keyUri");
            if (source !== UNKNOWN && sameText(source, "Microsoft.KeyVault") && keyUri !== UNKNOWN && (typeof keyUri !== "string" || keyUri.trim() === "")) {
                violations.push({ urn: scope.urn, message: "The encryption scope's source is \"Microsoft.KeyVault\" but keyVaultProperties.keyUri is missing or empty, which Azure refuses; set it to the key's URI (…/keys/<name>)." });
            }
            // Left out, the scope is made without it (Azure Policy reports anything but true), and it cannot be added later.
            const infrastructure = readBoolean(props, "requireInfrastructureEncryption");
            if (!requireDoubleEncryption || infrastructure === UNKNOWN || infrastructure === true) continue;
            // An account outside the stack is not seen: the scope is judged alone.
            const account = accountOfScope(scope, resources);
            if (account === UNKNOWN) continue;
            if (account !== undefined) {
                const accountRequires = readBoolean(account.props, "encryption", "requireInfrastructureEncryption");
                if (accountRequires === UNKNOWN || accountRequires === true) continue;
            }
            const onAccount = account === undefined ? "" : ` (or create storage account ${storageAccountName(account) ?? account.name} with encryption.requireInfrastructureEncryption true, which covers all its scopes)`;
            violations.push({ urn: scope.urn, message: `The encryption scope is not double-encrypted; set requireInfrastructureEncryption to true when creating it${onAccount}.` });
        }
        return violations;
    },
};
