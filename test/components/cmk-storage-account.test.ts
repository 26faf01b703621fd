import * as pulumi from "@pulumi/pulumi";
import { CmkStorageAccount, StorageEncryptionScope, validateCmkStorageAccountArgs } from "../../components/cmk-storage-account";
import { EncryptionKey } from "../../components/encryption-key";
import { KeyVault } from "../../components/key-vault";
import { KeyReference } from "../../components/types";
import { Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { expectRefusedBeforeRegistration } from "../support/expect";
import { valueOf } from "../support/outputs";
import { keyReference } from "../support/references";

const rg = "rg-byok";
const KEY_ACCESS = "azure-byok:keyvault:KeyAccess";
const ROLE_ASSIGNMENT = "azure-native:authorization:RoleAssignment";
let recorder: Recorder;
let vault: KeyVault;
let policyVault: KeyVault;
let account: EncryptionKey;
let contoso: EncryptionKey;
let fabrikam: EncryptionKey;
let policyContoso: EncryptionKey;
let policyFabrikam: EncryptionKey;

beforeAll(async () => {
    ({ recorder } = await setAzureMocks());
    vault = new KeyVault("kvscopes", { resourceGroupName: rg });
    policyVault = new KeyVault("kvpolicies", { resourceGroupName: rg, enableRbacAuthorization: false });
    account = new EncryptionKey("platform-cmk", { keyVault: vault });
    contoso = new EncryptionKey("tenant-contoso", { keyVault: vault });
    fabrikam = new EncryptionKey("tenant-fabrikam", { keyVault: vault });
    policyContoso = new EncryptionKey("policy-contoso", { keyVault: policyVault });
    policyFabrikam = new EncryptionKey("policy-fabrikam", { keyVault: policyVault });
    await Promise.all([account, contoso, fabrikam, policyContoso, policyFabrikam].map((k) => valueOf(k.keyUriWithVersion)));
    await settle();
});
beforeEach(() => recorder.clear());

/** An account on platform-cmk with these scopes, once every registration is accepted. */
async function accountWith(name: string, encryptionScopes: StorageEncryptionScope[], opts?: pulumi.ComponentResourceOptions): Promise<CmkStorageAccount> {
    const sa = new CmkStorageAccount(name, { resourceGroupName: rg, customerManagedKey: { key: account }, encryptionScopes }, opts);
    await valueOf(sa.id);
    await settle();
    expect(recorder.refused).toEqual([]);
    return sa;
}

/** Each scope grant's name, with its aliases. */
const grants = () => Object.fromEntries(recorder.ofType(KEY_ACCESS).map((r) => [r.name, r.aliases]));

describe("CmkStorageAccount's grants for its encryption scopes", () => {
    const scopes = (): StorageEncryptionScope[] => [
        { name: "contoso", key: contoso, keyAccessName: "tenant-contoso" },
        { name: "contoso-archive", key: contoso, keyAccessName: "tenant-contoso" },
        { name: "fabrikam", key: fabrikam, keyAccessName: "tenant-fabrikam" },
        { name: "platform", key: account },
    ];

    test("are one per key, named for the key, with every scope on it waiting for it, and aliased by each scope's earlier name", async () => {
        const sa = await accountWith("stgrants", scopes());
        expect(grants()).toEqual({
            "stgrants-key-access": [],
            "stgrants-tenant-contoso-key-grant": ["stgrants-contoso-key-access", "stgrants-contoso-archive-key-access"],
            "stgrants-tenant-fabrikam-key-grant": ["stgrants-fabrikam-key-access"],
        });
        const assignment = (grant: string) => recorder.find(ROLE_ASSIGNMENT, `${grant}-role-assignment`);
        const principalId = await valueOf(sa.identity.principalId);
        expect(assignment("stgrants-tenant-contoso-key-grant").inputs).toMatchObject({ principalId, scope: await valueOf(contoso.id) });
        expect(assignment("stgrants-tenant-fabrikam-key-grant").inputs).toMatchObject({ principalId, scope: await valueOf(fabrikam.id) });
        const scope = (n: string) => recorder.find("azure-native:storage:EncryptionScope", `stgrants-${n}-scope`);
        expect(scope("contoso").dependencies).toContain(assignment("stgrants-tenant-contoso-key-grant").urn);
        expect(scope("contoso-archive").dependencies).toContain(assignment("stgrants-tenant-contoso-key-grant").urn);
        expect(scope("fabrikam").dependencies).toContain(assignment("stgrants-tenant-fabrikam-key-grant").urn);
        expect(scope("platform").dependencies).toContain(assignment("stgrants-key-access").urn);
    });

    test("keep their names and aliases when the scopes are reordered or the first on a key is removed", async () => {
        const named = async (name: string, list: StorageEncryptionScope[]) => {
            recorder.clear();
            await accountWith(name, list);
            const strip = (n: string) => n.slice(name.length);
            return Object.fromEntries(recorder.ofType(KEY_ACCESS).map((r) => [strip(r.name), r.aliases.map(strip).sort()]));
        };
        const first = await named("stfirst", scopes());
        expect(await named("streversed", [...scopes()].reverse())).toEqual(first);
        expect(await named("stremoved", scopes().slice(1))).toEqual({ ...first, "-tenant-contoso-key-grant": ["-contoso-archive-key-access"] });
    });

    test("in an access-policy vault, are one per vault, named for it, aliased by every scope's earlier name", async () => {
        await accountWith("stpolicy", [
            { name: "contoso", key: policyContoso, keyAccessName: "kvpolicies" },
            { name: "fabrikam", key: policyFabrikam },
        ]);
        expect(grants()).toEqual({
            "stpolicy-key-access": [],
            "stpolicy-kvpolicies-vault-grant": ["stpolicy-contoso-key-access", "stpolicy-fabrikam-key-access"],
        });
        expect(recorder.ofType("azure-native:keyvault:AccessPolicy").map((r) => r.name)).toEqual(["stpolicy-kvpolicies-vault-grant-access-policy"]);
    });

    test("are named for a key described by hand by its keyName, and for its vault's vaultName in an access-policy vault", async () => {
        const byHand = async (k: EncryptionKey, v: KeyVault): Promise<KeyReference> => ({
            id: await valueOf(k.id), keyUri: await valueOf(k.keyUri), keyUriWithVersion: await valueOf(k.keyUriWithVersion), keyName: await valueOf(k.keyName), kty: k.kty, keySize: k.keySize, keyOps: k.keyOps,
            keyVault: { id: await valueOf(v.id), vaultName: await valueOf(v.vaultName), resourceGroupName: rg, vaultUri: await valueOf(v.vaultUri), tenantId: await valueOf(v.tenantId), sku: v.sku, enableRbacAuthorization: v.enableRbacAuthorization, enablePurgeProtection: v.enablePurgeProtection },
        });
        await accountWith("stbyhand", [{ name: "contoso", key: await byHand(contoso, vault) }, { name: "policy", key: await byHand(policyContoso, policyVault) }]);
        expect(Object.keys(grants())).toEqual(["stbyhand-key-access", "stbyhand-tenant-contoso-key-grant", `stbyhand-${await valueOf(policyVault.vaultName)}-vault-grant`]);
    });

    test("pass their earlier names down to their children, whose names carry the grant's: the role assignment deployed under the first scope's name is among its aliases", async () => {
        let grant: pulumi.Resource | undefined;
        // A transformation sees each child as it is made: the one way to hold the grant, which the account does not expose.
        const keep: pulumi.ResourceTransformation = (t) => {
            if (t.name === "stchildren-tenant-contoso-key-grant") grant = t.resource;
            return undefined;
        };
        const sa = await accountWith("stchildren", scopes().slice(0, 2).reverse(), { transformations: [keep] });
        expect(grant).toBeDefined();
        const roleAssignment = "stchildren-tenant-contoso-key-grant-role-assignment";
        expect(recorder.find(ROLE_ASSIGNMENT, roleAssignment).parent).toBe(await valueOf(grant?.urn as pulumi.Output<string>));
        // The engine gives a child the aliases the SDK computes where it cannot (allAliases): its name with each parent alias's name as prefix.
        const computed = await Promise.all(pulumi.allAliases([], roleAssignment, ROLE_ASSIGNMENT, grant as pulumi.Resource, "stchildren-tenant-contoso-key-grant").map((a) => valueOf(a)));
        const accountUrn = await valueOf(sa.urn);
        const earlier = (scope: string) => `${accountUrn.slice(0, accountUrn.lastIndexOf("::"))}$${KEY_ACCESS}$${ROLE_ASSIGNMENT}::stchildren-${scope}-key-access-role-assignment`;
        expect(computed).toEqual(expect.arrayContaining([earlier("contoso"), earlier("contoso-archive")]));
    });

    test("are refused, before anything is registered, for an EncryptionKey whose name is an output and no keyAccessName", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkStorageAccount("strefused", {
            resourceGroupName: rg,
            customerManagedKey: { key: account },
            encryptionScopes: [{ name: "platform", key: account }, { name: "contoso", key: contoso }, { name: "contoso-archive", key: contoso }],
        }), "encryptionScopes[1].keyAccessName", /^is required: the key's name is not known before deploy .* give the key's name$/);
    });
});

