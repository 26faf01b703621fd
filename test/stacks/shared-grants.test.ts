import { parseStackConfig } from "../../stacks/config";
import { GrantVault, grantName, sharedGrants } from "../../stacks/shared-grants";

const RBAC: GrantVault = { enableRbacAuthorization: true };
const POLICIES: GrantVault = { enableRbacAuthorization: false };
const PREPARING: GrantVault = { enableRbacAuthorization: false, prepareRbacMigration: true };

/** One vault of keys `k-storage`, `k-registry` and `k-spare`, one identity, and the services given. */
function stack(vault: Record<string, unknown>, services: Record<string, unknown>) {
    return parseStackConfig({
        resourceGroupName: "rg-grants",
        location: "westeurope",
        vaults: [{ name: "kv-one", ...vault, keys: [{ name: "k-storage" }, { name: "k-registry" }, { name: "k-spare" }] }],
        identities: [{ name: "id-shared" }],
        ...services,
    });
}

const rbacVault = { enableRbacAuthorization: true };
const policyVault = { enableRbacAuthorization: false };

test("a shared identity's grant is named for its key, or for its vault", () => {
    expect(grantName("id-shared", { key: "k-storage" })).toBe("id-shared-on-k-storage");
    expect(grantName("id-shared", { vault: "kv-one" })).toBe("id-shared-on-vault-kv-one");
});

describe("on an RBAC vault", () => {
    test("each key gets a grant of its own, named for the identity and key as their entries declare them, with no earlier name when services write them so", () => {
        const grantsFor = sharedGrants(stack(rbacVault, {
            storageAccounts: [{ name: "stgrants", key: "k-storage", identity: "id-shared" }],
            registries: [{ name: "acrgrants", key: "k-registry", identity: "id-shared" }],
        }), () => RBAC);
        expect(grantsFor({ identity: "id-shared", key: "k-storage" })).toEqual([{ id: "id-shared|key:k-storage", name: "id-shared-on-k-storage", earlierNames: [], part: {} }]);
        expect(grantsFor({ identity: "id-shared", key: "k-registry" })).toEqual([{ id: "id-shared|key:k-registry", name: "id-shared-on-k-registry", earlierNames: [], part: {} }]);
    });

    test("services writing the identity and key in other cases share one grant, named as declared, each spelling an alias", () => {
        const grantsFor = sharedGrants(stack(rbacVault, {
            registries: [{ name: "acrone", key: "K-Storage", identity: "ID-Shared" }, { name: "acrtwo", key: "k-storage", identity: "Id-Shared" }],
            storageAccounts: [{ name: "stgrants", key: "k-storage", identity: "id-shared" }],
        }), () => RBAC);
        const expected = [{ id: "id-shared|key:k-storage", name: "id-shared-on-k-storage", earlierNames: ["ID-Shared-on-K-Storage", "Id-Shared-on-k-storage"], part: {} }];
        expect(grantsFor({ identity: "ID-Shared", key: "K-Storage" })).toEqual(expected);
        expect(grantsFor({ identity: "id-shared", key: "k-storage" })).toEqual(expected);
    });

    test("a storage account's encryption scope uses the account's identity on the scope's key, and its spelling is an alias", () => {
        const grantsFor = sharedGrants(stack(rbacVault, {
            storageAccounts: [{ name: "stgrants", key: "k-storage", identity: "id-shared", encryptionScopes: [{ name: "orders", key: "K-Spare" }] }],
        }), () => RBAC);
        expect(grantsFor({ identity: "id-shared", key: "K-Spare" })).toEqual([{ id: "id-shared|key:k-spare", name: "id-shared-on-k-spare", earlierNames: ["id-shared-on-K-Spare"], part: {} }]);
    });

    test.each(["eventHubNamespaces", "postgresqlServers"])("lists no keys when one of %s shares the grant: the key's role serves it, and no key's role lists a vault's keys", (list) => {
        const administrator = list === "postgresqlServers" ? { administrator: { principalName: "pg-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" } } : {};
        const grantsFor = sharedGrants(stack(rbacVault, {
            storageAccounts: [{ name: "stgrants", key: "k-storage", identity: "id-shared" }],
            [list]: [{ name: "shared-one", key: "k-storage", identity: "id-shared", ...administrator }],
        }), () => RBAC);
        expect(grantsFor({ identity: "id-shared", key: "k-storage" }).map((g) => g.part)).toEqual([{}]);
    });

    test("the key's reference decides, not the entry: an access-policy entry whose vault Azure reports as RBAC gets per-key grants", () => {
        const grantsFor = sharedGrants(stack(policyVault, { registries: [{ name: "acrgrants", key: "k-registry", identity: "id-shared" }] }), () => RBAC);
        expect(grantsFor({ identity: "id-shared", key: "k-registry" }).map((g) => g.name)).toEqual(["id-shared-on-k-registry"]);
    });
});

