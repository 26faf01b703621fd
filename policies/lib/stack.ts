import { cmkKeyProperty, CmkUse, cmkUses, identityOfResource, keyId, KeyRef, lastSegment, parseKeyUri, parseScope, roleGuid, Scope, T, vaultOfUri } from "./azure";
import { ResourceView } from "./rule";
import { isUnknown, list, read, UNKNOWN, Unknown } from "./values";

/** One role assignment, as far as it is known. */
export interface Grant {
    view: ResourceView;
    principalId: string | Unknown;
    role: string | Unknown;
    scope: Scope | Unknown;
}

/** One access-policy entry on a vault. */
export interface VaultAccessPolicy {
    view: ResourceView;
    vault: string | Unknown;
    objectId: string | Unknown;
    keyPermissions: string[] | Unknown;
}

export interface Service {
    view: ResourceView;
    use: CmkUse;
}

export interface IdentityEntry {
    view: ResourceView;
    /** Its ARM id, lower case, once known. */
    id?: string;
    name?: string;
    clientId?: string;
    principalId?: string;
    /** The service's own system-assigned identity, which Azure makes with it. */
    systemAssigned?: true;
}

/** The stack's resources (outputs), indexed the way the cross-resource rules look them up. */
export class StackIndex {
    readonly vaults = new Map<string, ResourceView>();
    /** Managed HSMs by name: their keys live outside ARM, but the HSM itself is a resource the rules judge. */
    readonly managedHsms = new Map<string, ResourceView>();
    readonly keys = new Map<string, ResourceView>();
    /**
     * Vaults and Managed HSMs whose name the outputs do not say yet, by URN: a new vault's on a
     * first preview (azure-native previews the response-only `name` and `vaultUri` as unknown, and
     * outputs never carry the path parameter `vaultName`). keyStores() names them as the program does.
     */
    readonly unnamedStores = new Map<string, ResourceView>();
    /** Keys whose vault or name the outputs do not say yet (a new key's, during a preview): a reference may be one of them (mayBeUnplacedKey). */
    readonly unplacedKeys: ResourceView[] = [];
    readonly identities: IdentityEntry[] = [];
    readonly grants: Grant[] = [];
    readonly accessPolicies: VaultAccessPolicy[] = [];
    readonly services: Service[] = [];
    readonly byUrn = new Map<string, ResourceView>();

    private static readonly built = new WeakMap<ResourceView[], StackIndex>();

    /** The index of this list of views, built once per list: the pack hands every stack rule the same list. */
    static of(resources: ResourceView[]): StackIndex {
        let index = StackIndex.built.get(resources);
        if (index === undefined) {
            index = new StackIndex(resources);
            StackIndex.built.set(resources, index);
        }
        return index;
    }

    constructor(readonly resources: ResourceView[]) {
        for (const r of resources) {
            this.byUrn.set(r.urn, r);
            const p = r.props;
            if (r.type === T.vault) {
                const name = str(read(p, "name")) ?? vaultOfUri(read(p, "properties", "vaultUri")) ?? str(read(p, "vaultName"));
                if (name) this.vaults.set(name, r);
                else this.unnamedStores.set(r.urn, r);
                const entries = list(p, "properties", "accessPolicies");
                if (entries !== UNKNOWN) {
                    for (const entry of entries) this.accessPolicies.push(accessPolicyOf(r, name ?? UNKNOWN, entry));
                }
            } else if (r.type === T.managedHsm) {
                const name = str(read(p, "name")) ?? vaultOfUri(read(p, "properties", "hsmUri"));
                if (name) this.managedHsms.set(name, r);
                else this.unnamedStores.set(r.urn, r);
            } else if (r.type === T.key) {
                const ref = parseKeyUri(read(p, "keyUri"));
                const vault = ref?.vault ?? str(read(p, "vaultName"));
                const key = ref?.key ?? str(read(p, "name")) ?? str(read(p, "keyName"));
                if (vault && key) this.keys.set(`${vault}/${key}`, r);
                else this.unplacedKeys.push(r);
            } else if (r.type === T.identity) {
                this.identities.push({ view: r, id: str(read(p, "id"))?.replace(/\/$/, ""), name: str(read(p, "name")), clientId: str(read(p, "clientId")), principalId: str(read(p, "principalId")) });
            } else if (r.type === T.roleAssignment) {
                const principalId = read(p, "principalId");
                const role = read(p, "roleDefinitionId");
                const scope = read(p, "scope");
                this.grants.push({
                    view: r,
                    principalId: isUnknown(principalId) ? UNKNOWN : (str(principalId) ?? ""),
                    role: isUnknown(role) ? UNKNOWN : (roleGuid(role) ?? ""),
                    scope: isUnknown(scope) ? UNKNOWN : parseScope(scope),
                });
            } else if (r.type === T.accessPolicy) {
                const vault = read(p, "vaultName");
                this.accessPolicies.push(accessPolicyOf(r, isUnknown(vault) ? UNKNOWN : (str(vault) ?? ""), read(p, "policy")));
            } else {
                // A service with two keys (a flexible server's geo-backup key) is one entry per key.
                for (const use of cmkUses(r.type, p)) this.services.push({ view: r, use });
            }
        }
        for (const service of this.services) {
            const key = service.use.key;
            // A deployed SQL server key's name has the same form in a vault and in a Managed HSM: the stack's HSM of that name says which.
            if (key !== undefined && key !== UNKNOWN && key.storeFromName === true && this.managedHsms.has(key.vault) && !this.vaults.has(key.vault)) {
                service.use = { ...service.use, key: { ...key, managedHsm: true } };
            }
        }
        for (const service of this.services) {
            const from = service.use.identityFrom;
            if (from === undefined || service.use.identity !== undefined) continue;
            const owner = this.ownerOf(service.view, from);
            if (owner) service.use = { ...service.use, identity: identityOfResource(owner.type, owner.props) };
        }
    }

