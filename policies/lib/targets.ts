import { resourceGroupOf, subscriptionOf, T } from "./azure";
import { ResourceView } from "./rule";
import { canonicalType } from "./type-tokens";
import { isUnknown, read, UNKNOWN, Unknown } from "./values";

/** A vault or Managed HSM as the stack rules find it. */
export interface KeyStore {
    /** Its name, or while that is not known (a first preview) its name in the program. */
    name: string;
    named: boolean;
    view: ResourceView;
    idSegment: "vaults" | "managedhsms";
}

/**
 * Whether a resource that names what it applies to by an ARM id in `property` (a lock's `scope`, a
 * diagnostic setting's `resourceUri`) applies to the key store. Those ids are path parameters, so
 * a resource's outputs may not carry them: when neither the id nor a dependency on the key store
 * says, the answer is UNKNOWN, never a guess. With `inherited`, an id of the store's resource
 * group or subscription applies too (a lock covers everything under its scope).
 */
export function appliesByArmId(store: KeyStore, r: ResourceView, property: string, inherited: boolean): boolean | Unknown {
    if (dependsOn(r, property, store.view)) return true;
    const value = read(r.props, property) ?? scopeOfExtension(read(r.props, "id"));
    if (isUnknown(value)) return UNKNOWN;
    if (typeof value !== "string") {
        const from = r.propertyDependencies?.[property] ?? [];
        if (from.length === 0) return UNKNOWN;
        // Taken from the store's own resource group alone: `scope: rg.id`, or an id built on it (`${rg.id}/providers/...`), which outputs cannot tell apart.
        if (inherited && from.every((urn) => urnType(urn) === T.resourceGroup) && sharesDependency(r, property, store.view, "resourceGroupName")) return UNKNOWN;
        return false;
    }
    const id = value.toLowerCase().replace(/\/+$/, "");
    const named = /\/microsoft\.keyvault\/(vaults|managedhsms)\/([^/]+)$/.exec(id);
    // An id written out for a store of its kind may be this store's while its name is not known.
    if (named?.[1] === store.idSegment) return store.named ? named[2] === store.name.toLowerCase() : UNKNOWN;
    if (!inherited) return false;
    const scope = /^\/subscriptions\/([^/]+)(?:\/resourcegroups\/([^/]+))?$/.exec(id);
    if (scope === null) return false;
    // A group or subscription scope covers the store only in the store's own subscription, where that is known.
    const storeSubscription = subscriptionOf(store.view);
    if (storeSubscription !== undefined && storeSubscription !== scope[1]) return false;
    const group = scope[2];
    if (group === undefined) return true;
    if (sharesDependency(r, property, store.view, "resourceGroupName")) return true;
    const storeGroup = resourceGroupOf(store.view);
    return storeGroup === undefined ? UNKNOWN : storeGroup === group;
}

/** Whether a management lock of any of azure-native's kinds covers the key store. */
export function lockCovers(store: KeyStore, lock: ResourceView): boolean | Unknown {
    switch (lock.type) {
        case T.lock:
            return appliesByArmId(store, lock, "scope", true);
        case T.lockAtSubscription:
            return true;
        case T.lockAtResourceGroup: {
            if (sharesDependency(lock, "resourceGroupName", store.view, "resourceGroupName")) return true;
            const group = read(lock.props, "resourceGroupName");
            const storeGroup = resourceGroupOf(store.view);
            if (typeof group !== "string" || storeGroup === undefined) return UNKNOWN;
            return group.toLowerCase() === storeGroup;
        }
        case T.lockAtResource: {
            if (dependsOn(lock, "resourceName", store.view)) return true;
            const namespace = read(lock.props, "resourceProviderNamespace");
            const type = read(lock.props, "resourceType");
            const name = read(lock.props, "resourceName");
            if (typeof namespace !== "string" || typeof type !== "string" || typeof name !== "string") return UNKNOWN;
            if (namespace.toLowerCase() !== "microsoft.keyvault" || type.toLowerCase() !== store.idSegment) return false;
            return store.named ? name.toLowerCase() === store.name.toLowerCase() : UNKNOWN;
        }
        default:
            return false;
    }
}

export const LOCK_TYPES: readonly string[] = [T.lock, T.lockAtResource, T.lockAtResourceGroup, T.lockAtSubscription];

/** The scope an extension resource's own id is under (`<scope>/providers/Microsoft.Authorization/locks/<name>`). */
function scopeOfExtension(id: unknown): string | undefined {
    if (typeof id !== "string") return undefined;
    const at = id.toLowerCase().lastIndexOf("/providers/");
    return at > 0 ? id.slice(0, at) : undefined;
}

/** A URN's resource type: `urn:pulumi:<stack>::<project>::<parent types$>type::<name>`. */
function urnType(urn: string): string | undefined {
    const type = urn.split("::")[2]?.split("$").pop();
    return type === undefined ? undefined : canonicalType(type);
}

function dependsOn(r: ResourceView, property: string, target: ResourceView): boolean {
    return (r.propertyDependencies?.[property] ?? []).includes(target.urn);
}

/** Whether `r`'s `property` and `other`'s `otherProperty` came from one resource (the same resource group's name or id). */
function sharesDependency(r: ResourceView, property: string, other: ResourceView, otherProperty: string): boolean {
    const mine = r.propertyDependencies?.[property] ?? [];
    return mine.length > 0 && (other.propertyDependencies?.[otherProperty] ?? []).some((urn) => mine.includes(urn));
}
