import { keySetting, T } from "../lib/azure";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { durationDays, isUnknown, list, read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-containerservice-managedcluster-configure-kms-key-validity",
    description: "AKS's KMS plugin keeps the key version a cluster was moved off in use until the next rotation (Microsoft's AKS KMS guide: both must stay valid); a KMS key whose versions expire sooner than two rotation periods leaves etcd's older secrets undecryptable and the API server down.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["None: scanners judge a key's rotation or expiry alone, not against the two versions the KMS plugin holds"],
    resourceTypes: [T.managedCluster, T.key],
    stackTrigger: T.managedCluster,
    parameters: {},
};

/** Days between a key's rotations under its policy (the soonest rotate action), or undefined/UNKNOWN. */
function rotationDays(policy: unknown, expiryDays: number | undefined): number | undefined | typeof UNKNOWN {
    const actions = list(policy, "lifetimeActions");
    if (actions === UNKNOWN) return UNKNOWN;
    let soonest: number | undefined;
    for (const action of actions) {
        const type = read(action, "action", "type");
        if (isUnknown(action) || isUnknown(type)) return UNKNOWN;
        if (!sameText(type, "rotate")) continue;
        const after = read(action, "trigger", "timeAfterCreate");
        const before = read(action, "trigger", "timeBeforeExpiry");
        if (isUnknown(after) || isUnknown(before)) return UNKNOWN;
        const beforeDays = durationDays(before);
        const days = durationDays(after) ?? (beforeDays !== undefined && expiryDays !== undefined ? expiryDays - beforeDays : undefined);
        if (days !== undefined && (soonest === undefined || days < soonest)) soonest = days;
    }
    return soonest;
}

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stack = StackIndex.of(resources);
        const violations: StackViolation[] = [];
        for (const { service: { view }, key, label } of stack.cmkKeys([T.managedCluster])) {
            const policy = keySetting(key.props, "rotationPolicy");
            const expiry = read(policy, "attributes", "expiryTime");
            if (isUnknown(policy) || isUnknown(expiry)) continue;
            const expiryDays = durationDays(expiry);
            const rotation = rotationDays(policy, expiryDays);
            if (expiryDays === undefined || rotation === undefined || rotation === UNKNOWN || expiryDays >= 2 * rotation) continue;
            const needed = Math.ceil(2 * rotation);
            violations.push({
                urn: view.urn,
                message: `AKS cluster ${view.name} encrypts etcd with key ${label}, whose versions expire ${Math.round(expiryDays)} days after creation but rotate every ${Math.round(rotation)}: KMS keeps the previous version in use until the next rotation, so each must stay valid ${needed} days; set the key's rotationPolicy.attributes.expiryTime to at least "P${needed}D".`,
            });
        }
        return violations;
    },
};