    /**
     * Whether `ref` may be a key of the stack's that the outputs do not place yet: one whose known
     * vault and name (outputs, or its Analyze request's path parameters) do not tell it apart.
     */
    mayBeUnplacedKey(ref: KeyRef): boolean {
        if (ref.managedHsm === true) return false;
        return this.unplacedKeys.some((k) => {
            const vault = str(read(k.props, "vaultName")) ?? str(k.pathParameters?.vaultName);
            const name = str(read(k.props, "name")) ?? str(read(k.props, "keyName")) ?? str(k.pathParameters?.keyName);
            return (vault === undefined || vault === ref.vault) && (name === undefined || name === ref.key);
        });
    }

    /** The resource a service's `identityFrom` names: the one its property came from, else the one of that type and name. */
    private ownerOf(view: ResourceView, from: NonNullable<CmkUse["identityFrom"]>): ResourceView | undefined {
        for (const urn of view.propertyDependencies?.[from.property] ?? []) {
            const owner = this.byUrn.get(urn);
            if (owner?.type === from.type) return owner;
        }
        if (from.name === undefined) return undefined;
        let byName = this.byTypeAndName.get(from.type);
        if (!byName) {
            byName = new Map();
            for (const r of this.resources) {
                const name = r.type === from.type ? (str(read(r.props, "name")) ?? str(read(r.props, from.property))) : undefined;
                if (name !== undefined && !byName.has(name)) byName.set(name, r);
            }
            this.byTypeAndName.set(from.type, byName);
        }
        return byName.get(from.name);
    }

    private readonly byTypeAndName = new Map<string, Map<string, ResourceView>>();

    /**
     * Each CMK service (of `serviceTypes`, or any) whose key is in the stack, with that key and
     * how messages name it; a key from outside is azure-keyvault-key-missing-in-stack's to report.
     */
    cmkKeys(serviceTypes?: readonly string[]): { service: Service; key: ResourceView; label: string }[] {
        const found: { service: Service; key: ResourceView; label: string }[] = [];
        for (const service of this.services) {
            if (serviceTypes !== undefined && !serviceTypes.includes(service.view.type)) continue;
            const ref = service.use.key;
            if (ref === undefined) continue;
            const key = ref === UNKNOWN ? this.linkOf(service).key : this.keys.get(keyId(ref));
            if (key) found.push({ service, key, label: ref === UNKNOWN ? key.name : keyId(ref) });
        }
        return found;
    }

