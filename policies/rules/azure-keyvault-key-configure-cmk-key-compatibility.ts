import { CMK_SERVICE_TYPES, keySetting, T } from "../lib/azure";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { isUnknown, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-configure-cmk-key-compatibility",
    description: "A CMK service can use only an enabled RSA key whose operations include what it does with it (wrap and unwrap; AKS KMS: encrypt and decrypt), and SQL's TDE protector only a 2048- or 3072-bit one; another key fails the service's creation or takes its data offline.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["None: scanners judge a key or a service alone, not whether the service can use the key"],
    resourceTypes: [...CMK_SERVICE_TYPES, T.key],
    parameters: {},
};

/** SQL takes a TDE protector of these sizes only (Microsoft's "Azure SQL transparent data encryption with customer-managed key"). */
const SQL_KEY_SIZES = [2048, 3072];
const SQL_TYPES = new Set<string>([T.sqlServer, T.sqlServerKey, T.sqlManagedInstance]);

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
            const enabled = keySetting(key.props, "attributes", "enabled");
            if (enabled === false) {
                violations.push({ urn: view.urn, message: `${who}, which is disabled: the service cannot reach its data keys; set the key's properties.attributes.enabled to true.` });
            }
            const size = keySetting(key.props, "keySize");
            if (SQL_TYPES.has(view.type) && typeof size === "number" && !SQL_KEY_SIZES.includes(size)) {
                violations.push({ urn: view.urn, message: `${who}, which is ${size}-bit: SQL takes a TDE protector of 2048 or 3072 bits only; use a 3072-bit RSA-HSM key.` });
            }
        }
        return violations;
    },
};