// Pulumi's idiomatic way to retain a subtree: a wrapper given retainOnDelete, which the engine copies onto each
// child that sets none (pulumi/pulumi source_eval.go, inheritFromParent). protect: false must not undo it.
describe("CmkStorageAccount given protect: false under a component of your own given retainOnDelete: true", () => {
    test("sends its account, identity and key grant no retainOnDelete of their own, so they take the wrapper's and stay in Azure", async () => {
        const workload = new pulumi.ComponentResource("acme:index:Workload", "orders", {}, { retainOnDelete: true });
        await registered(new CmkStorageAccount("stwrapped", { resourceGroupName: rg, customerManagedKey: { key: account }, protect: false }, { parent: workload }));
        expect(recorder.find("azure-native:storage:StorageAccount", "stwrapped-account")).toMatchObject({ protect: false, retainOnDelete: true });
        expect(recorder.find("azure-native:managedidentity:UserAssignedIdentity", "stwrapped-identity-identity")).toMatchObject({ protect: false, retainOnDelete: true });
        expect(recorder.ofType(ROLE_ASSIGNMENT).filter((r) => r.name.startsWith("stwrapped-")).map((r) => [r.name, r.retainOnDelete])).toEqual([["stwrapped-key-access-role-assignment", true]]);
    });

    test("without the wrapper, is deleted with its identity and grant", async () => {
        await registered(new CmkStorageAccount("stunwrapped", { resourceGroupName: rg, customerManagedKey: { key: account }, protect: false }));
        expect(recorder.resources.filter((r) => r.custom && r.name.startsWith("stunwrapped-") && r.retainOnDelete).map((r) => r.name)).toEqual([
            // Always kept: Azure has no DELETE for it (cmk-storage-account.ts).
            "stunwrapped-blob-service",
        ]);
    });
});