describe("on an access-policy vault", () => {
    test("every key of the vault shares one vault-wide grant, keeping by alias the names it had for the services' keys", () => {
        const grantsFor = sharedGrants(stack(policyVault, {
            storageAccounts: [{ name: "stgrants", key: "k-storage", identity: "id-shared" }],
            registries: [{ name: "acrgrants", key: "k-registry", identity: "id-shared" }],
        }), () => POLICIES);
        // Services in config order (registries before storage accounts), then the vault's other keys; the vault's own name is the grant's.
        const expected = [{ id: "id-shared|vault:kv-one", name: "id-shared-on-vault-kv-one", earlierNames: ["id-shared-on-k-registry", "id-shared-on-k-storage", "id-shared-on-k-spare"], part: {} }];
        expect(grantsFor({ identity: "id-shared", key: "k-storage" })).toEqual(expected);
        expect(grantsFor({ identity: "id-shared", key: "k-registry" })).toEqual(expected);
    });

    test("aliases every spelling of the identity and key: the service's own, each vault key's and the vault's, with each way the identity is written", () => {
        const grantsFor = sharedGrants(stack(policyVault, { storageAccounts: [{ name: "stgrants", key: "K-Storage", identity: "ID-Shared" }] }), () => POLICIES);
        expect(grantsFor({ identity: "ID-Shared", key: "K-Storage" })).toEqual([{
            id: "id-shared|vault:kv-one",
            name: "id-shared-on-vault-kv-one",
            earlierNames: [
                "ID-Shared-on-K-Storage",
                "id-shared-on-k-storage", "id-shared-on-k-registry", "id-shared-on-k-spare",
                "ID-Shared-on-k-storage", "ID-Shared-on-k-registry", "ID-Shared-on-k-spare",
                "ID-Shared-on-vault-kv-one",
            ],
            part: {},
        }]);
    });

    test.each(["eventHubNamespaces", "serviceBusNamespaces", "postgresqlServers", "mysqlServers"])("lists keys too when one of %s shares the grant", (list) => {
        const administrator = list === "postgresqlServers" ? { administrator: { principalName: "pg-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" } } : {};
        const grantsFor = sharedGrants(stack(policyVault, {
            storageAccounts: [{ name: "stgrants", key: "k-storage", identity: "id-shared" }],
            [list]: [{ name: "shared-one", key: "k-spare", identity: "id-shared", ...administrator }],
        }), () => POLICIES);
        expect(grantsFor({ identity: "id-shared", key: "k-storage" }).map((g) => g.part)).toEqual([{ listKeys: true }]);
    });

    test("lists no keys when only services that wrap and unwrap share it", () => {
        // Cosmos DB reaches its key only through the vault's public endpoint.
        const grantsFor = sharedGrants(stack({ ...policyVault, publicNetworkAccess: "Enabled" }, {
            storageAccounts: [{ name: "stgrants", key: "k-storage", identity: "id-shared" }],
            registries: [{ name: "acrgrants", key: "k-registry", identity: "id-shared" }],
            cosmosDbAccounts: [{ name: "cosmos-grants", key: "k-spare", identity: "id-shared" }],
            // Listing is per grant: this Event Hubs namespace makes one of its own, on its own identity.
            eventHubNamespaces: [{ name: "evh-grants", key: "k-spare" }],
        }), () => POLICIES);
        expect(grantsFor({ identity: "id-shared", key: "k-storage" }).map((g) => g.part)).toEqual([{}]);
    });
});

describe("on an access-policy vault preparing its move to RBAC", () => {
    const grantsFor = sharedGrants(stack({ enableRbacAuthorization: false, prepareRbacMigration: true }, {
        registries: [{ name: "acrgrants", key: "k-registry", identity: "id-shared" }, { name: "acrcased", key: "K-Registry", identity: "id-shared" }],
        storageAccounts: [{ name: "stgrants", key: "k-storage", identity: "id-shared" }],
    }), () => PREPARING);

    test("splits the grant: the vault's access policy first, which the service waits for, then the key's role under the per-key name the flipped vault gives it", () => {
        expect(grantsFor({ identity: "id-shared", key: "K-Registry" })).toEqual([
            { id: "id-shared|vault:kv-one", name: "id-shared-on-vault-kv-one", earlierNames: ["id-shared-on-k-registry", "id-shared-on-K-Registry", "id-shared-on-k-storage", "id-shared-on-k-spare"], part: { rbacMigrationPart: "accessPolicy" } },
            { id: "id-shared|key:k-registry", name: "id-shared-on-k-registry", earlierNames: ["id-shared-on-K-Registry"], part: { rbacMigrationPart: "roleAssignment" } },
        ]);
    });

    test("gives each key's service its key's role and the one vault-wide policy", () => {
        const [policy, role] = grantsFor({ identity: "id-shared", key: "k-storage" });
        expect(policy.id).toBe("id-shared|vault:kv-one");
        expect(role).toEqual({ id: "id-shared|key:k-storage", name: "id-shared-on-k-storage", earlierNames: [], part: { rbacMigrationPart: "roleAssignment" } });
    });
});
