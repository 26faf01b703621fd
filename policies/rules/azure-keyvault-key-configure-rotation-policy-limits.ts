import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { durationDays, isUnknown, list, read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-configure-rotation-policy-limits",
    description: "Key Vault refuses a rotation policy whose versions expire within 28 days, or whose rotate or notify trigger comes within 7 days of a version's creation or expiry (Microsoft's key rotation guide; the SDKs' KeyRotationPolicy.expiresIn), so the key is not made and the deploy fails.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["None: scanners judge how late a key rotates, not the bounds Key Vault enforces"],
    resourceTypes: [T.key],
    parameters: {},
};

const MIN_EXPIRY_DAYS = 28;
const MIN_TRIGGER_DAYS = 7;

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const policy = read(props, "properties", "rotationPolicy");
        if (policy === undefined || isUnknown(policy)) return [];
        const messages: string[] = [];
        const expiryTime = read(policy, "attributes", "expiryTime");
        const expiryDays = isUnknown(expiryTime) ? undefined : durationDays(expiryTime);
        if (expiryDays !== undefined && expiryDays < MIN_EXPIRY_DAYS) {
            messages.push(`The rotation policy's expiryTime "${String(expiryTime)}" is shorter than Key Vault's minimum of 28 days; set properties.rotationPolicy.attributes.expiryTime to at least "P28D".`);
        }
        const actions = list(policy, "lifetimeActions");
        if (actions === UNKNOWN) return messages;
        actions.forEach((action, i) => {
            const type = read(action, "action", "type");
            if (isUnknown(action) || isUnknown(type)) return;
            const at = `properties.rotationPolicy.lifetimeActions[${i}].trigger`;
            for (const field of ["timeAfterCreate", "timeBeforeExpiry"] as const) {
                const value = read(action, "trigger", field);
                const days = isUnknown(value) ? undefined : durationDays(value);
                if (days === undefined) continue;
                const text = String(value);
                if (days < MIN_TRIGGER_DAYS) {
                    messages.push(`The ${String(type)} action's ${field} "${text}" is shorter than Key Vault's minimum of 7 days; set ${at}.${field} to at least "P7D".`);
                } else if (expiryDays !== undefined && expiryDays >= MIN_EXPIRY_DAYS && days > expiryDays - MIN_TRIGGER_DAYS) {
                    // Counted from either end, a trigger must fall at least 7 days inside a version's life.
                    const fix = `at most "P${Math.floor(expiryDays) - MIN_TRIGGER_DAYS}D"`;
                    messages.push(field === "timeAfterCreate"
                        ? `The ${String(type)} action's timeAfterCreate "${text}" comes within 7 days of the versions' expiry ("${String(expiryTime)}"), and Key Vault takes a trigger only at least 7 days before a version expires; set ${at}.${field} to ${fix}.`
                        : `The ${String(type)} action's timeBeforeExpiry "${text}" leaves less than 7 days after a version's creation within expiryTime "${String(expiryTime)}"; set ${at}.${field} to ${fix}.`);
                }
            }
        });
        return messages;
    },
};
