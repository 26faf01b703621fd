import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/azure-native/provider";
import { Provider as RandomProvider } from "@pulumi/random/provider";
import { EncryptionKey } from "../../components/encryption-key";
import { KeyAccess } from "../../components/key-access";
import { KeyVault, KeyVaultArgs, KeyVaultAccessPolicy, KeyVaultDefaults, KeyVaultDiagnosticSetting, validateKeyVaultArgs } from "../../components/key-vault";
import { mockAzureDefaults, RecordedResource, Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { expectRefusedBeforeRegistration, untyped } from "../support/expect";
import { valueOf } from "../support/outputs";
import { azureCalls, droppedByEdit, leftInAzureOnly, REFUSED } from "../support/engine-deletes";
import { ProgramRun, runUnderMocks, validationFailure } from "../support/under-mocks";

const rg = "rg-byok";
const subnet = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/appliance`;
const workspace = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-byok/providers/Microsoft.OperationalInsights/workspaces/law-security`;
/** What a setting without a name is known by: its destination's name, then 8 hex digits of a hash of the destination, in lower case. */
const token = (resourceName: string, field: string, id: string, hub = "") => `${resourceName}-${createHash("sha256").update(`${field}|${id}|${hub}`.toLowerCase()).digest("hex").slice(0, 8)}`;
const LAW_SECURITY = token("law-security", "workspaceResourceId", workspace);
const vaultDns = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net`;

let recorder: Recorder;
beforeAll(async () => {
    ({ recorder } = await setAzureMocks());
});
beforeEach(() => recorder.clear());

async function build(name: string, args: Partial<KeyVaultArgs> = {}) {
    const kv = new KeyVault(name, { resourceGroupName: rg, ...args });
    await valueOf(kv.vaultUri);
    await settle();
    return kv;
}

describe("KeyVault defaults", () => {
    test("sends the compliant vault properties explicitly, with nothing left to the SDK's defaults", async () => {
        await build("kvdefault");
        const vault = recorder.find("azure-native:keyvault:Vault", "kvdefault-vault");
        expect(vault.inputs.properties).toEqual({
            tenantId: mockAzureDefaults.tenantId,
            sku: { family: "A", name: "premium" },
            enableSoftDelete: true,
            softDeleteRetentionInDays: 90,
            enablePurgeProtection: true,
            enableRbacAuthorization: true,
            publicNetworkAccess: "Disabled",
            enabledForDeployment: false,
            enabledForTemplateDeployment: false,
            enabledForDiskEncryption: false,
            networkAcls: { defaultAction: "Deny", bypass: "AzureServices", ipRules: [], virtualNetworkRules: [] },
        });
        expect(vault.inputs.resourceGroupName).toBe(rg);
    });

    test("protects the vault from deletion and parents every child on the component", async () => {
        await build("kvprotect");
        const component = recorder.find("azure-byok:keyvault:KeyVault", "kvprotect");
        const vault = recorder.find("azure-native:keyvault:Vault", "kvprotect-vault");
        expect(vault.protect).toBe(true);
        const children = recorder.resources.filter((r) => r.urn !== component.urn);
        expect(children.map((r) => r.type).sort()).toEqual([
            "azure-native:authorization:ManagementLockByScope",
            "azure-native:keyvault:Vault",
            "random:index/randomString:RandomString",
        ]);
        for (const child of children) {
            expect(child.parent).toBe(component.urn);
        }
    });

    test("recovers a soft-deleted vault by the exact name it is given", async () => {
        await build("kvrecover", { vaultName: "kv-deleted-once", createMode: "recover" });
        const vault = recorder.find("azure-native:keyvault:Vault", "kvrecover-vault");
        expect(vault.inputs.vaultName).toBe("kv-deleted-once");
        expect((vault.inputs.properties as { createMode?: string }).createMode).toBe("recover");
    });

    test("names the vault <name>-<6 random lowercase characters> from a suffix kept in state", async () => {
        const kv = await build("kvname");
        const suffix = recorder.find("random:index/randomString:RandomString", "kvname-name-suffix");
        expect(suffix.inputs).toEqual({ length: 6, lower: true, upper: false, numeric: true, special: false });
        const name = await valueOf(kv.vaultName);
        expect(name).toBe(`kvname-${String(suffix.outputs?.result)}`);
        expect(name).toMatch(/^kvname-[a-z0-9]{6}$/);
        expect(await valueOf(kv.vaultUri)).toBe(`https://${name}.vault.azure.net/`);
        expect(await valueOf(kv.id)).toBe(`/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${name}`);
    });

    test("locks the vault with CanNotDelete, scoped to the vault's id", async () => {
        const kv = await build("kvlock");
        const lock = recorder.find("azure-native:authorization:ManagementLockByScope", "kvlock-lock");
        expect(lock.inputs.level).toBe("CanNotDelete");
        expect(lock.inputs.scope).toBe(await valueOf(kv.id));
        expect(lock.inputs.lockName).toBe(`lock-${await valueOf(kv.vaultName)}`);
        expect(lock.dependencies).toContain(recorder.find("azure-native:keyvault:Vault", "kvlock-vault").urn);
    });

    test("the lock depends on the vault's diagnostic settings and private endpoints, so a deploy that removes them with the lock deletes the lock first", async () => {
        // Azure refuses their deletes while the lock stands (409 ScopeLocked); the engine deletes dependents before what they depend on.
        await build("kvlockorder", { diagnosticSettings: [{ workspaceResourceId: workspace }], privateEndpoints: [{ subnetResourceId: subnet }] });
        const lock = recorder.find("azure-native:authorization:ManagementLockByScope", "kvlockorder-lock");
        const beneath = recorder.resources.filter((r) => r.parent === recorder.find("azure-byok:keyvault:KeyVault", "kvlockorder").urn
            && ["azure-native:monitor:DiagnosticSetting", "azure-native:network:PrivateEndpoint"].includes(r.type));
        expect(beneath.map((r) => r.type).sort()).toEqual(["azure-native:monitor:DiagnosticSetting", "azure-native:network:PrivateEndpoint"]);
        for (const r of beneath) expect(lock.dependencies).toContain(r.urn);
    });

    test("uses the deployer's tenant from getClientConfig when no tenant is given", async () => {
        await build("kvtenant");
        expect(recorder.calls.map((c) => c.token)).toContain("azure-native:authorization:getClientConfig");
    });

    test("documents each default next to its value", () => {
        expect(KeyVaultDefaults).toMatchObject({
            sku: "premium",
            softDeleteRetentionInDays: 90,
            enablePurgeProtection: true,
            enableRbacAuthorization: true,
            protect: true,
            lock: { kind: "CanNotDelete" },
        });
    });
});