    /**
     * Each vault or Managed HSM of the stack that holds a CMK service's key, with the first
     * service (in stack order) that uses it, the key when its URL says, and how messages name the store.
     */
    cmkVaults(serviceTypes?: readonly string[]): { vault: ResourceView; key: KeyRef | undefined; label: string; service: Service }[] {
        const seen = new Map<string, { vault: ResourceView; key: KeyRef | undefined; label: string; service: Service }>();
        for (const service of this.services) {
            if (serviceTypes !== undefined && !serviceTypes.includes(service.view.type)) continue;
            const found = this.keyStoreOf(service);
            if (found && !seen.has(found.store.urn)) seen.set(found.store.urn, { vault: found.store, key: service.use.key === UNKNOWN ? undefined : service.use.key, label: found.label, service });
        }
        return [...seen.values()];
    }

    /**
     * The vault or Managed HSM of the stack that holds a CMK service's key, and how messages name
     * it: by the key's URL, or while that is unknown (a first preview) by what the service's key
     * property came from (keyLink).
     */
    keyStoreOf(service: Service): { store: ResourceView; label: string } | undefined {
        const key = service.use.key;
        if (key === undefined) return undefined;
        if (key === UNKNOWN) {
            const store = this.linkOf(service).store;
            return store && { store, label: this.storeLabel(store) };
        }
        const store = key.managedHsm ? this.managedHsms.get(key.vault) : this.vaults.get(key.vault);
        return store && { store, label: key.vault };
    }

    /** The stack's key store and key a service's key property came from, while its key's URL is unknown (keyLink). */
    private linkOf(service: Service): ReturnType<typeof keyLink> {
        const property = cmkKeyProperty(service.view.type);
        return property === undefined ? {} : keyLink(service.view, property, this.byUrn);
    }

    /** A vault's or Managed HSM's name, or while that is unknown (a first preview), its resource's name in the program. */
    private storeLabel(view: ResourceView): string {
        for (const [name, v] of view.type === T.managedHsm ? this.managedHsms : this.vaults) if (v === view) return name;
        return view.name;
    }

    /**
     * The identity a service names: by client id or ARM id, if it is in the stack (the first in
     * stack order); by principal id, an identity Azure made for the service, whose grants can only
     * be the stack's.
     */
    identityOf(use: CmkUse): Omit<IdentityEntry, "view"> | undefined {
        const ref = use.identity;
        if (ref === undefined || ref === UNKNOWN) return undefined;
        if (ref.principalId !== undefined) return ref.systemAssigned ? { principalId: ref.principalId, systemAssigned: true } : { principalId: ref.principalId };
        const index = this.lookups();
        const byClientId = ref.clientId !== undefined ? index.identityByClientId.get(ref.clientId) : undefined;
        // An identity's name is unique in its resource group only: by its ARM id once the stack's identity's is known, by name until then.
        const id = ref.resourceId?.replace(/\/$/, "");
        const segment = id !== undefined ? lastSegment(id) : undefined;
        const byId = id !== undefined ? index.identityById.get(id) : undefined;
        const named = segment !== undefined ? index.identityByName.get(segment) : undefined;
        const byName = byId ?? (named !== undefined && this.identities[named].id === undefined ? named : undefined);
        const first = Math.min(byClientId ?? Infinity, byName ?? Infinity);
        return first === Infinity ? undefined : this.identities[first];
    }

    /** The role assignments whose principal id is `principalId` (a known id, or UNKNOWN for the unknown ones). */
    grantsOf(principalId: string | Unknown): Grant[] {
        return this.lookups().grantsByPrincipal.get(principalId) ?? [];
    }

    /**
     * Whether `principalId` (lower case) is a workload principal the stack makes: a user-assigned
     * identity, a service principal (by object id), or the identity Azure made for one of its
     * resources (system-assigned, or a Databricks workspace's managed-disk identity).
     */
    makesWorkload(principalId: string): boolean {
        return this.lookups().workloadPrincipals.has(principalId);
    }

    /** The access-policy entries whose object id is `objectId`. */
    accessPoliciesOf(objectId: string | Unknown): VaultAccessPolicy[] {
        return this.lookups().policiesByObjectId.get(objectId) ?? [];
    }

    // Built on first use, so that a rule that asks one question of a stack of thousands of
    // services does not scan every identity and grant for each service.
    private lookupCache?: {
        identityByClientId: Map<string, number>;
        identityByName: Map<string, number>;
        identityById: Map<string, number>;
        grantsByPrincipal: Map<string | Unknown, Grant[]>;
        policiesByObjectId: Map<string | Unknown, VaultAccessPolicy[]>;
        workloadPrincipals: Set<string>;
    };

