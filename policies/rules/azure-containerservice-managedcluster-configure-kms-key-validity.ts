import { keySetting, T } from "../lib/azure";
import { mayUseKmsDataEncryption } from "../lib/kms-data-encryption";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { durationDays, isUnknown, list, read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-containerservice-managedcluster-configure-kms-key-validity",
    description: "AKS's KMS plugin keeps the key version a cluster was moved off in use as its previous key until the next move (Microsoft's AKS KMS guide: both must stay valid), so a cluster moved after every rotation uses each version for two rotation periods and the time its second move takes; a KMS key whose versions expire sooner than two rotation periods and 30 days leaves etcd's older secrets undecryptable and the API server down. KMS data encryption moves to each new version within 6 hours and re-encrypts on its own (Microsoft's KMS data encryption guide), so it is not judged.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["None: scanners judge a key's rotation or expiry alone, not against the two versions the KMS plugin holds"],
    resourceTypes: [T.managedCluster, T.key],
    stackTrigger: T.managedCluster,
    parameters: {},
};

/**
 * Days a cluster may take to move after a rotation (`verify --check expiry` reports it ClusterKeyBehind
 * the next day): the version it moves off is still in use until then, so versions must outlive two
 * rotations by this much. A month, the warning Key Vault's near-expiry notice and that check give.
 * CmkKubernetesCluster refuses such a key before deploy with the same figure (components/key-rotation-policy.ts).
 */
const MOVE_GRACE_DAYS = 30;

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
            if (mayUseKmsDataEncryption(view.props)) continue;
            const policy = keySetting(key.props, "rotationPolicy");
            const expiry = read(policy, "attributes", "expiryTime");
            if (isUnknown(policy) || isUnknown(expiry)) continue;
            const expiryDays = durationDays(expiry);
            const rotation = rotationDays(policy, expiryDays);
            if (expiryDays === undefined || rotation === undefined || rotation === UNKNOWN || expiryDays >= 2 * rotation + MOVE_GRACE_DAYS) continue;
            const needed = Math.ceil(2 * rotation + MOVE_GRACE_DAYS);
            violations.push({
                urn: view.urn,
                message: `AKS cluster ${view.name} encrypts etcd with key ${label}, whose versions expire ${Math.round(expiryDays)} days after creation but rotate every ${Math.round(rotation)}: KMS keeps a version in use until the cluster's second move after it is made (pulumi up --refresh after each rotation), so each must stay valid two rotations and ${MOVE_GRACE_DAYS} days to make that move, ${needed} days; set the key's rotationPolicy.attributes.expiryTime to at least "P${needed}D".`,
            });
        }
        return violations;
    },
};