describe("KeyVault options asked for by name", () => {
    test("omits enablePurgeProtection (never sends false) when a throwaway stack opts out", async () => {
        const kv = await build("kvthrowaway", { enablePurgeProtection: false, protect: false, lock: { kind: "None" } });
        const vault = recorder.find("azure-native:keyvault:Vault", "kvthrowaway-vault");
        expect(vault.inputs.properties).not.toHaveProperty("enablePurgeProtection");
        expect(vault.protect).toBe(false);
        expect(recorder.ofType("azure-native:authorization:ManagementLockByScope")).toHaveLength(0);
        expect(kv.enablePurgeProtection).toBe(false);
    });

    test("takes the component's protect option for the vault when protect is not among its args, and the args' over it", async () => {
        const loose = new KeyVault("kvoptloose", { resourceGroupName: rg, lock: { kind: "None" } }, { protect: false });
        const kept = new KeyVault("kvoptkept", { resourceGroupName: rg, protect: true }, { protect: false });
        await Promise.all([valueOf(loose.vaultUri), valueOf(kept.vaultUri)]);
        await settle();
        expect(recorder.find("azure-native:keyvault:Vault", "kvoptloose-vault").protect).toBe(false);
        expect(recorder.find("azure-native:keyvault:Vault", "kvoptkept-vault").protect).toBe(true);
    });

    test("leaves the lock unprotected under the component option { protect: true } or a protected parent of the user's own, so `lock: { kind: \"None\" }` can remove it", async () => {
        class Platform extends pulumi.ComponentResource {
            readonly kv: KeyVault;
            constructor(name: string, opts: pulumi.ComponentResourceOptions) {
                super("acme:platform:Byok", name, {}, opts);
                this.kv = new KeyVault("kvparentlock", { resourceGroupName: rg }, { parent: this });
            }
        }
        const opted = new KeyVault("kvoptlock", { resourceGroupName: rg }, { protect: true });
        const nested = new Platform("platform", { protect: true }).kv;
        await Promise.all([valueOf(opted.vaultUri), valueOf(nested.vaultUri)]);
        await settle();
        for (const name of ["kvoptlock", "kvparentlock"]) {
            expect(recorder.find("azure-native:keyvault:Vault", `${name}-vault`).protect).toBe(true);
            expect(recorder.find("azure-native:authorization:ManagementLockByScope", `${name}-lock`).protect).toBe(false);
        }
    });

    test("keeps the vault in Azure when it is dropped after `pulumi state unprotect` while protected, and deletes it when unprotected by name", async () => {
        await build("kvretained");
        await build("kvletgo", { enablePurgeProtection: false, protect: false, lock: { kind: "None" } });
        const optLoose = new KeyVault("kvoptletgo", { resourceGroupName: rg, lock: { kind: "None" } }, { protect: false });
        await valueOf(optLoose.vaultUri);
        await settle();
        expect(recorder.ofType("azure-native:keyvault:Vault").map((r) => [r.name, r.protect, r.retainOnDelete])).toEqual([
            ["kvretained-vault", true, true],
            ["kvletgo-vault", false, false],
            ["kvoptletgo-vault", false, false],
        ]);
    });

    // The engine copies a parent's retainOnDelete only onto a child that sets none (pulumi/pulumi source_eval.go, inheritFromParent).
    test("keeps the vault in Azure, unprotected, when the component is given { protect: false, retainOnDelete: true }, and deletes no key with it", async () => {
        const handedOver = new KeyVault("kvhandover", { resourceGroupName: rg, lock: { kind: "None" } }, { protect: false, retainOnDelete: true });
        await valueOf(handedOver.vaultUri);
        await settle();
        const recorded = recorder.find("azure-native:keyvault:Vault", "kvhandover-vault");
        expect([recorded.protect, recorded.retainOnDelete]).toEqual([false, true]);
        expect(handedOver.deletedWith).toBeUndefined();
    });

    // Pulumi's idiomatic way to retain a subtree; an explicit retainOnDelete: false on the vault would override it.
    test("keeps an unprotected vault in Azure under a component of your own given retainOnDelete: true, whose lock goes as the wrapper leaves", async () => {
        const platform = new pulumi.ComponentResource("acme:index:Platform", "kvwrapper", {}, { retainOnDelete: true });
        const wrapped = new KeyVault("kvwrapped", { resourceGroupName: rg, protect: false }, { parent: platform });
        await valueOf(wrapped.vaultUri);
        await settle();
        expect(recorder.find("azure-native:keyvault:Vault", "kvwrapped-vault")).toMatchObject({ protect: false, retainOnDelete: true });
        // Only the component's own retainOnDelete keeps what it makes beside the vault (besideKept).
        expect(azureCalls(droppedByEdit(recorder.resources.filter((r) => r.name.startsWith("kvwrapped")), []))).toEqual(["kvwrapped-lock: DELETE"]);
    });

    // Decided: the secure default stands; the SDK copies a parent's protect into the component's options, not the caller's.
    test("keeps the vault protected under a component of your own given protect: false, and unprotects it given protect: false itself", async () => {
        const sandbox = new pulumi.ComponentResource("acme:index:Platform", "kvsandbox", {}, { protect: false });
        const inherited = new KeyVault("kvsandboxed", { resourceGroupName: rg }, { parent: sandbox });
        const given = new KeyVault("kvsandboxgiven", { resourceGroupName: rg, protect: false }, { parent: sandbox });
        await Promise.all([valueOf(inherited.vaultUri), valueOf(given.vaultUri)]);
        await settle();
        expect(["kvsandboxed-vault", "kvsandboxgiven-vault"].map((n) => [n, recorder.find("azure-native:keyvault:Vault", n).protect])).toEqual([["kvsandboxed-vault", true], ["kvsandboxgiven-vault", false]]);
    });

    // Aliases keep the URNs; the vault's Azure name, fixed at creation, would follow the new resource name.
    test("refuses a rename by aliases before registering anything while the vault's Azure name is generated", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new KeyVault("kv-platform", { resourceGroupName: rg }, { aliases: [{ name: "kv" }] }), "vaultName",
            /^is not given, so the vault's Azure name comes from the resource name: "kv-platform-<6 random characters>" for "kv-platform", where "kv", its earlier name in aliases, gave "kv-<6 random characters>"; Azure cannot rename the vault/);
    });

    test("keeps the deployed vault through a rename by aliases with its vaultName given", async () => {
        const renamed = new KeyVault("kv-platform", { resourceGroupName: rg, vaultName: "kv-a1b2c3" }, { aliases: [{ name: "kv" }] });
        await valueOf(renamed.vaultUri);
        await settle();
        expect(recorder.find("azure-byok:keyvault:KeyVault", "kv-platform").aliases).toEqual(["kv"]);
        expect(recorder.find("azure-native:keyvault:Vault", "kv-platform-vault").inputs.vaultName).toBe("kv-a1b2c3");
    });

    test("opens the public endpoint only for the IP and subnet rules it was given", async () => {
        await build("kvrules", { networkAcls: { ipRules: ["203.0.113.0/24", "198.51.100.7"], virtualNetworkRules: [subnet] } });
        const props = recorder.find("azure-native:keyvault:Vault", "kvrules-vault").inputs.properties as Record<string, unknown>;
        expect(props.publicNetworkAccess).toBe("Enabled");
        expect(props.networkAcls).toEqual({
            defaultAction: "Deny",
            bypass: "AzureServices",
            ipRules: [{ value: "203.0.113.0/24" }, { value: "198.51.100.7" }],
            virtualNetworkRules: [{ id: subnet }],
        });
    });

    test("uses access policies with exact key permissions when RBAC is turned off by name", async () => {
        const objectId = "0b8a5c3e-6f61-4a43-9d8b-3f1d0c2e7a11";
        await build("kvpolicies", { enableRbacAuthorization: false, accessPolicies: [{ objectId, keyPermissions: ["get", "wrapKey", "unwrapKey"] }] });
        const props = recorder.find("azure-native:keyvault:Vault", "kvpolicies-vault").inputs.properties as Record<string, unknown>;
        expect(props.enableRbacAuthorization).toBe(false);
        // Never on the vault: a list sent with each update of the vault would erase the policies granted beside it.
        expect(props).not.toHaveProperty("accessPolicies");
        const policy = recorder.find("azure-native:keyvault:AccessPolicy", `kvpolicies-access-policy-${objectId}`);
        expect(policy.inputs.policy).toEqual({ objectId, tenantId: mockAzureDefaults.tenantId, permissions: { keys: ["get", "wrapKey", "unwrapKey"] } });
        expect(policy.aliases).toEqual([]);
        expect(policy.inputs.vaultName).toBe(recorder.find("azure-native:keyvault:Vault", "kvpolicies-vault").outputs?.name);
    });

    test("keeps each access policy under its name when entries whose principals are Outputs are removed or reordered", async () => {
        const [a, b] = ["0b8a5c3e-6f61-4a43-9d8b-3f1d0c2e7a11", "1b8a5c3e-6f61-4a43-9d8b-3f1d0c2e7a11"];
        const policies = (...entries: [string, string][]) => entries.map(([name, objectId]) => ({ name, objectId: pulumi.output(objectId), keyPermissions: ["get" as const] }));
        let deploys = 0;
        const registered = async (entries: [string, string][]) => {
            recorder.clear();
            // The same component again, as the next deploy would build it; the mocks hold a vault name once.
            await build("kvgroups", { vaultName: `kvgroups-${deploys++}`, enableRbacAuthorization: false, accessPolicies: policies(...entries) });
            return Object.fromEntries(recorder.ofType("azure-native:keyvault:AccessPolicy").map((r) => [(r.inputs.policy as { objectId: string }).objectId, { urn: r.urn, aliases: r.aliases }]));
        };
        const both = await registered([["backup", a], ["installers", b]]);
        expect(both[b].urn).toMatch(/::kvgroups-access-policy-installers$/);
        // Named by their place until they had to be named: a stack deployed with this list finds each there.
        expect([both[a].aliases, both[b].aliases]).toEqual([["kvgroups-access-policy-0"], ["kvgroups-access-policy-1"]]);
        expect((await registered([["installers", b]]))[b].urn).toBe(both[b].urn);
        expect((await registered([["installers", b], ["backup", a]]))[a].urn).toBe(both[a].urn);
    });

    test("keeps an access policy's name when its principal turns from text into an Output named by that object id", async () => {
        const objectId = "0b8a5c3e-6f61-4a43-9d8b-3f1d0c2e7a11";
        await build("kvswitch", { vaultName: "kvswitch-0", enableRbacAuthorization: false, accessPolicies: [{ objectId: objectId.toUpperCase(), keyPermissions: ["get"] }] });
        const asText = recorder.find("azure-native:keyvault:AccessPolicy", `kvswitch-access-policy-${objectId}`);
        recorder.clear();
        await build("kvswitch", { vaultName: "kvswitch-1", enableRbacAuthorization: false, accessPolicies: [{ name: objectId, objectId: pulumi.output(objectId), keyPermissions: ["get"] }] });
        expect(recorder.ofType("azure-native:keyvault:AccessPolicy").map((r) => r.urn)).toEqual([asText.urn]);
    });

    test("moves an entry given a name from its object id's name by alias", async () => {
        const objectId = "0b8a5c3e-6f61-4a43-9d8b-3f1d0c2e7a11";
        await build("kvpolicyname", { enableRbacAuthorization: false, accessPolicies: [{ name: "backup-vendor", objectId, keyPermissions: ["get"] }] });
        const policy = recorder.find("azure-native:keyvault:AccessPolicy", "kvpolicyname-access-policy-backup-vendor");
        expect(policy.aliases).toEqual([`kvpolicyname-access-policy-${objectId}`]);
        expect(policy.inputs.policy).toEqual({ objectId, tenantId: mockAzureDefaults.tenantId, permissions: { keys: ["get"] } });
    });

    test("names each of several diagnostic settings apart, as Azure requires of one resource's settings: by its name, else by its destination", async () => {
        const archive = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-byok/providers/Microsoft.Storage/storageAccounts/staudit`;
        const policyLogs = [{ category: "AzurePolicyEvaluationDetails" as const }];
        const kv = await build("kvaudits", { diagnosticSettings: [{ workspaceResourceId: workspace }, { storageAccountResourceId: archive, name: "to-siem" }, { workspaceResourceId: workspace, name: "policy", logCategoriesAndGroups: policyLogs }] });
        const names = Object.fromEntries(recorder.ofType("azure-native:monitor:DiagnosticSetting").filter((r) => r.name.startsWith("kvaudits-")).map((r) => [r.name, r.inputs.name]));
        const vaultName = await valueOf(kv.vaultName);
        expect(names).toEqual({ [`kvaudits-diagnostics/${LAW_SECURITY}`]: `${vaultName}-audit-${LAW_SECURITY}`, "kvaudits-diagnostics/to-siem": "to-siem", "kvaudits-diagnostics/policy": "policy" });
        expect(recorder.refused).toEqual([]);
    });

    test("refuses a second setting sending a category to a destination another already sends it to, as Azure does", async () => {
        const siem = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-byok/providers/Microsoft.EventHub/namespaces/evh-siem/authorizationRules/send`;
        await expectRefusedBeforeRegistration(
            recorder,
            () => new KeyVault("kvsinks", { resourceGroupName: "rg-byok", location: "westeurope", diagnosticSettings: [{ workspaceResourceId: workspace }, { workspaceResourceId: workspace.toUpperCase(), logCategoriesAndGroups: [{ categoryGroup: "audit" }] }] }),
            "diagnosticSettings[1]",
            /^sends AuditEvent to the workspace entry \[0\] of this list already sends it to; Azure takes a destination once per category on a resource/,
        );
        // Another category to the same workspace, or the same category to another event hub under one rule, is another sink.
        expect(validateKeyVaultArgs("kv", { resourceGroupName: "rg", location: "westeurope", diagnosticSettings: [
            { workspaceResourceId: workspace },
            { workspaceResourceId: workspace, name: "policy", logCategoriesAndGroups: [{ category: "AzurePolicyEvaluationDetails" }] },
            { eventHubAuthorizationRuleResourceId: siem, eventHubName: "kv-audit" },
            { eventHubAuthorizationRuleResourceId: siem, eventHubName: "kv-audit-copy" },
        ] })).toEqual([]);
        expect(validateKeyVaultArgs("kv", { resourceGroupName: "rg", location: "westeurope", diagnosticSettings: [{ workspaceResourceId: workspace, logCategoriesAndGroups: [{ categoryGroup: "allLogs" }] }, { workspaceResourceId: workspace, logCategoriesAndGroups: [{ category: "AzurePolicyEvaluationDetails" }] }] }).map((i) => i.field)).toEqual(["diagnosticSettings[1]"]);
    });

    test("sends platform metrics beside the logs only when a setting asks for them, as AVM's metricCategories do", async () => {
        const archive = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-byok/providers/Microsoft.Storage/storageAccounts/staudit`;
        await build("kvmetrics", { diagnosticSettings: [{ workspaceResourceId: workspace, metricCategories: [{ category: "AllMetrics" }] }, { storageAccountResourceId: archive }] });
        const settings = recorder.ofType("azure-native:monitor:DiagnosticSetting").filter((r) => r.name.startsWith("kvmetrics-"));
        const [withMetrics, logsOnly] = [settings.find((r) => r.inputs.workspaceId === workspace), settings.find((r) => r.inputs.storageAccountId === archive)].map((r) => r as RecordedResource);
        expect(withMetrics.inputs).toMatchObject({ logs: [{ category: "AuditEvent", enabled: true }], metrics: [{ category: "AllMetrics", enabled: true }] });
        expect(logsOnly.inputs.metrics).toBeUndefined();
        expect(recorder.refused).toEqual([]);
    });

    test("takes a lock name with spaces, periods and letters of any script and a diagnostic setting name with spaces, as Azure's REST reference allows", async () => {
        await build("kvnames", { lock: { kind: "CanNotDelete", name: "Do not delete: Löschschutz (prod)".replace(":", " -") }, diagnosticSettings: [{ workspaceResourceId: workspace, name: "kv main audit (SIEM) #1" }] });
        expect(recorder.find("azure-native:authorization:ManagementLockByScope", "kvnames-lock").inputs.lockName).toBe("Do not delete - Löschschutz (prod)");
        expect(recorder.find("azure-native:monitor:DiagnosticSetting", "kvnames-diagnostics/kv main audit (SIEM) #1").inputs.name).toBe("kv main audit (SIEM) #1");
        expect(recorder.refused).toEqual([]);
    });

    test("sends AuditEvent logs to the workspace it is given", async () => {
        const kv = await build("kvaudit", { diagnosticSettings: [{ workspaceResourceId: workspace }] });
        const setting = recorder.find("azure-native:monitor:DiagnosticSetting", `kvaudit-diagnostics/${LAW_SECURITY}`);
        expect(setting.inputs).toEqual({
            resourceUri: await valueOf(kv.id),
            name: `${await valueOf(kv.vaultName)}-audit-${LAW_SECURITY}`,
            workspaceId: workspace,
            logs: [{ category: "AuditEvent", enabled: true }],
        });
    });

    test("reaches the applications' network through private endpoints, registered in the vault's private DNS zone", async () => {
        const kv = await build("kvprivate", { privateEndpoints: [{ subnetResourceId: subnet, privateDnsZoneResourceIds: [vaultDns] }, { subnetResourceId: subnet.replace("appliance", "backup"), name: "pe-backup", location: "northeurope" }] });
        const vaultName = await valueOf(kv.vaultName);
        const first = recorder.find("azure-native:network:PrivateEndpoint", "kvprivate-private-endpoint");
        expect(first.parent).toBe(recorder.find("azure-byok:keyvault:KeyVault", "kvprivate").urn);
        // The SDK fills in its own defaults for the subnet's policies; ARM reads only the id of a subnet it references.
        expect(first.inputs).toMatchObject({
            resourceGroupName: rg,
            privateEndpointName: `pe-${vaultName}`,
            subnet: { id: subnet },
            privateLinkServiceConnections: [{ name: vaultName, privateLinkServiceId: await valueOf(kv.id), groupIds: ["vault"] }],
        });
        expect(first.inputs).not.toHaveProperty("location");
        expect(recorder.find("azure-native:network:PrivateDnsZoneGroup", "kvprivate-private-dns").inputs).toEqual({
            resourceGroupName: rg,
            privateEndpointName: `pe-${vaultName}`,
            privateDnsZoneGroupName: "default",
            privateDnsZoneConfigs: [{ name: "vault", privateDnsZoneId: vaultDns }],
        });
        expect(recorder.find("azure-native:network:PrivateEndpoint", "kvprivate-private-endpoint-1").inputs).toMatchObject({ privateEndpointName: "pe-backup", location: "northeurope" });
        // The second endpoint's DNS is left to the network's owner: no zone group.
        expect(recorder.ofType("azure-native:network:PrivateDnsZoneGroup")).toHaveLength(1);
        // Private endpoints change nothing of the vault's own firewall: the public endpoint stays off.
        expect((recorder.find("azure-native:keyvault:Vault", "kvprivate-vault").inputs.properties as Record<string, unknown>).publicNetworkAccess).toBe("Disabled");
    });

    test("keeps an exact vault name and retention when given", async () => {
        const kv = await build("kvexact", { vaultName: "kv-contoso-backup", softDeleteRetentionInDays: 7, sku: "standard" });
        expect(await valueOf(kv.vaultName)).toBe("kv-contoso-backup");
        const props = recorder.find("azure-native:keyvault:Vault", "kvexact-vault").inputs.properties as Record<string, unknown>;
        expect(props.softDeleteRetentionInDays).toBe(7);
        expect(props.sku).toEqual({ family: "A", name: "standard" });
        expect(recorder.ofType("random:index/randomString:RandomString")).toHaveLength(0);
    });
});

describe("KeyVault diagnostic settings edited after deploy", () => {
    const law = (n: string) => workspace.replace("law-security", n);
    const archive = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-byok/providers/Microsoft.Storage/storageAccounts/staudit`;
    const hubRule = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-byok/providers/Microsoft.EventHub/namespaces/evh-siem/authorizationRules/send`;

    /** Each setting by its resource name, without the component's: its Azure name (the vault's as `<vault>`), inputs, aliases and ignored changes. */
    async function settings(component: string, list: KeyVaultDiagnosticSetting[]) {
        recorder.clear();
        const kv = await build(component, { diagnosticSettings: list });
        expect(recorder.refused).toEqual([]);
        const [vaultName, vaultId] = [await valueOf(kv.vaultName), await valueOf(kv.id)];
        const strip = (n: string) => n.slice(component.length);
        return Object.fromEntries(recorder.ofType("azure-native:monitor:DiagnosticSetting").map((r) => {
            const { name, resourceUri, ...inputs } = r.inputs;
            expect(resourceUri).toBe(vaultId);
            return [strip(r.name), { name: String(name).replace(vaultName, "<vault>"), inputs, aliases: r.aliases.map(strip), ignoreChanges: r.ignoreChanges }];
        }));
    }
    type Settings = Awaited<ReturnType<typeof settings>>;
    /** The settings as the engine diffs them against state once deployed: aliases only matter while state holds the positional names. */
    const deployed = (s: Settings) => Object.fromEntries(Object.entries(s).map(([k, { aliases: _aliases, ...rest }]) => [k, rest]));
    /** Each setting's alias, which is the positional name of its place in the list it is given in. */
    const aliases = (s: Settings) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.aliases]));

    const named = (): KeyVaultDiagnosticSetting[] => [
        { name: "to-security", workspaceResourceId: law("law-security") },
        { name: "to-soc", workspaceResourceId: law("law-soc"), logCategoriesAndGroups: [{ categoryGroup: "allLogs" }] },
        { name: "to-archive", storageAccountResourceId: archive },
    ];
    const unnamed = (): KeyVaultDiagnosticSetting[] => [
        { workspaceResourceId: law("law-security") },
        { workspaceResourceId: law("law-soc"), logCategoriesAndGroups: [{ categoryGroup: "allLogs" }] },
        { eventHubAuthorizationRuleResourceId: hubRule, eventHubName: "kv-audit", storageAccountResourceId: archive },
    ];
    const SECURITY = token("law-security", "workspaceResourceId", law("law-security"));
    const SOC = token("law-soc", "workspaceResourceId", law("law-soc"));
    const ARCHIVE = token("staudit", "storageAccountResourceId", archive);

    test("are named for their names, or without one for their destination, each aliased by the positional name it had at its place", async () => {
        expect(await settings("kvnamed", named())).toEqual({
            "-diagnostics/to-security": { name: "to-security", inputs: { workspaceId: law("law-security"), logs: [{ category: "AuditEvent", enabled: true }] }, aliases: ["-diagnostics"], ignoreChanges: [] },
            "-diagnostics/to-soc": { name: "to-soc", inputs: { workspaceId: law("law-soc"), logs: [{ categoryGroup: "allLogs", enabled: true }] }, aliases: ["-diagnostics-1"], ignoreChanges: [] },
            "-diagnostics/to-archive": { name: "to-archive", inputs: { storageAccountId: archive, logs: [{ category: "AuditEvent", enabled: true }] }, aliases: ["-diagnostics-2"], ignoreChanges: [] },
        });
        // A setting without a name keeps the name it was made with: `<vault>-audit[-<n>]` for one deployed by its place.
        expect(await settings("kvunnamed", unnamed())).toEqual({
            [`-diagnostics/${SECURITY}`]: { name: `<vault>-audit-${SECURITY}`, inputs: { workspaceId: law("law-security"), logs: [{ category: "AuditEvent", enabled: true }] }, aliases: ["-diagnostics"], ignoreChanges: ["name"] },
            [`-diagnostics/${SOC}`]: { name: `<vault>-audit-${SOC}`, inputs: { workspaceId: law("law-soc"), logs: [{ categoryGroup: "allLogs", enabled: true }] }, aliases: ["-diagnostics-1"], ignoreChanges: ["name"] },
            // Known by its storage account, whatever else it delivers to.
            [`-diagnostics/${ARCHIVE}`]: { name: `<vault>-audit-${ARCHIVE}`, inputs: { storageAccountId: archive, eventHubAuthorizationRuleId: hubRule, eventHubName: "kv-audit", logs: [{ category: "AuditEvent", enabled: true }] }, aliases: ["-diagnostics-2"], ignoreChanges: ["name"] },
        });
    });

    test.each([["named", named], ["unnamed", unnamed]] as const)("%s: reordering, removing the first or adding one first changes no other setting's resource name, Azure name or inputs", async (kind, list) => {
        const base = await settings(`kv${kind}base`, list());
        const keys = Object.keys(base);
        const reversed = await settings(`kv${kind}rev`, [...list()].reverse());
        expect(deployed(reversed)).toEqual(deployed(base));
        expect(aliases(reversed)).toEqual({ [keys[0]]: ["-diagnostics-2"], [keys[1]]: ["-diagnostics-1"], [keys[2]]: ["-diagnostics"] });

        const removed = await settings(`kv${kind}rm`, list().slice(1));
        expect(deployed(removed)).toEqual(Object.fromEntries(Object.entries(deployed(base)).filter(([k]) => k !== keys[0])));

        const added: KeyVaultDiagnosticSetting = list()[0].name === undefined ? { workspaceResourceId: law("law-new") } : { name: "to-new", workspaceResourceId: law("law-new") };
        const prepended = await settings(`kv${kind}pre`, [added, ...list()]);
        const newKey = list()[0].name === undefined ? `-diagnostics/${token("law-new", "workspaceResourceId", law("law-new"))}` : "-diagnostics/to-new";
        const { [newKey]: created, ...others } = deployed(prepended);
        expect(others).toEqual(deployed(base));
        // The new one takes a name no setting had: none is `<vault>-audit` or `<vault>-audit-<n>`, which settings made by their place hold.
        expect(created.name).toBe(added.name ?? `<vault>-audit-${token("law-new", "workspaceResourceId", law("law-new"))}`);
    });

    test("refuses, before registering anything, an unnamed setting whose destination is known only at deploy", async () => {
        await expectRefusedBeforeRegistration(
            recorder,
            () => new KeyVault("kvoutput", { resourceGroupName: rg, diagnosticSettings: [{ name: "to-security", workspaceResourceId: workspace }, { workspaceResourceId: pulumi.output(law("law-soc")) }] }),
            "diagnosticSettings[1].name",
            /^is required while the workspace is unknown until deploy \(an Output\): a setting without a name is known by its workspace, else its storage account, else its event hub, so that reordering, adding or removing settings leaves the others in place; give it a name/,
        );
        // Named, it is known by its name.
        expect(validateKeyVaultArgs("kv", { resourceGroupName: rg, diagnosticSettings: [{ name: "to-soc", workspaceResourceId: pulumi.output(law("law-soc")) }] })).toEqual([]);
    });

    test("refuses two unnamed settings to one destination, and two settings of one name in any case, naming the entry each repeats", async () => {
        await expectRefusedBeforeRegistration(
            recorder,
            () => new KeyVault("kvtwice", { resourceGroupName: rg, diagnosticSettings: [{ workspaceResourceId: workspace }, { workspaceResourceId: workspace.toUpperCase(), logCategoriesAndGroups: [{ category: "AzurePolicyEvaluationDetails" }] }] }),
            "diagnosticSettings[1]",
            /^has no name, and its workspace is entry \[0\]'s too: a setting without a name is known by its workspace, .*; give each a name, or send both entries' categories from one setting \(to keep a setting already in Azure, name it as it is named there, <vault>-audit or <vault>-audit-<n>\)$/,
        );
        expect(validateKeyVaultArgs("kv", { resourceGroupName: rg, diagnosticSettings: [{ name: "Audit", workspaceResourceId: workspace }, { name: "audit", storageAccountResourceId: archive }] })).toEqual([
            { field: "diagnosticSettings[1].name", message: "\"audit\" already names entry [0]; a vault's diagnostic settings need names of their own, in any case" },
        ]);
    });
});

// The engine copies a parent's retainOnDelete onto each child that sets none (pulumi/pulumi source_eval.go,
// inheritFromParent), and skips the delete of one whose deletedWith goes in the same run (step.go, DeleteStep.Apply).
describe("KeyVault's lock, access policies, diagnostic settings, private endpoints and event subscriptions", () => {
    const objectId = "0b8a5c3e-6f61-4a43-9d8b-3f1d0c2e7a11";
    const queue = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-ops/providers/Microsoft.ServiceBus/namespaces/sb-ops/queues/key-events`;
    // The queue's one sender role is named for the queue (key-vault-events.ts).
    const sender = `sender-${createHash("sha256").update(queue.toLowerCase()).digest("hex").slice(0, 8)}`;
    const plain: Partial<KeyVaultArgs> = { vaultName: "kvbeside-0", enableRbacAuthorization: false };
    const everything: Partial<KeyVaultArgs> = {
        ...plain,
        accessPolicies: [{ objectId, keyPermissions: ["get", "wrapKey", "unwrapKey"] }],
        diagnosticSettings: [{ workspaceResourceId: workspace }],
        privateEndpoints: [{ subnetResourceId: subnet, privateDnsZoneResourceIds: [vaultDns] }],
        eventSubscriptions: [{ name: "ops", serviceBusQueueResourceId: queue }],
    };
    // Each deploy a run of its own, against an Azure that has none of the others' resources.
    const deploy = async (args: Partial<KeyVaultArgs>, opts?: pulumi.ComponentResourceOptions) => {
        ({ recorder } = await setAzureMocks());
        const kv = new KeyVault("kvbeside", { resourceGroupName: rg, ...args }, opts);
        await valueOf(kv.vaultUri);
        await settle();
        expect(recorder.refused).toEqual([]);
        return [...recorder.resources];
    };
    const besides = ["kvbeside-access-policy-0b8a5c3e-6f61-4a43-9d8b-3f1d0c2e7a11: DELETE", `kvbeside-diagnostics/${LAW_SECURITY}: DELETE`, "kvbeside-events: DELETE",
        "kvbeside-events-ops: DELETE", `kvbeside-events-${sender}: DELETE`, "kvbeside-lock: DELETE", "kvbeside-private-dns: DELETE", "kvbeside-private-endpoint: DELETE"].sort();

    test("removed from a component given retainOnDelete: true (the lock by kind None), each is deleted in Azure, and the vault is not", async () => {
        const before = await deploy(everything, { retainOnDelete: true });
        expect(before.filter((r) => r.custom && r.retainOnDelete).map((r) => r.name).sort()).toEqual([`kvbeside-events-${sender}-rbac-propagation`, "kvbeside-vault"]);
        const after = await deploy({ ...plain, lock: { kind: "None" } }, { retainOnDelete: true });
        expect(azureCalls(droppedByEdit(before, after))).toEqual(besides);
    });

    test("each stays in Azure with a vault kept there as it leaves the stack, and is deleted before a vault deleted", async () => {
        // Protected by default, then unprotected by hand: the vault itself is retained.
        expect(azureCalls(droppedByEdit(await deploy(everything), [], { unprotected: true }))).toEqual([]);
        expect(azureCalls(droppedByEdit(await deploy(everything, { protect: false, retainOnDelete: true }), []))).toEqual([]);
        expect(azureCalls(droppedByEdit(await deploy({ ...everything, protect: false }), []))).toEqual([...besides, "kvbeside-vault: DELETE"].sort());
    });

    test("a destroy without a preview refuses the protected vault and deletes none of them in Azure: they leave the stack's state alone", async () => {
        // `pulumi destroy --skip-preview`, and the Automation API's destroy() and up(), which always skip the preview:
        // every resource goes in the run's deletes, the vault's is refused (README, Tearing down).
        const all = await deploy(everything);
        expect(azureCalls(droppedByEdit(all, []))).toEqual([`kvbeside-vault: ${REFUSED}`]);
        expect(leftInAzureOnly(droppedByEdit(all, [])).map((r) => `${r.name}: ${r.deletedWith === undefined ? "retained" : "deleted with the vault"}`).sort()).toEqual([
            ...besides.map((b) => `${b.replace(/: DELETE$/, "")}: deleted with the vault`),
            `kvbeside-events-${sender}-rbac-propagation: retained`,
        ].sort());
    });
});

describe("KeyVault made through an explicit provider", () => {
    const principal = "0b8a5c3e-6f61-4a43-9d8b-3f1d0c2e7a11";

    test("passes it on as VaultReference.provider, so a key and an access-policy grant made in the vault go through it too", async () => {
        const platform = new Provider("kvplatform", {});
        const kv = new KeyVault("kvprovider", { resourceGroupName: rg, enableRbacAuthorization: false }, { provider: platform });
        const key = new EncryptionKey("kvprovider-cmk", { keyVault: kv });
        new KeyAccess("kvprovider-grant", { key, principalId: principal, permissions: "cmkService" });
        await valueOf(key.keyUri);
        await settle();
        const urn = await valueOf(platform.urn);
        expect(kv.provider).toBe(platform);
        expect(recorder.find("azure-native:keyvault:Vault", "kvprovider-vault").provider).toBe(urn);
        expect(recorder.find("azure-native:keyvault:Key", "kvprovider-cmk-key").provider).toBe(urn);
        expect(recorder.find("azure-native:keyvault:AccessPolicy", "kvprovider-grant-access-policy").provider).toBe(urn);
    });

    test("passes on the azure-native one of several given as providers", async () => {
        const platform = new Provider("kvplatforms", {});
        const kv = new KeyVault("kvproviders", { resourceGroupName: rg }, { providers: [new RandomProvider("kvrandom", {}), platform] });
        const key = new EncryptionKey("kvproviders-cmk", { keyVault: kv });
        await valueOf(key.keyUri);
        await settle();
        expect(kv.provider).toBe(platform);
        expect(recorder.find("azure-native:keyvault:Key", "kvproviders-cmk-key").provider).toBe(await valueOf(platform.urn));
    });

    test("has none when none is given, so what is made in it uses the default provider", async () => {
        const kv = await build("kvnoprovider");
        expect(kv.provider).toBeUndefined();
    });
});

describe("KeyVault validation", () => {
    test("takes a soft-delete retention of exactly 7 or 90 days, Azure's bounds", () => {
        expect([7, 90].map((days) => validateKeyVaultArgs("kv", { resourceGroupName: "rg", softDeleteRetentionInDays: days }))).toEqual([[], []]);
    });

    const cases: [string, Partial<KeyVaultArgs>, string, RegExp][] = [
        ["an empty resource group", { resourceGroupName: "" }, "resourceGroupName", /^"" is blank; name the resource group/],
        ["a retention of 6 days", { softDeleteRetentionInDays: 6 }, "softDeleteRetentionInDays", /6 is outside 7–90/],
        ["a retention of 91 days", { softDeleteRetentionInDays: 91 }, "softDeleteRetentionInDays", /91 is outside 7–90/],
        ["a fractional retention", { softDeleteRetentionInDays: 30.5 }, "softDeleteRetentionInDays", /30.5 is not a whole number of days; Azure keeps deleted vaults and keys 7 to 90 whole days/],
        ["a vault name of 25 characters", { vaultName: "kv-abcdefghijklmnopqrstuv" }, "vaultName", /25 characters; a vault name has 3–24/],
        ["a vault name starting with a digit", { vaultName: "1kv" }, "vaultName", /starting with a letter/],
        ["a vault name with consecutive hyphens", { vaultName: "kv--backup" }, "vaultName", /single hyphens/],
        ["a vault name ending with a hyphen", { vaultName: "kv-backup-" }, "vaultName", /ending with a letter or digit/],
        ["an unknown SKU", { sku: "gold" as never }, "sku", /not a Key Vault SKU/],
        ["an IP rule with an octet over 255", { networkAcls: { ipRules: ["10.0.0.300/24"] } }, "networkAcls.ipRules[0]", /"10.0.0.300\/24" is not an IPv4 address or CIDR range/],
        ["an IP rule with host bits set", { networkAcls: { ipRules: ["203.0.113.7/24"] } }, "networkAcls.ipRules[0]", /host bits set; the range it names is "203.0.113.0\/24"/],
        ["an IPv6 rule", { networkAcls: { ipRules: ["2001:db8::/32"] } }, "networkAcls.ipRules[0]", /not an IPv4 address/],
        ["an IP rule listed twice", { publicNetworkAccess: "Enabled", networkAcls: { ipRules: ["203.0.113.0/24", "198.51.100.7", "203.0.113.0/24"] } }, "networkAcls.ipRules[2]", /^"203.0.113.0\/24" is ipRules\[0\] too; list each address or range once$/],
        ["a private range, which Key Vault's firewall refuses", { networkAcls: { ipRules: ["203.0.113.0/24", "172.16.4.0/22"] } }, "networkAcls.ipRules[1]", /"172\.16\.4\.0\/22" is a private \(RFC 1918\) range, which Key Vault's firewall refuses; reach the vault from private networks through virtualNetworkRules or a private endpoint/],
        ["a subnet rule that is not a subnet id", { networkAcls: { virtualNetworkRules: ["vnet-hub/appliance"] } }, "networkAcls.virtualNetworkRules[0]", /not a subnet id/],
        ["an unknown default action", { networkAcls: { defaultAction: "Block" as never } }, "networkAcls.defaultAction", /not "Deny" or "Allow"/],
        ["public access disabled alongside IP rules", { publicNetworkAccess: "Disabled", networkAcls: { ipRules: ["203.0.113.0/24"] } }, "publicNetworkAccess", /turns off the public endpoint/],
        ["access policies on an RBAC vault", { accessPolicies: [{ objectId: "0b8a5c3e-6f61-4a43-9d8b-3f1d0c2e7a11", keyPermissions: ["get"] }] }, "accessPolicies", /only with enableRbacAuthorization: false/],
        ["an access policy granting all", { enableRbacAuthorization: false, accessPolicies: [{ objectId: "0b8a5c3e-6f61-4a43-9d8b-3f1d0c2e7a11", keyPermissions: ["all"] }] }, "accessPolicies[0].keyPermissions[0]", /grants every key permission including purge/],
        ["an access policy repeating a principal", { enableRbacAuthorization: false, accessPolicies: [{ objectId: "0b8a5c3e-6f61-4a43-9d8b-3f1d0c2e7a11", keyPermissions: ["get"] }, { objectId: "0B8A5C3E-6F61-4A43-9D8B-3F1D0C2E7A11", keyPermissions: ["wrapKey"] }] }, "accessPolicies[1].objectId", /repeats accessPolicies\[0\]: a vault keeps one access policy per principal/],
        ["an access policy whose principal is an Output, without a name", { enableRbacAuthorization: false, accessPolicies: [{ objectId: pulumi.output("0b8a5c3e-6f61-4a43-9d8b-3f1d0c2e7a11"), keyPermissions: ["get"] }] }, "accessPolicies[0].name", /^is required while objectId is unknown until deploy \(an Output, such as a group's objectId\): without a name the entry is known only by its place in the list, so reordering or removing entries would move its access policy to another name/],
        ["a tenant given by its domain name", { tenantId: "contoso.onmicrosoft.com" }, "tenantId", /^"contoso\.onmicrosoft\.com" is not a GUID; give the directory's tenant id, not its domain name$/],
        ["an access policy's tenant that is not a GUID", { enableRbacAuthorization: false, accessPolicies: [{ objectId: "0b8a5c3e-6f61-4a43-9d8b-3f1d0c2e7a11", tenantId: "contoso", keyPermissions: ["get"] }] }, "accessPolicies[0].tenantId", /^"contoso" is not a GUID; give the directory's tenant id, or leave it out to take the vault's$/],
        ["an access policy in another tenant than the vault's", { tenantId: mockAzureDefaults.tenantId, enableRbacAuthorization: false, accessPolicies: [{ objectId: "0b8a5c3e-6f61-4a43-9d8b-3f1d0c2e7a11", tenantId: "11111111-2222-3333-4444-555555555555", keyPermissions: ["get"] }] }, "accessPolicies[0].tenantId", /^is 11111111-2222-3333-4444-555555555555, but the vault's tenantId is .*: a vault authenticates callers in its own tenant only; leave tenantId out to take the vault's$/],
        ["a log category Key Vault does not have", { diagnosticSettings: [{ workspaceResourceId: workspace, logCategoriesAndGroups: [{ category: "AuditEvents" as never }] }] }, "diagnosticSettings[0].logCategoriesAndGroups[0].category", /^"AuditEvents" is not a Key Vault log category; use AuditEvent or AzurePolicyEvaluationDetails$/],
        ["a metric category Key Vault does not have", { diagnosticSettings: [{ workspaceResourceId: workspace, metricCategories: [{ category: "Availability" as never }] }] }, "diagnosticSettings[0].metricCategories[0].category", /^"Availability" is not a Key Vault metric category; use AllMetrics, which holds every Key Vault metric$/],
        ["a log category listed twice", { diagnosticSettings: [{ workspaceResourceId: workspace, logCategoriesAndGroups: [{ category: "AuditEvent" }, { category: "AzurePolicyEvaluationDetails" }, { category: "AuditEvent" }] }] }, "diagnosticSettings[0].logCategoriesAndGroups", /^lists a category or category group twice; list each once$/],
        ["a log category group listed twice", { diagnosticSettings: [{ workspaceResourceId: workspace, logCategoriesAndGroups: [{ categoryGroup: "audit" }, { categoryGroup: "audit" }] }] }, "diagnosticSettings[0].logCategoriesAndGroups", /^lists a category or category group twice/],
        ["a metric category listed twice", { diagnosticSettings: [{ workspaceResourceId: workspace, metricCategories: [{ category: "AllMetrics" }, { category: "AllMetrics" }] }] }, "diagnosticSettings[0].metricCategories", /^lists a category twice/],
        ["a log category group Key Vault does not have", { diagnosticSettings: [{ workspaceResourceId: workspace, logCategoriesAndGroups: [{ categoryGroup: "AllLogs" as never }] }] }, "diagnosticSettings[0].logCategoriesAndGroups[0].categoryGroup", /^"AllLogs" is not a Key Vault log category group; use audit or allLogs$/],
        ["an access policy for a name instead of an object id", { enableRbacAuthorization: false, accessPolicies: [{ objectId: "backup-vendor", keyPermissions: ["get"] }] }, "accessPolicies[0].objectId", /not a GUID/],
        ["a diagnostic setting with no destination", { diagnosticSettings: [{}] }, "diagnosticSettings[0]", /has no destination/],
        ["a workspace named by name", { diagnosticSettings: [{ workspaceResourceId: "not-an-id" }] }, "diagnosticSettings[0].workspaceResourceId", /^is not a Log Analytics workspace id \(.*\) \(the value is not shown: it is not a resource path, and may be a key\)$/],
        ["a storage account id given as an event hub rule", { diagnosticSettings: [{ eventHubAuthorizationRuleResourceId: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/staudit" }] }, "diagnosticSettings[0].eventHubAuthorizationRuleResourceId", /is not an Event Hubs namespace authorization rule id/],
        ["an event hub name without its authorization rule", { diagnosticSettings: [{ workspaceResourceId: workspace, eventHubName: "audit" }] }, "diagnosticSettings[0].eventHubName", /needs eventHubAuthorizationRuleResourceId/],
        ["a private endpoint without a subnet", { privateEndpoints: [{} as never] }, "privateEndpoints[0].subnetResourceId", /is required/],
        ["a private endpoint in a subnet named by name", { privateEndpoints: [{ subnetResourceId: "vnet-hub/appliance" }] }, "privateEndpoints[0].subnetResourceId", /not a subnet id/],
        ["a private endpoint registered in a blob DNS zone", { privateEndpoints: [{ subnetResourceId: subnet, privateDnsZoneResourceIds: [vaultDns.replace("privatelink.vaultcore.azure.net", "privatelink.blob.core.windows.net")] }] }, "privateEndpoints[0].privateDnsZoneResourceIds[0]", /names zone "privatelink.blob.core.windows.net", which does not resolve vault's private address; use privatelink.vaultcore.azure.net, privatelink.vaultcore.usgovcloudapi.net, privatelink.vaultcore.azure.cn \(by cloud\)/],
        ["a private DNS zone named by name", { privateEndpoints: [{ subnetResourceId: subnet, privateDnsZoneResourceIds: ["privatelink.vaultcore.azure.net"] }] }, "privateEndpoints[0].privateDnsZoneResourceIds[0]", /not a private DNS zone id/],
        ["a private endpoint name ending in a hyphen", { privateEndpoints: [{ subnetResourceId: subnet, name: "pe-kv-" }] }, "privateEndpoints[0].name", /not a private endpoint name/],
        ["two private endpoints of one name", { privateEndpoints: [{ subnetResourceId: subnet, name: "pe-kv" }, { subnetResourceId: subnet, name: "PE-kv" }] }, "privateEndpoints[1].name", /already privateEndpoints\[0\]'s name/],
        ["a lock name with a slash", { lock: { kind: "CanNotDelete", name: "lock/kv" } }, "lock.name", /^"lock\/kv" \(7 characters\) is not a lock name: 1–260 characters, none of < > % & : \\ \? \/ or a control character$/],
        ["a lock name with a colon", { lock: { kind: "CanNotDelete", name: "lock:kv" } }, "lock.name", /^"lock:kv" \(7 characters\) is not a lock name/],
        ["a lock name with a line break", { lock: { kind: "CanNotDelete", name: "lock\nkv" } }, "lock.name", /is not a lock name/],
        ["a lock name of 261 characters", { lock: { kind: "CanNotDelete", name: "l".repeat(261) } }, "lock.name", /^"l{40}…" \(261 characters\) is not a lock name: 1–260/],
        ["an empty lock name", { lock: { kind: "CanNotDelete", name: "" } }, "lock.name", /^is blank; give a name, or leave it out for lock-<vault name>$/],
        ["a diagnostic setting name with a slash, which would change its ARM path", { diagnosticSettings: [{ name: "audit/kv", workspaceResourceId: workspace }] }, "diagnosticSettings[0].name", /^"audit\/kv" \(8 characters\) is not a diagnostic setting name: 1–260 characters, none of < > \* % & : \\ \? \+ \/$/],
        ["a diagnostic setting name with a colon", { diagnosticSettings: [{ name: "audit:kv", workspaceResourceId: workspace }] }, "diagnosticSettings[0].name", /^"audit:kv" \(8 characters\) is not a diagnostic setting name/],
        ["a diagnostic setting name of 261 characters", { diagnosticSettings: [{ name: "x".repeat(261), workspaceResourceId: workspace }] }, "diagnosticSettings[0].name", /^"x{40}…" \(261 characters\) is not a diagnostic setting name/],
        ["an unknown create mode", { createMode: "restore" as never }, "createMode", /not "default" or "recover"/],
        ["a recovery without the deleted vault's name", { createMode: "recover" }, "createMode", /no vaultName is set: a generated name has no deleted vault to recover/],
        ["a ReadOnly lock, which would block the vault's own keys", { lock: { kind: "ReadOnly" } }, "lock.kind", /blocks every Resource Manager write under the vault.*ScopeLocked; use "CanNotDelete"/],
    ];
    test.each(cases)("rejects %s before registering anything", async (_title, args, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new KeyVault("kvbad", { resourceGroupName: rg, ...args }), field, rule);
    });

    test("rejects a resource name that cannot prefix a generated vault name, and says to set vaultName", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new KeyVault("backup_vault", { resourceGroupName: rg }), "name", /set vaultName/);
        await expectRefusedBeforeRegistration(recorder, () => new KeyVault("kv-far-too-long-name", { resourceGroupName: rg }), "name", /1–17/);
    });

    test("lists every problem at once", () => {
        const issues = validateKeyVaultArgs("kv", { resourceGroupName: rg, softDeleteRetentionInDays: 100, networkAcls: { ipRules: ["x"] } });
        expect(issues.map((i) => i.field)).toEqual(["softDeleteRetentionInDays", "networkAcls.ipRules[0]"]);
    });

    test("accepts the defaults", () => {
        expect(validateKeyVaultArgs("kv", { resourceGroupName: rg })).toEqual([]);
    });

    test("takes an access policy in the vault's tenant in any case, and every log category and group Key Vault has", () => {
        expect(validateKeyVaultArgs("kv", {
            resourceGroupName: rg,
            tenantId: mockAzureDefaults.tenantId.toUpperCase(),
            enableRbacAuthorization: false,
            accessPolicies: [{ objectId: "0b8a5c3e-6f61-4a43-9d8b-3f1d0c2e7a11", tenantId: mockAzureDefaults.tenantId, keyPermissions: ["get"] }],
            diagnosticSettings: [{ workspaceResourceId: workspace, logCategoriesAndGroups: [{ category: "AuditEvent" }, { category: "AzurePolicyEvaluationDetails" }] }, { storageAccountResourceId: workspace.replace("Microsoft.OperationalInsights/workspaces/law-security", "Microsoft.Storage/storageAccounts/staudit"), logCategoriesAndGroups: [{ categoryGroup: "audit" }] }],
        })).toEqual([]);
        expect(validateKeyVaultArgs("kv", { resourceGroupName: rg, diagnosticSettings: [{ workspaceResourceId: workspace, logCategoriesAndGroups: [{ categoryGroup: "allLogs" }] }] })).toEqual([]);
    });
});

describe("KeyVault arguments from an untyped caller (JavaScript, a cast, a spread)", () => {
    // What a JavaScript caller, or TypeScript with a cast, can pass where the types say otherwise.
    const OUTPUT_RULE = /^is an Output; this argument takes a plain value \(it decides what is created before deploy\)/;
    const principal = "0b8a5c3e-6f61-4a43-9d8b-3f1d0c2e7a11";
    const cases: [string, () => unknown, string, RegExp][] = [
        ["enableRbacAuthorization as an Output, which the vault would get as false while grants were made as RBAC roles", () => ({ enableRbacAuthorization: pulumi.output(false) }), "enableRbacAuthorization", OUTPUT_RULE],
        ["vaultName as an Output", () => ({ vaultName: pulumi.output("kv-plain-01") }), "vaultName", OUTPUT_RULE],
        ["softDeleteRetentionInDays as an Output", () => ({ softDeleteRetentionInDays: pulumi.output(30) }), "softDeleteRetentionInDays", OUTPUT_RULE],
        ["sku as an Output", () => ({ sku: pulumi.output("premium") }), "sku", OUTPUT_RULE],
        ["publicNetworkAccess as a Promise", () => ({ publicNetworkAccess: Promise.resolve("Disabled") }), "publicNetworkAccess", /^is a Promise; this argument takes a plain value/],
        ["softDeleteRetentionInDays as a string", () => ({ softDeleteRetentionInDays: "30" }), "softDeleteRetentionInDays", /^is a string \("30"\), not a number$/],
        ["enablePurgeProtection as a string", () => ({ enablePurgeProtection: "false" }), "enablePurgeProtection", /^is a string \("false"\), not true or false$/],
        ["an access policy in Azure's shape (permissions: { keys })", () => ({ enableRbacAuthorization: false, accessPolicies: [{ objectId: principal, permissions: { keys: ["get"] } }] }), "accessPolicies[0].keyPermissions", /^is required: a list of key permissions, such as \["get", "wrapKey", "unwrapKey"\]/],
        ["an access policy's permissions as one string", () => ({ enableRbacAuthorization: false, accessPolicies: [{ objectId: principal, keyPermissions: "get" }] }), "accessPolicies[0].keyPermissions", /^is a string \("get"\), not a list of strings/],
        ["an access policy that is not an object", () => ({ enableRbacAuthorization: false, accessPolicies: [principal] }), "accessPolicies[0]", /^is a string \("0b8a5c3e-6f61-4a43-9d8b-3f1d0c2e7a11"\), not an object/],
        ["diagnosticSettings as one object, not a list", () => ({ diagnosticSettings: { workspaceResourceId: workspace } }), "diagnosticSettings", /^is an object, not a list/],
        ["an IP rule list given as one string", () => ({ networkAcls: { ipRules: "203.0.113.0/24" } }), "networkAcls.ipRules", /^is a string \("203.0.113.0\/24"\), not a list of strings/],
        ["a lock without its kind", () => ({ lock: { name: "lock-kv" } }), "lock.kind", /^is required: "CanNotDelete" or "None"/],
        ["a misspelt argument, with the name it means", () => ({ softDeleteRetentionDays: 7 }), "softDeleteRetentionDays", /^is not an argument here; did you mean "softDeleteRetentionInDays"\?$/],
        ["Azure Verified Modules' name for the vault name", () => ({ name: "corp-kv-01" }), "name", /^is not an argument here; did you mean "vaultName"\?$/],
        ["an access policy's permissions under Azure's name", () => ({ enableRbacAuthorization: false, accessPolicies: [{ objectId: principal, permissions: { keys: ["get"] } }] }), "accessPolicies[0].permissions", /^is not an argument here; did you mean "keyPermissions"\?$/],
        ["a misspelt network rule list", () => ({ networkAcls: { ipRule: ["203.0.113.0/24"] } }), "networkAcls.ipRule", /did you mean "ipRules"\?$/],
        ["a name like no argument, with the list of them", () => ({ colour: "blue" }), "colour", /^is not an argument here; the arguments are resourceGroupName, location, vaultName, /],
        ["privateEndpoints as one object, not a list", () => ({ privateEndpoints: { subnetResourceId: subnet } }), "privateEndpoints", /^is an object, not a list/],
        ["a private endpoint's misspelt subnet", () => ({ privateEndpoints: [{ subnetResourceID: subnet }] }), "privateEndpoints[0].subnetResourceID", /^is not an argument here; did you mean "subnetResourceId"\?$/],
        ["a private endpoint's name as an Output", () => ({ privateEndpoints: [{ subnetResourceId: subnet, name: pulumi.output("pe-kv") }] }), "privateEndpoints[0].name", OUTPUT_RULE],
        ["an event subscription's misspelt destination", () => ({ eventSubscriptions: [{ name: "ops", eventHubResourceID: "x" }] }), "eventSubscriptions[0].eventHubResourceID", /^is not an argument here; did you mean "eventHubResourceId"\?$/],
        ["an event subscription given as its name", () => ({ eventSubscriptions: ["ops"] }), "eventSubscriptions[0]", /^is a string, not an object/],
        ["vaultName as null", () => ({ vaultName: null }), "vaultName", /^is null; leave the argument out to take its default$/],
        ["the lock as null", () => ({ lock: null }), "lock", /^is null; leave the argument out to take its default$/],
        ["the lock's notes as null", () => ({ lock: { kind: "CanNotDelete", notes: null } }), "lock.notes", /^is null; leave the argument out to take its default$/],
        ["the location as null", () => ({ location: null }), "location", /^is null; leave the argument out to take its default$/],
        ["a private endpoint's name as null", () => ({ privateEndpoints: [{ subnetResourceId: subnet, name: null }] }), "privateEndpoints[0].name", /^is null; leave the argument out to take its default$/],
        ["an event subscription's event types as null", () => ({ eventSubscriptions: [{ name: "ops", webhookUrl: "https://hooks.contoso.com/x", eventTypes: null }] }), "eventSubscriptions[0].eventTypes", /^is null; leave the argument out to take its default$/],
        ["an event subscription's storage queue as null beside a webhook", () => ({ eventSubscriptions: [{ name: "ops", webhookUrl: "https://hooks.contoso.com/x", storageQueue: null }] }), "eventSubscriptions[0].storageQueue", /^is null; leave the argument out to take its default$/],
        ["a diagnostic destination as null", () => ({ diagnosticSettings: [{ workspaceResourceId: workspace, storageAccountResourceId: null }] }), "diagnosticSettings[0].storageAccountResourceId", /^is null; leave the argument out to take its default$/],
        ["a diagnostic log category as null", () => ({ diagnosticSettings: [{ workspaceResourceId: workspace, logCategoriesAndGroups: [{ category: null, categoryGroup: "audit" }] }] }), "diagnosticSettings[0].logCategoriesAndGroups[0].category", /^is null; leave the argument out to take its default$/],
        ["an access policy's object id as a number", () => ({ enableRbacAuthorization: false, accessPolicies: [{ objectId: 42, keyPermissions: ["get"] }] }), "accessPolicies[0].objectId", /^is a number \(42\), not a string$/],
        ["the resource group as a list", () => ({ resourceGroupName: [rg] }), "resourceGroupName", /^is a list, not a string$/],
        ["the location as a number", () => ({ location: 42 }), "location", /^is a number \(42\), not a region's name \(a string\)$/],
        ["the location as true", () => ({ location: true }), "location", /^is a boolean \(true\), not a region's name \(a string\)$/],
        ["the location as an object", () => ({ location: {} }), "location", /^is an object, not a region's name \(a string\)$/],
        ["an empty location", () => ({ location: "" }), "location", /^"" is blank; name a region, such as "westeurope", or leave location out to take the default$/],
        ["a subnet rule that is null", () => ({ networkAcls: { virtualNetworkRules: [null] } }), "networkAcls.virtualNetworkRules[0]", /^is null, not a string$/],
        ["a subnet rule that is a number", () => ({ networkAcls: { virtualNetworkRules: [7] } }), "networkAcls.virtualNetworkRules[0]", /^is a number \(7\), not a string$/],
        ["a private DNS zone id that is null", () => ({ privateEndpoints: [{ subnetResourceId: subnet, privateDnsZoneResourceIds: [null] }] }), "privateEndpoints[0].privateDnsZoneResourceIds[0]", /^is null, not a string$/],
        ["a private DNS zone id that is an object", () => ({ privateEndpoints: [{ subnetResourceId: subnet, privateDnsZoneResourceIds: [{ id: vaultDns }] }] }), "privateEndpoints[0].privateDnsZoneResourceIds[0]", /^is an object, not a string$/],
        ["a diagnostic workspace id as a number", () => ({ diagnosticSettings: [{ workspaceResourceId: 1 }] }), "diagnosticSettings[0].workspaceResourceId", /^is a number \(1\), not a string$/],
        // A webhook URL pasted for the whole list: its credential is not echoed.
        ["a webhook URL given for the subscriptions", () => ({ eventSubscriptions: "https://hooks.example.com/api?code=SuperSecretFunctionKey" }), "eventSubscriptions", /^is a string, not a list \(\[…\]\)$/],
    ];
    test.each(cases)("refuses %s before registering anything", async (_title, extra, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new KeyVault("kvshape", untyped<KeyVaultArgs>({ resourceGroupName: rg, ...(extra() as object) })), field, rule);
    });

    test("refuses no args at all, naming what is required", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new KeyVault("kvshape", untyped<KeyVaultArgs>(undefined)), "args", /^is required: an object with at least resourceGroupName$/);
    });

    test("never quotes Pulumi's toString warning as the value", () => {
        const messages = validateKeyVaultArgs("kv", untyped<KeyVaultArgs>({ resourceGroupName: rg, vaultName: pulumi.output("kv-plain-01"), softDeleteRetentionInDays: pulumi.output(30) })).map((i) => i.message);
        expect(messages).toHaveLength(2);
        for (const message of messages) expect(message).not.toMatch(/Calling \[toString\]/);
    });

    test("reports the shape alone, before the rules that read the values", () => {
        const issues = validateKeyVaultArgs("kv", untyped<KeyVaultArgs>({ resourceGroupName: rg, sku: pulumi.output("premium"), softDeleteRetentionInDays: 6 }));
        expect(issues.map((i) => i.field)).toEqual(["sku"]);
    });

    test("takes an Output where the argument is passed on as it is (resource group, location, tenant, subnet rules)", () => {
        expect(validateKeyVaultArgs("kv", {
            resourceGroupName: pulumi.output(rg),
            location: pulumi.output("westeurope"),
            tenantId: pulumi.output(mockAzureDefaults.tenantId),
            networkAcls: { virtualNetworkRules: [pulumi.output(subnet)] },
        })).toEqual([]);
    });
});

describe("KeyVault values given as Outputs", () => {
    const domain = "contoso.onmicrosoft.com";
    const notSubnet = "vnet-hub/appliance";
    /** The one failure of the program naming `component`'s invalid arguments. */
    const failureOf = (run: ProgramRun, component: string) => {
        const found = run.failures.filter((f) => f.includes(`${component}: invalid arguments:`));
        expect(found).toHaveLength(1);
        return found[0];
    };
    const plain = (args: Partial<KeyVaultArgs>) => validateKeyVaultArgs("kv", { resourceGroupName: rg, ...args });

    describe("in a preview", () => {
        let run: ProgramRun;
        beforeAll(() => {
            run = runUnderMocks(`
                const { KeyVault } = require("./components/key-vault");
                new KeyVault("kvtenantoutput", { resourceGroupName: "rg-byok", tenantId: pulumi.output(${JSON.stringify(domain)}) });
                new KeyVault("kvtenantsecret", { resourceGroupName: "rg-byok", tenantId: pulumi.secret(${JSON.stringify(domain)}) });
                new KeyVault("kvtenantunknown", { resourceGroupName: "rg-byok", tenantId: pulumi.output(pulumi.unknown).apply(() => ${JSON.stringify(domain)}) });
                new KeyVault("kvtenantgood", { resourceGroupName: "rg-byok", tenantId: pulumi.secret(${JSON.stringify(mockAzureDefaults.tenantId)}) });
                new KeyVault("kvsubnetrule", { resourceGroupName: "rg-byok", networkAcls: { virtualNetworkRules: [${JSON.stringify(subnet)}, pulumi.secret(${JSON.stringify(notSubnet)})] } });
            `, { preview: true });
        });

        test("fails on a tenant given by its domain in an Output known then, with the message a plain one gets, and sends no vault", () => {
            const [issue] = plain({ tenantId: domain });
            expect(issue).toEqual({ field: "tenantId", message: `"${domain}" is not a GUID; give the directory's tenant id, not its domain name` });
            expect(failureOf(run, 'KeyVault "kvtenantoutput"')).toContain(`KeyVault "kvtenantoutput": invalid arguments:\n  - tenantId: ${issue.message}`);
            expect(run.registered).not.toContain("azure-native:keyvault:Vault::kvtenantoutput-vault");
        });

        test("fails on one from a config secret the same way, showing it as [secret]", () => {
            const failure = failureOf(run, 'KeyVault "kvtenantsecret"');
            expect(failure).toContain("KeyVault \"kvtenantsecret\": invalid arguments:\n  - tenantId: [secret] is not a GUID; give the directory's tenant id, not its domain name");
            expect(failure).not.toContain(domain);
            expect(run.registered).not.toContain("azure-native:keyvault:Vault::kvtenantsecret-vault");
        });

        test("fails on a subnet rule given as an Output that is no subnet id, naming its index, its value a secret", () => {
            const issue = plain({ networkAcls: { virtualNetworkRules: [subnet, notSubnet] } }).find((i) => i.field === "networkAcls.virtualNetworkRules[1]");
            expect(issue?.message).toBe(`"${notSubnet}" is not a subnet id (/subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>)`);
            expect(failureOf(run, 'KeyVault "kvsubnetrule"')).toContain(`KeyVault "kvsubnetrule": invalid arguments:\n  - networkAcls.virtualNetworkRules[1]: ${issue?.message.replace(`"${notSubnet}"`, "[secret]")}`);
            expect(run.registered).not.toContain("azure-native:keyvault:Vault::kvsubnetrule-vault");
        });

        test("checks nothing while the value is unknown, and sends a valid one", () => {
            // The mocks themselves refuse an unknown tenant (their checks want known values): no ValidationError is what counts.
            expect(run.failures.filter((f) => /"kvtenant(unknown|good)": invalid arguments/.test(f))).toEqual([]);
            expect(run.failures.filter((f) => f.includes("kvtenantgood"))).toEqual([]);
            expect(run.registered).toEqual(expect.arrayContaining(["azure-native:keyvault:Vault::kvtenantunknown-vault", "azure-native:keyvault:Vault::kvtenantgood-vault"]));
        });
    });

    test("in a deploy, fails on a tenant known only then, before the vault is sent", () => {
        const run = runUnderMocks(`
            const random = require("@pulumi/random");
            const { KeyVault } = require("./components/key-vault");
            const later = new random.RandomString("tenant-later", { length: 4 });
            new KeyVault("kvtenantlater", { resourceGroupName: "rg-byok", tenantId: later.result.apply(() => ${JSON.stringify(domain)}) });
        `);
        expect(failureOf(run, 'KeyVault "kvtenantlater"')).toContain(`KeyVault "kvtenantlater": invalid arguments:\n  - tenantId: "${domain}" is not a GUID`);
        expect(run.registered).toContain("random:index/randomString:RandomString::tenant-later");
        expect(run.registered).not.toContain("azure-native:keyvault:Vault::kvtenantlater-vault");
    });
});

describe("KeyVault access policies whose principal or tenant is an Output, known at preview", () => {
    const OPS = "3f2e1d0c-9b8a-4766-9544-332211009988";
    const OTHER_TENANT = "99999999-8888-4777-9666-555555555555";
    const POLICY = "azure-native:keyvault:AccessPolicy";
    let run: ProgramRun;
    beforeAll(() => {
        run = runUnderMocks(`
            const { KeyVault } = require("./components/key-vault");
            const vault = (name, policy, tenantId) => new KeyVault(name, { resourceGroupName: "rg-byok", enableRbacAuthorization: false, tenantId, accessPolicies: [{ name: "ops", keyPermissions: ["get"], ...policy }] });
            vault("kvpolobject", { objectId: pulumi.output("ops-team") });
            vault("kvpolsecret", { objectId: pulumi.secret("ops-team") });
            vault("kvpoltenant", { objectId: ${JSON.stringify(OPS)}, tenantId: pulumi.output("contoso.onmicrosoft.com") });
            vault("kvpolother", { objectId: ${JSON.stringify(OPS)}, tenantId: ${JSON.stringify(OTHER_TENANT)} }, pulumi.output(${JSON.stringify(mockAzureDefaults.tenantId)}));
            vault("kvpolunknown", { objectId: pulumi.output(pulumi.unknown).apply(() => "ops-team"), tenantId: pulumi.output(pulumi.unknown).apply(() => ${JSON.stringify(OTHER_TENANT)}) }, ${JSON.stringify(mockAzureDefaults.tenantId)});
            vault("kvpolgood", { objectId: pulumi.secret(${JSON.stringify(OPS)}), tenantId: pulumi.output(${JSON.stringify(mockAzureDefaults.tenantId)}) }, pulumi.output(${JSON.stringify(mockAzureDefaults.tenantId)}));
        `, { preview: true });
    });
    const failureOf = (component: string) => validationFailure(run, component);
    const plain = (policy: Partial<KeyVaultAccessPolicy>, tenantId?: string) => validateKeyVaultArgs("kv", { resourceGroupName: rg, enableRbacAuthorization: false, tenantId, accessPolicies: [{ name: "ops", objectId: OPS, keyPermissions: ["get"], ...policy }] });

    test("a principal that is no GUID fails with the message a plain one gets, and no access policy is sent", () => {
        const [issue] = plain({ objectId: "ops-team" });
        expect(issue).toEqual({ field: "accessPolicies[0].objectId", message: '"ops-team" is not a GUID' });
        expect(failureOf('KeyVault "kvpolobject"')).toContain(`KeyVault "kvpolobject": invalid arguments:\n  - accessPolicies[0].objectId: ${issue.message}`);
        expect(run.registered).toContain("azure-native:keyvault:Vault::kvpolobject-vault");
        expect(run.registered).not.toContain(`${POLICY}::kvpolobject-access-policy-ops`);
    });

    test("one from a secret is shown as [secret]", () => {
        const failure = failureOf('KeyVault "kvpolsecret"');
        expect(failure).toContain('KeyVault "kvpolsecret": invalid arguments:\n  - accessPolicies[0].objectId: [secret] is not a GUID');
        expect(failure).not.toContain("ops-team");
        expect(run.registered).not.toContain(`${POLICY}::kvpolsecret-access-policy-ops`);
    });

    test("a tenant given by its domain fails with the message a plain one gets, and no access policy is sent", () => {
        const [issue] = plain({ tenantId: "contoso.onmicrosoft.com" });
        expect(issue.message).toBe("\"contoso.onmicrosoft.com\" is not a GUID; give the directory's tenant id, or leave it out to take the vault's");
        expect(failureOf('KeyVault "kvpoltenant"')).toContain(`KeyVault "kvpoltenant": invalid arguments:\n  - accessPolicies[0].tenantId: ${issue.message}`);
        expect(run.registered).not.toContain(`${POLICY}::kvpoltenant-access-policy-ops`);
    });

    test("a tenant other than the vault's given as an Output fails with the message plain tenants get, and no access policy is sent", () => {
        const [issue] = plain({ tenantId: OTHER_TENANT }, mockAzureDefaults.tenantId);
        expect(issue.message).toBe(`is ${OTHER_TENANT}, but the vault's tenantId is ${mockAzureDefaults.tenantId}: a vault authenticates callers in its own tenant only; leave tenantId out to take the vault's`);
        expect(failureOf('KeyVault "kvpolother"')).toContain(`KeyVault "kvpolother": invalid arguments:\n  - accessPolicies[0].tenantId: ${issue.message}`);
        expect(run.registered).not.toContain(`${POLICY}::kvpolother-access-policy-ops`);
    });

    test("values unknown at preview and valid ones pass", () => {
        // The mocks themselves may refuse a policy they cannot read: no ValidationError is what counts.
        expect(run.failures.filter((f) => /"kvpol(unknown|good)": invalid arguments/.test(f))).toEqual([]);
        expect(run.failures.filter((f) => f.includes("kvpolgood"))).toEqual([]);
        expect(run.registered).toEqual(expect.arrayContaining([`${POLICY}::kvpolunknown-access-policy-ops`, `${POLICY}::kvpolgood-access-policy-ops`]));
    });
});

describe("KeyVault left in its resource group's region (no location given)", () => {
    test("reports the region Azure put it in as its location", async () => {
        const kv = await build("kvgrouploc");
        expect(await valueOf(pulumi.output(kv.location))).toBe("westeurope");
    });

    test("its keys are refused, before the service is sent, by a disk encryption set, a PostgreSQL and a MySQL server in another region", () => {
        // rg-byok is in westeurope in the mocks: each service here asks for northeurope.
        const run = runUnderMocks(`
            const { KeyVault } = require("./components/key-vault");
            const { EncryptionKey } = require("./components/encryption-key");
            const { CmkDiskEncryptionSet } = require("./components/cmk-disk-encryption-set");
            const { CmkPostgresqlFlexibleServer } = require("./components/cmk-postgresql-flexible-server");
            const { CmkMysqlFlexibleServer } = require("./components/cmk-mysql-flexible-server");
            const kv = new KeyVault("kvgroupregion", { resourceGroupName: "rg-byok" });
            const key = (name) => new EncryptionKey(name, { keyVault: kv, keySize: 4096 });
            new CmkDiskEncryptionSet("desnorth", { resourceGroupName: "rg-byok", location: "northeurope", customerManagedKey: { key: key("desnorth-cmk") } });
            new CmkPostgresqlFlexibleServer("pgnorth", { resourceGroupName: "rg-byok", location: "northeurope", customerManagedKey: { key: key("pgnorth-cmk") },
                administrator: { principalName: "pg-admins", objectId: "5b0f3c2a-7d4e-4a1b-9c8d-1e2f3a4b5c6d" } });
            new CmkMysqlFlexibleServer("mysqlnorth", { resourceGroupName: "rg-byok", location: "northeurope", customerManagedKey: { key: key("mysqlnorth-cmk") } });
        `);
        expect(validationFailure(run, 'CmkDiskEncryptionSet "desnorth"')).toContain("  - customerManagedKey.key: is a key of a vault in westeurope, but the disk encryption set is in northeurope");
        expect(validationFailure(run, 'CmkPostgresqlFlexibleServer "pgnorth"')).toContain("  - customerManagedKey.key: is a key of a vault in westeurope, but the server is in northeurope");
        expect(validationFailure(run, 'CmkMysqlFlexibleServer "mysqlnorth"')).toContain("  - customerManagedKey.key: is a key of a vault in westeurope, but the server is in northeurope");
        expect(run.registered.filter((r) => /^azure-native:(compute:DiskEncryptionSet|dbforpostgresql:Server|dbformysql:Server)::/.test(r))).toEqual([]);
    });
});