    private lookups(): NonNullable<StackIndex["lookupCache"]> {
        if (this.lookupCache) return this.lookupCache;
        const identityByClientId = new Map<string, number>();
        const identityByName = new Map<string, number>();
        const identityById = new Map<string, number>();
        this.identities.forEach((identity, i) => {
            if (identity.id !== undefined && !identityById.has(identity.id)) identityById.set(identity.id, i);
            if (identity.clientId !== undefined && !identityByClientId.has(identity.clientId)) identityByClientId.set(identity.clientId, i);
            if (identity.name !== undefined && !identityByName.has(identity.name)) identityByName.set(identity.name, i);
        });
        const grantsByPrincipal = groupBy(this.grants, (g) => g.principalId);
        const policiesByObjectId = groupBy(this.accessPolicies, (a) => a.objectId);
        const workloadPrincipals = new Set<string>();
        for (const r of this.resources) {
            const id = str(r.type === T.identity ? read(r.props, "principalId") : r.type === T.servicePrincipal ? read(r.props, "objectId") : read(r.props, "identity", "principalId"));
            if (id) workloadPrincipals.add(id);
        }
        for (const { use } of this.services) if (use.identity !== UNKNOWN && use.identity?.principalId !== undefined) workloadPrincipals.add(use.identity.principalId);
        this.lookupCache = { identityByClientId, identityByName, identityById, grantsByPrincipal, policiesByObjectId, workloadPrincipals };
        return this.lookupCache;
    }

    /** The URNs `view` waits for, directly or through what it waits for. */
    dependencyClosure(view: ResourceView): Set<string> {
        const seen = new Set<string>();
        const next = [...(view.dependencies ?? [])];
        for (let urn = next.pop(); urn !== undefined; urn = next.pop()) {
            if (seen.has(urn)) continue;
            seen.add(urn);
            next.push(...(this.byUrn.get(urn)?.dependencies ?? []));
        }
        return seen;
    }

    /**
     * The stack's own name for a grant's principal, when the principal is created in the stack:
     * a managed identity's name, or the display name of a service principal's application. Ids
     * of new principals are unknown until deploy, so policy config names them this way.
     */
    principalName(grant: Grant): string | undefined {
        return this.nameOfPrincipal(grant.view, "principalId");
    }

    /**
     * The name of a principal this stack creates whose id `view`'s `property` was taken from: a
     * managed identity's name, or its application's display name for a service principal. With
     * `objectId`, only the principal with that id (a vault's inline access policies all come
     * through one property).
     */
    nameOfPrincipal(view: ResourceView, property: string, objectId?: string): string | undefined {
        for (const urn of view.propertyDependencies?.[property] ?? []) {
            const principal = this.byUrn.get(urn);
            const id = str(read(principal?.props, principal?.type === T.identity ? "principalId" : "objectId"));
            if (objectId !== undefined && id !== undefined && id.toLowerCase() !== objectId.toLowerCase()) continue;
            // Names as written, for messages; callers compare them without regard to case.
            if (principal?.type === T.identity) {
                return text(read(principal.props, "name"));
            }
            if (principal?.type === T.servicePrincipal) {
                for (const appUrn of principal.propertyDependencies?.clientId ?? []) {
                    const app = this.byUrn.get(appUrn);
                    if (app?.type === T.application) return text(read(app.props, "displayName"));
                }
            }
        }
        return undefined;
    }

    vaultName(view: ResourceView): string | undefined {
        for (const [name, v] of this.vaults) if (v === view) return name;
        return undefined;
    }

    /**
     * Every vault and Managed HSM, with the resource-id segment (`vaults`, `managedhsms`) and the
     * noun messages use; one whose name is not known yet (`named` false) by its name in the program.
     */
    keyStores(): { name: string; named: boolean; view: ResourceView; idSegment: "vaults" | "managedhsms"; noun: "Vault" | "Managed HSM" }[] {
        const kind = (view: ResourceView) => (view.type === T.managedHsm ? { idSegment: "managedhsms" as const, noun: "Managed HSM" as const } : { idSegment: "vaults" as const, noun: "Vault" as const });
        return [
            ...[...this.vaults].map(([name, view]) => ({ name, named: true, view, ...kind(view) })),
            ...[...this.managedHsms].map(([name, view]) => ({ name, named: true, view, ...kind(view) })),
            ...[...this.unnamedStores.values()].map((view) => ({ name: view.name, named: false, view, ...kind(view) })),
        ];
    }