describe("CmkStorageAccount's secure defaults", () => {
    test("send no anonymous blob access, HTTPS only, no cross-tenant replication, Entra ID first in the portal, and a closed public endpoint", async () => {
        await registered(new CmkStorageAccount("stdefaults", { resourceGroupName: rg, customerManagedKey: { key: account } }));
        // Sent, not left to Azure: older API versions default anonymous blob access and cross-tenant replication on, and the public endpoint is on unless sent Disabled.
        expect(recorder.find("azure-native:storage:StorageAccount", "stdefaults-account").inputs).toMatchObject({
            allowBlobPublicAccess: false,
            enableHttpsTrafficOnly: true,
            allowCrossTenantReplication: false,
            defaultToOAuthAuthentication: true,
            publicNetworkAccess: "Disabled",
        });
    });

    test("turn on blob and container soft delete for 7 days", async () => {
        await registered(new CmkStorageAccount("stsoftdelete", { resourceGroupName: rg, customerManagedKey: { key: account } }));
        // Azure leaves both off on a new account made through the API; CIS Azure asks for 7–365 days.
        expect(recorder.find("azure-native:storage:BlobServiceProperties", "stsoftdelete-blob-service").inputs).toMatchObject({
            deleteRetentionPolicy: { enabled: true, days: 7 },
            containerDeleteRetentionPolicy: { enabled: true, days: 7 },
        });
    });

    test("open the public endpoint only when asked by name", async () => {
        await registered(new CmkStorageAccount("stpublic", { resourceGroupName: rg, customerManagedKey: { key: account }, publicNetworkAccess: "Enabled" }));
        expect(recorder.find("azure-native:storage:StorageAccount", "stpublic-account").inputs).toMatchObject({ publicNetworkAccess: "Enabled", allowBlobPublicAccess: false });
    });
});

async function registered(sa: CmkStorageAccount): Promise<void> {
    await valueOf(sa.id);
    await settle();
    expect(recorder.refused).toEqual([]);
}

test("takes an account name of 3 to 24 lowercase letters and digits, Azure's bounds, and refuses 2 or 25", () => {
    const issuesAt = (accountName: string) =>
        validateCmkStorageAccountArgs("st", { resourceGroupName: "rg-byok", accountName, customerManagedKey: { key: keyReference() } }).filter((i) => i.field === "accountName");
    expect([issuesAt("a".repeat(24)), issuesAt("abc")]).toEqual([[], []]);
    expect(issuesAt("a".repeat(25))).toEqual([{ field: "accountName", message: `"${"a".repeat(25)}" is not a storage account name: 3–24 lowercase letters and digits` }]);
    expect(issuesAt("ab")).toHaveLength(1);
});
