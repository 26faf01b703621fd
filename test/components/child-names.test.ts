import { ChildName, childNameIssues, clientApplicationChildNames, cmkStorageAccountChildNames } from "../../components/child-names";
import { ClientApplication, ClientApplicationArgs } from "../../components/client-application";
import { CmkStorageAccount, CmkStorageAccountArgs } from "../../components/cmk-storage-account";
import { EncryptionKey } from "../../components/encryption-key";
import { KeyAccess } from "../../components/key-access";
import { KeyVault } from "../../components/key-vault";
import { ManagedIdentity } from "../../components/managed-identity";
import { Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { valueOf } from "../support/outputs";
import { vendorCertificate } from "../support/vendor-certificate";

const rg = "rg-byok";
const INSTALLERS = "6a1d2f3e-4b5c-4d6e-8f70-8192a3b4c5d6";
const SUBNET = "/subscriptions/ad98f49c-73d1-4249-8c14-3cb9d4911198/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/pe";
const BLOB_ZONE = "/subscriptions/ad98f49c-73d1-4249-8c14-3cb9d4911198/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net";

let recorder: Recorder;
let vault: KeyVault;
let cmk: EncryptionKey;
let tenant: EncryptionKey;
let appKey: EncryptionKey;

beforeAll(async () => {
    ({ recorder } = await setAzureMocks());
    vault = new KeyVault("kvchildren", { resourceGroupName: rg, networkAcls: { ipRules: ["203.0.113.0/28"] } });
    cmk = new EncryptionKey("children-cmk", { keyVault: vault });
    tenant = new EncryptionKey("children-tenant", { keyVault: vault });
    appKey = new EncryptionKey("children-app", { keyVault: vault, purpose: "applicationCrypto" });
    await Promise.all([cmk, tenant, appKey].map((k) => valueOf(k.keyUriWithVersion)));
    await settle();
});
beforeEach(() => recorder.clear());

/** `<type>::<name>` of what the component registered directly under it, sorted. */
async function registeredUnder(urn: Promise<string>): Promise<string[]> {
    await settle();
    expect(recorder.refused).toEqual([]);
    const parent = await urn;
    return recorder.resources.filter((r) => r.parent === parent).map((r) => `${r.type}::${r.name}`).sort();
}

const listed = (children: ChildName[]) => children.map((c) => `${c.type}::${c.name}`).sort();

describe("the children listed are those the component registers", () => {
    test("a ClientApplication with every kind of credential, a handover with readers and the rotation secrets, and grants with vault read", async () => {
        const args: ClientApplicationArgs = {
            certificates: [{ name: "generated", validityDays: 90 }, { name: "supplied", certificatePem: vendorCertificate(365) }],
            clientSecrets: [{ name: "primary" }],
            federatedCredentials: [{ name: "github", issuer: "https://token.actions.githubusercontent.com", subject: "repo:contoso/app:ref:refs/heads/main" }],
            secretsExportConfiguration: {
                keyVault: vault,
                readers: [{ principalId: INSTALLERS, principalType: "Group" }, { name: "ops", principalId: "7b2e3f4a-5c6d-4e7f-8a9b-0c1d2e3f4a5b", principalType: "Group" }],
                current: { clientSecret: "primary", certificate: "generated" },
            },
            grants: [{ key: appKey, permissions: "applicationCrypto", vaultRead: true }, { name: "wrap", key: cmk, permissions: "cmkService" }],
        };
        const app = new ClientApplication("children-vendor", args);
        const registered = await registeredUnder(valueOf(app.urn));
        expect(listed(clientApplicationChildNames("children-vendor", args))).toEqual(registered);
        expect(registered).toHaveLength(25);
    });

    test("a ClientApplication with no wait after its role assignments", async () => {
        const args: ClientApplicationArgs = {
            clientSecrets: [{ name: "primary" }],
            secretsExportConfiguration: { keyVault: vault, readers: [{ principalId: INSTALLERS, principalType: "Group" }] },
            grants: [{ key: appKey, permissions: "applicationCrypto", vaultRead: true }],
            rbacPropagationWait: "0s",
        };
        const app = new ClientApplication("children-nowait", args);
        expect(listed(clientApplicationChildNames("children-nowait", args))).toEqual(await registeredUnder(valueOf(app.urn)));
    });

    test("a CmkStorageAccount making its own identity, grant and name, with a scope on another key, containers and private endpoints", async () => {
        const args: CmkStorageAccountArgs = {
            resourceGroupName: rg,
            customerManagedKey: { key: cmk },
            encryptionScopes: [{ name: "platform", key: cmk }, { name: "tenant", key: tenant, keyAccessName: "tenant-key" }],
            containers: [{ name: "data", encryptionScope: "tenant" }, { name: "logs" }],
            privateEndpoints: [{ subnetResourceId: SUBNET, service: "blob", privateDnsZoneResourceIds: [BLOB_ZONE] }, { subnetResourceId: SUBNET, service: "blob" }],
        };
        const sa = new CmkStorageAccount("stchildren", args);
        const registered = await registeredUnder(valueOf(sa.urn));
        expect(listed(cmkStorageAccountChildNames("stchildren", args))).toEqual(registered);
        expect(registered).toHaveLength(13);
    });

    test("a CmkStorageAccount given its identity, its grants and its name", async () => {
        const identity = new ManagedIdentity("children-shared", { resourceGroupName: rg });
        const grant = new KeyAccess("children-shared-on-cmk", { key: cmk, principalId: identity.principalId, permissions: "cmkService" });
        const tenantGrant = new KeyAccess("children-shared-on-tenant", { key: tenant, principalId: identity.principalId, permissions: "cmkService" });
        const args: CmkStorageAccountArgs = {
            resourceGroupName: rg,
            accountName: "stchildrenshared",
            customerManagedKey: { key: cmk, userAssignedIdentity: identity, keyAccess: grant },
            encryptionScopes: [{ name: "tenant", key: tenant, keyAccess: tenantGrant }],
        };
        const sa = new CmkStorageAccount("stchildren-shared", args);
        expect(listed(cmkStorageAccountChildNames("stchildren-shared", args))).toEqual(await registeredUnder(valueOf(sa.urn)));
    });
});

describe("childNameIssues", () => {
    const child = (type: string, name: string, field: string): ChildName => ({ type, name, field });

    test("reports a child of another list's type and name at the later one's argument", () => {
        expect(childNameIssues([
            child("azure-native:authorization:RoleAssignment", "app-x-vault-read", "grants[0]"),
            child("azure-native:authorization:RoleAssignment", "app-x-vault-read", "secretsExportConfiguration.readers[1]"),
        ])).toEqual([{
            field: "secretsExportConfiguration.readers[1]",
            message: 'would make azure-native:authorization:RoleAssignment "app-x-vault-read", which grants[0] makes too: a Pulumi URN holds a resource\'s type and name, so the engine would refuse the second ("Duplicate resource URN"); rename one',
        }]);
    });

    test("leaves two of one list to that list's rule, and one name of two types alone", () => {
        expect(childNameIssues([
            child("tls:index/privateKey:PrivateKey", "app-a-key", "certificates[0].name"),
            child("tls:index/privateKey:PrivateKey", "app-a-key", "certificates[1].name"),
            child("azure-byok:keyvault:KeyAccess", "app-a-key", "grants[0]"),
        ])).toEqual([]);
    });
});
