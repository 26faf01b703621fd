// Preloaded (node --require) into `npm run plan` by test/plan/plan.test.ts: the stack program is
// replaced by one that registers what Azure refuses, which no stack config reaches any more (config
// validation refuses it first): a key pinned at a version its vault never made, with a registry
// and its grant depending on it.
const Module = require("node:module");
const path = require("node:path");

const root = path.resolve(__dirname, "..", "..");
const stacks = path.join(root, "dist", "stacks", "index.js");
const from = (id) => require(require.resolve(id, { paths: [root] }));

async function program() {
    const pulumi = from("@pulumi/pulumi");
    const keyvault = from("@pulumi/azure-native/keyvault");
    const containerregistry = from("@pulumi/azure-native/containerregistry");
    const managedidentity = from("@pulumi/azure-native/managedidentity");
    const resources = from("@pulumi/azure-native/resources");
    const authorization = from("@pulumi/azure-native/authorization");
    const client = await authorization.getClientConfig();
    const rg = new resources.ResourceGroup("rg", { resourceGroupName: "rg-refused", location: "westeurope" });
    const vault = new keyvault.Vault("kv", {
        resourceGroupName: rg.name,
        vaultName: "kv-refused-01",
        properties: { tenantId: client.tenantId, sku: { family: "A", name: "premium" }, enablePurgeProtection: true, enableRbacAuthorization: true, networkAcls: { defaultAction: "Deny", bypass: "AzureServices" }, publicNetworkAccess: "Enabled" },
    });
    const key = new keyvault.Key("cmk", { resourceGroupName: rg.name, vaultName: vault.name, keyName: "cmk", properties: { kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"] } });
    const identity = new managedidentity.UserAssignedIdentity("id", { resourceGroupName: rg.name, resourceName: "id-refused" });
    const grant = new authorization.RoleAssignment("grant", {
        scope: key.id,
        principalId: identity.principalId,
        principalType: "ServicePrincipal",
        roleDefinitionId: pulumi.interpolate`/subscriptions/${client.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6`,
    });
    new containerregistry.Registry("acr", {
        resourceGroupName: rg.name,
        registryName: "acrrefused01",
        sku: { name: "Premium" },
        identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
        encryption: { status: "enabled", keyVaultProperties: { keyIdentifier: pulumi.interpolate`${key.keyUri}/ffffffffffffffffffffffffffffffff`, identity: identity.clientId } },
    }, { dependsOn: [grant] });
}

const load = Module._load;
Module._load = function (request, parent, isMain) {
    if (parent && Module._resolveFilename(request, parent, isMain) === stacks) {
        return { __esModule: true, default: program };
    }
    return load.apply(this, [request, parent, isMain]);
};
