import { CMK_SERVICE_TYPES, keySetting, T } from "../lib/azure";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { isUnknown, readBoolean, readNumber, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-configure-cmk-key-compatibility",
    description: "A CMK service can use only an enabled RSA key whose operations include what it does with it (wrap and unwrap; AKS KMS: encrypt and decrypt), of a size it takes: SQL's TDE protector and a Synapse workspace 2048 or 3072 bits, an Azure AI services account and a Data Explorer cluster 2048 only; another key fails the service's creation or takes its data offline. Those sizes are Azure's limits: a stack with an Azure AI services account or a Data Explorer cluster on its key cannot also meet a 3072-bit azure-keyvault-key-configure-min-rsa-size minimum (sovereign's), and names that key in that rule's allowedKeyNames (or sets its minRsaKeySize to 2048).",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["None: scanners judge a key or a service alone, not whether the service can use the key"],
    resourceTypes: [...CMK_SERVICE_TYPES, T.key],
    parameters: {},
};

/** A service that takes fewer RSA sizes than Key Vault makes (2048, 3072, 4096): the sizes, and how messages name the limit and the key to use. */
interface SizeLimit {
    sizes: readonly number[];
    /** The limit's subject, e.g. "SQL takes a TDE protector". */
    takes: string;
    /** The size the fix names. */
    use: number;
}

// Microsoft's "Azure SQL transparent data encryption with customer-managed key": an RSA or RSA-HSM key of 2048 or 3072 bits.
const SQL: SizeLimit = { sizes: [2048, 3072], takes: "SQL takes a TDE protector", use: 3072 };

/** The services whose RSA key sizes Azure limits; every other CMK service takes all three of Key Vault's. */
const RSA_KEY_SIZES: Readonly<Record<string, SizeLimit>> = {
    [T.sqlServer]: SQL,
    [T.sqlServerKey]: SQL,
    [T.sqlManagedInstance]: SQL,
    // learn.microsoft.com/azure/synapse-analytics/security/workspaces-encryption: "Synapse workspaces support RSA 2048 and 3072 byte-sized keys".
    [T.synapseWorkspace]: { sizes: [2048, 3072], takes: "a Synapse workspace takes a key", use: 3072 },
    // learn.microsoft.com/azure/ai-services/openai/encrypt-data-at-rest (and every Azure AI services encryption page):
    // "Only RSA and RSA-HSM keys of size 2048 are supported with Azure AI services encryption".
    [T.cognitiveAccount]: { sizes: [2048], takes: "Azure AI services take a key", use: 2048 },
    // learn.microsoft.com/azure/data-explorer/customer-managed-keys: "Only RSA keys of size 2048 are supported".
    [T.kustoCluster]: { sizes: [2048], takes: "Data Explorer takes a key", use: 2048 },
};

/** "2048", "2048 or 3072". */
function sizeList(sizes: readonly number[]): string {
    return sizes.length === 1 ? `${sizes[0]}` : `${sizes.slice(0, -1).join(", ")} or ${sizes[sizes.length - 1]}`;
}

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stack = StackIndex.of(resources);
        const violations: StackViolation[] = [];
        for (const { service: { view, use }, key, label } of stack.cmkKeys()) {
            const who = `${use.service} ${view.name} encrypts with key ${label}`;
            const kty = keySetting(key.props, "kty");
            if (typeof kty === "string" && !isUnknown(kty) && !kty.toUpperCase().startsWith("RSA")) {
                violations.push({ urn: view.urn, message: `${who}, which is ${kty}: Azure's customer-managed-key services wrap data keys with RSA; use an RSA-HSM (or RSA) key.` });
                continue;
            }
            const needed = use.keyUse === "encrypt" ? ["encrypt", "decrypt"] : ["wrapKey", "unwrapKey"];
            const listed = keySetting(key.props, "keyOps");
            const ops = isUnknown(listed) ? UNKNOWN : Array.isArray(listed) ? (listed as unknown[]) : [];
            if (ops !== UNKNOWN && ops.length > 0 && !ops.some(isUnknown)) {
                const missing = needed.filter((op) => !ops.includes(op));
                if (missing.length > 0) {
                    violations.push({ urn: view.urn, message: `${who}, whose keyOps (${ops.join(", ")}) lack ${missing.join(" and ")}, which it needs; add them to the key's properties.keyOps.` });
                }
            }
            const enabled = readBoolean(keySetting(key.props, "attributes", "enabled"));
            if (enabled === false) {
                violations.push({ urn: view.urn, message: `${who}, which is disabled: the service cannot reach its data keys; set the key's properties.attributes.enabled to true.` });
            }
            // Without keySize Key Vault makes a 2048-bit key, which every service takes.
            const size = readNumber(keySetting(key.props, "keySize"));
            const limit = RSA_KEY_SIZES[view.type];
            if (limit !== undefined && typeof size === "number" && !limit.sizes.includes(size)) {
                // A 2048-only service's fix is below a 3072-bit minimum: say which rule to lower, since Azure's limit cannot move.
                const minimum = limit.use < 3072 ? `, and set azure-keyvault-key-configure-min-rsa-size's minRsaKeySize to ${limit.use} where a profile asks for more` : "";
                violations.push({ urn: view.urn, message: `${who}, which is ${size}-bit: ${limit.takes} of ${sizeList(limit.sizes)} bits only; use a ${limit.use}-bit RSA-HSM key${minimum}.` });
            }
        }
        return violations;
    },
};