    /**
     * Each key of the stack with the vault of the stack that holds it, and how messages name both:
     * by the key's URL, or while that is unknown (a preview) by the vault its vaultName came from.
     */
    vaultKeys(): { key: ResourceView; label: string; vault: ResourceView; vaultLabel: string }[] {
        const found: { key: ResourceView; label: string; vault: ResourceView; vaultLabel: string }[] = [];
        for (const [id, key] of this.keys) {
            const vaultLabel = id.split("/")[0];
            const vault = this.vaults.get(vaultLabel);
            if (vault) found.push({ key, label: id, vault, vaultLabel });
        }
        for (const key of this.unplacedKeys) {
            const vault = keyLink(key, "vaultName", this.byUrn).store;
            if (vault?.type === T.vault) found.push({ key, label: key.name, vault, vaultLabel: this.storeLabel(vault) });
        }
        return found;
    }

    /**
     * Whether a private endpoint serves the vault or HSM: an approved connection among its own, or
     * an endpoint in the stack that links to it automatically. A manual connection waits for the
     * owner's approval and carries no traffic until then (Azure Policy counts Approved ones only),
     * so it counts only when the stack approves a connection on that vault or HSM.
     */
    hasPrivateEndpoint(name: string, vault: ResourceView): boolean | Unknown {
        // An unnamed store is being created (an update's preview keeps the old name: azure-native
        // provider.go Update), so its connections, previewed as unknown, are only those the stack makes.
        const named = !this.unnamedStores.has(vault.urn);
        const existing = list(vault.props, "properties", "privateEndpointConnections");
        if (existing === UNKNOWN && named) return UNKNOWN;
        let unknown = false;
        for (const connection of existing === UNKNOWN ? [] : existing) {
            const status = read(connection, "properties", "privateLinkServiceConnectionState", "status") ?? read(connection, "privateLinkServiceConnectionState", "status");
            if (isUnknown(status)) unknown = true;
            else if (typeof status === "string" && status.toLowerCase() === "approved") return true;
        }
        const hsm = vault.type === T.managedHsm;
        const segment = `${hsm ? "managedhsms" : "vaults"}/`;
        const target = `${segment}${name.toLowerCase()}`;
        const approved = this.approvesConnections(name, vault, named);
        for (const endpoint of this.resources) {
            if (endpoint.type !== T.privateEndpoint) continue;
            // During a preview the vault's id is unknown, but a connection that depends on the vault links to it.
            const dependsOn = (kind: string) => (endpoint.propertyDependencies?.[kind] ?? []).includes(vault.urn);
            const autoTargets = endpointTargets(endpoint, AUTO);
            const manualTargets = endpointTargets(endpoint, MANUAL);
            const auto = dependsOn(AUTO) || (named && autoTargets !== UNKNOWN && autoTargets.includes(target));
            const manual = dependsOn(MANUAL) || (named && manualTargets !== UNKNOWN && manualTargets.includes(target));
            if (auto || (manual && approved === true)) return true;
            // An id not known yet, or while the store's name is not known one written out for a store of its kind, may be its.
            const mayBe = (ids: string[] | Unknown) => ids === UNKNOWN || (!named && ids.some((t) => t.startsWith(segment)));
            // A manual connection serves only once approved.
            if (mayBe(autoTargets) || ((manual || mayBe(manualTargets)) && approved !== false)) unknown = true;
        }
        return unknown ? UNKNOWN : false;
    }

    /**
     * Whether the stack approves a private endpoint connection on the vault or HSM
     * (keyvault.PrivateEndpointConnection, MHSMPrivateEndpointConnection). The store's name is a
     * path parameter there, which outputs do not carry: their `id` says it, or a dependency on the
     * store; with none of these, the approval may be the store's.
     */
    private approvesConnections(name: string, vault: ResourceView, named: boolean): boolean | Unknown {
        const hsm = vault.type === T.managedHsm;
        const property = hsm ? "name" : "vaultName";
        let unknown = false;
        for (const approval of this.resources) {
            if (approval.type !== (hsm ? T.hsmEndpointConnection : T.vaultEndpointConnection)) continue;
            const from = approval.propertyDependencies?.[property] ?? [];
            // Outputs carry no path parameter, and an HSM connection's `name` output is the connection's
            // own: there the store is the one its `id` names.
            const id = read(approval.props, "id");
            const inId = typeof id === "string" && !isUnknown(id) ? /\/providers\/microsoft\.keyvault\/(?:vaults|managedhsms)\/([^/]+)\/privateendpointconnections\//i.exec(id) : null;
            const owner = inId ? inId[1] : read(approval.props, property);
            let mine: boolean | Unknown;
            if (from.includes(vault.urn)) mine = true;
            else if (isUnknown(owner) || (typeof owner === "string" && !named)) mine = UNKNOWN;
            else if (typeof owner === "string") mine = owner.toLowerCase() === name.toLowerCase();
            else mine = from.length > 0 ? false : UNKNOWN;
            if (mine === false) continue;
            const status = read(approval.props, "privateLinkServiceConnectionState", "status");
            if (isUnknown(status)) unknown = true;
            else if (typeof status === "string" && status.toLowerCase() === "approved") {
                if (mine === true) return true;
                unknown = true;
            }
        }
        return unknown ? UNKNOWN : false;
    }
}

