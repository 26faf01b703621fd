// The README's promise that an unknown (a value a preview does not know yet) is never a violation,
// held for every rule: each property of each known-good resource, and of each resource of a
// known-good stack, replaced in turn by the engine's unknown; no rule may report or throw.
import { rules } from "../../policies/rules";
import { Parameters, resolveParameters, ResourceView } from "../../policies/lib/rule";
import { CLIENT_ID, CSEU, good, KEY_ID, PRINCIPAL_ID, TYPES, UNKNOWN_STRING, VAULT_ID, view } from "./fixtures";

type Path = (string | number)[];

/** Every property path in a value, objects on the way included. */
function paths(value: unknown, prefix: Path = []): Path[] {
    if (value === null || typeof value !== "object") return [];
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
        const at = [...prefix, Array.isArray(value) ? Number(k) : k];
        return [at, ...paths(v, at)];
    });
}

function unknownAt(value: Record<string, unknown>, path: Path): Record<string, unknown> {
    const copy = structuredClone(value) as Record<string | number, unknown>;
    let at = copy;
    for (const part of path.slice(0, -1)) at = at[part] as Record<string | number, unknown>;
    at[path[path.length - 1]] = UNKNOWN_STRING;
    return copy as Record<string, unknown>;
}

/** A known-good stack's outputs, as the engine hands them to stack rules. */
function goodStack(): ResourceView[] {
    const vault = view(TYPES.vault, { name: "kv-good", location: "westeurope", properties: { ...good.vault().properties, vaultUri: "https://kv-good.vault.azure.net/" } }, { name: "kv-vault" });
    const key = view(TYPES.key, { name: "cmk", kty: "RSA-HSM", keySize: 3072, keyUri: "https://kv-good.vault.azure.net/keys/cmk", keyUriWithVersion: "https://kv-good.vault.azure.net/keys/cmk/0123", rotationPolicy: { attributes: { expiryTime: "P1Y" }, lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P90D" } }] } }, { name: "cmk-key" });
    const identity = view("azure-native:managedidentity:UserAssignedIdentity", { name: "id-cmk", clientId: CLIENT_ID, principalId: PRINCIPAL_ID }, { name: "id-cmk-identity" });
    const grant = view("azure-native:authorization:RoleAssignment", { principalId: PRINCIPAL_ID, principalType: "ServicePrincipal", roleDefinitionId: CSEU, scope: KEY_ID }, { name: "grant" });
    const lock = view("azure-native:authorization:ManagementLockByScope", { level: "CanNotDelete", name: "lock", scope: VAULT_ID }, { name: "kv-lock" });
    const audit = view("azure-native:monitor:DiagnosticSetting", { resourceUri: VAULT_ID, logs: [{ category: "AuditEvent", enabled: true }] }, { name: "kv-audit" });
    const waits = { dependencies: [identity.urn, grant.urn] };
    const registry = view(TYPES.registry, good.registry(), { name: "acr-registry", ...waits });
    const storage = view(TYPES.storageAccount, { ...good.storageAccount(), name: "stgood" }, { name: "st", ...waits });
    const scope = view(TYPES.encryptionScope, good.encryptionScope(), { name: "tenant-a", ...waits });
    const blob = view(TYPES.blobService, { accountName: "stgood", deleteRetentionPolicy: { enabled: true, days: 7 }, containerDeleteRetentionPolicy: { enabled: true, days: 7 } }, { name: "blob" });
    const des = view(TYPES.diskEncryptionSet, { ...good.diskEncryptionSet(), name: "des", location: "westeurope", activeKey: { keyUrl: "https://kv-good.vault.azure.net/keys/cmk/0123" } }, { name: "des", ...waits });
    const endpoint = view("azure-native:network:PrivateEndpoint", { name: "pe-kv", privateLinkServiceConnections: [{ name: "kv", privateLinkServiceId: VAULT_ID, groupIds: ["vault"] }] }, { name: "kv-endpoint" });
    return [vault, key, identity, grant, lock, audit, registry, storage, scope, blob, des, endpoint];
}

test("no resource rule reports or throws on an unknown anywhere in a known-good resource, in any profile", () => {
    const failures: string[] = [];
    for (const rule of rules) {
        if (rule.kind !== "resource") continue;
        for (const kind of Object.keys(TYPES) as (keyof typeof good)[]) {
            if (!rule.metadata.resourceTypes.includes(TYPES[kind])) continue;
            for (const path of paths(good[kind]())) {
                const props = unknownAt(good[kind](), path);
                for (const profile of ["baseline", "mcsb", "sovereign"] as const) {
                    try {
                        const messages = rule.check(view(TYPES[kind], props), resolveParameters<Parameters>(rule.metadata, profile, {}));
                        if (messages.length > 0) failures.push(`${rule.metadata.name} ${kind}.${path.join(".")} [${profile}]: ${messages.join(" | ")}`);
                    } catch (e) {
                        failures.push(`${rule.metadata.name} ${kind}.${path.join(".")} [${profile}] threw ${(e as Error).message}`);
                    }
                }
            }
        }
    }
    expect(failures).toEqual([]);
});

test("no stack rule reports or throws on an unknown anywhere in a known-good stack", () => {
    const rulesOfStack = rules.filter((r) => r.kind === "stack");
    const check = (stack: ResourceView[]) => rulesOfStack.flatMap((rule) => rule.kind === "stack" ? rule.check(stack, resolveParameters<Parameters>(rule.metadata, "sovereign", {})).map((v) => `${rule.metadata.name}: ${v.message}`) : []);
    expect(check(goodStack())).toEqual([]);
    const failures: string[] = [];
    goodStack().forEach((resource, i) => {
        for (const path of paths(resource.props)) {
            const stack = goodStack();
            stack[i] = { ...resource, props: unknownAt(resource.props, path) };
            try {
                failures.push(...check(stack).map((m) => `${resource.name}.${path.join(".")}: ${m}`));
            } catch (e) {
                failures.push(`${resource.name}.${path.join(".")} threw ${(e as Error).message}`);
            }
        }
    });
    expect(failures).toEqual([]);
});