/**
 * The vault or Managed HSM, and the key, of the stack that `view`'s `property` was built from, by
 * its propertyDependencies: during a first preview a new key's URL is unknown, but the engine
 * still says which resources the value came from (a Vault, or a Key whose vaultName came from
 * one). A store is given only when exactly one is reached and no key on the way is in a vault the
 * dependencies do not name; a key only when exactly one is (PostgreSQL's geo-backup key is a second).
 */
export function keyLink(view: ResourceView, property: string, byUrn: ReadonlyMap<string, ResourceView>): { store?: ResourceView; key?: ResourceView } {
    const stores = new Set<ResourceView>();
    const keys = new Set<ResourceView>();
    let unplaced = false;
    for (const urn of view.propertyDependencies?.[property] ?? []) {
        const from = byUrn.get(urn);
        if (from?.type === T.vault || from?.type === T.managedHsm) {
            stores.add(from);
        } else if (from?.type === T.key) {
            keys.add(from);
            const vaults = (from.propertyDependencies?.vaultName ?? []).map((u) => byUrn.get(u)).filter((v): v is ResourceView => v?.type === T.vault);
            if (vaults.length === 0) unplaced = true;
            for (const vault of vaults) stores.add(vault);
        }
    }
    return { store: !unplaced && stores.size === 1 ? [...stores][0] : undefined, key: keys.size === 1 ? [...keys][0] : undefined };
}

const AUTO = "privateLinkServiceConnections";
const MANUAL = "manualPrivateLinkServiceConnections";

/** What a private endpoint's connections of one kind (`property`) connect to, as `vaults/<name>` or `managedhsms/<name>`; UNKNOWN when a target is not known yet. */
function endpointTargets(endpoint: ResourceView, property: string): string[] | Unknown {
    const connections = list(endpoint.props, property);
    if (connections === UNKNOWN) return UNKNOWN;
    const targets: string[] = [];
    for (const connection of connections) {
        const id = read(connection, "privateLinkServiceId");
        if (isUnknown(id)) return UNKNOWN;
        const match = typeof id === "string" ? /\/providers\/microsoft\.keyvault\/(vaults|managedhsms)\/([^/]+)\/?$/i.exec(id) : null;
        if (match) targets.push(`${match[1]}/${match[2]}`.toLowerCase());
    }
    return targets;
}

function groupBy<T, K>(items: T[], keyOf: (item: T) => K): Map<K, T[]> {
    const groups = new Map<K, T[]>();
    for (const item of items) {
        const key = keyOf(item);
        const group = groups.get(key);
        if (group) group.push(item);
        else groups.set(key, [item]);
    }
    return groups;
}

function text(value: unknown): string | undefined {
    return typeof value === "string" && !isUnknown(value) ? value : undefined;
}

function str(value: unknown): string | undefined {
    return typeof value === "string" && !isUnknown(value) ? value.toLowerCase() : undefined;
}

function accessPolicyOf(view: ResourceView, vault: string | Unknown, entry: unknown): VaultAccessPolicy {
    const objectId = read(entry, "objectId");
    const perms = list(entry, "permissions", "keys");
    return {
        view,
        vault,
        objectId: isUnknown(objectId) ? UNKNOWN : (str(objectId) ?? ""),
        keyPermissions: perms === UNKNOWN || perms.some(isUnknown) ? UNKNOWN : perms.filter((x): x is string => typeof x === "string").map((x) => x.toLowerCase()),
    };
}
