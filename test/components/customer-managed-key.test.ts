import * as pulumi from "@pulumi/pulumi";
import { cmkKeyUrl, CmkConsumer, validateCustomerManagedKey } from "../../components/customer-managed-key";
import { CustomerManagedKey } from "../../components/types";
import { setAzureMocks } from "../../plan/mocks";
import { untyped } from "../support/expect";
import { valueOf } from "../support/outputs";
import { KEY_VERSION, keyReference, PRINCIPAL_ID as PRINCIPAL, vaultReference } from "../support/references";

const current = KEY_VERSION;
const pinned = "fedcba9876543210fedcba9876543210";
const key = keyReference();
const uri = String(key.keyUri);
const cmk = (extra: Partial<CustomerManagedKey> = {}): CustomerManagedKey => ({ key, ...extra });

describe("cmkKeyUrl", () => {
    // Every consumer, so that a new one has to say which URL it takes.
    const consumers: Record<CmkConsumer, "versionless" | "versioned"> = {
        containerRegistry: "versionless",
        storageAccount: "versionless",
        postgresqlFlexibleServer: "versionless",
        diskEncryptionSet: "versioned",
        kubernetesCluster: "versioned",
        mysqlFlexibleServer: "versioned",
        sqlServer: "versioned",
    };

    test.each(Object.entries(consumers))("gives %s the %s key URL when no version is pinned", async (consumer, kind) => {
        expect(await valueOf(cmkKeyUrl(consumer as CmkConsumer, cmk()))).toBe(kind === "versioned" ? `${uri}/${current}` : uri);
    });

    test.each(Object.keys(consumers))("gives %s the pinned version, not the current one, when one is pinned by name", async (consumer) => {
        expect(await valueOf(cmkKeyUrl(consumer as CmkConsumer, cmk({ keyVersion: pinned })))).toBe(`${uri}/${pinned}`);
    });
});

describe("validateCustomerManagedKey", () => {
    test("takes an RSA key with wrapKey and unwrapKey in a purge-protected vault", () => {
        expect(validateCustomerManagedKey(cmk())).toEqual([]);
        expect(validateCustomerManagedKey(cmk({ key: keyReference({ kty: "RSA" }), keyVersion: pinned, rbacPropagationWait: "2m" }))).toEqual([]);
    });

    test("refuses no key at all, naming the key", () => {
        expect(validateCustomerManagedKey(undefined)).toEqual([{ field: "customerManagedKey.key", message: "is required: a CMK service needs the key it encrypts with" }]);
    });

    test("refuses a key given where { key } belongs, alone, before any rule reads it", () => {
        expect(validateCustomerManagedKey(untyped<CustomerManagedKey>({ ...keyReference(), kty: "EC" }))).toEqual([
            { field: "customerManagedKey", message: "is a key; give it as { key: <the key> }, with keyVersion, userAssignedIdentity and keyAccess beside it where needed" },
        ]);
    });

    test("reports every rule a key breaks at once, each under its field", () => {
        const bad = keyReference({ kty: "EC-HSM", keyOps: ["wrapKey", "sign"] }, vaultReference({ enablePurgeProtection: false }));
        expect(validateCustomerManagedKey({ key: bad, keyVersion: "latest", rbacPropagationWait: "11m" })).toEqual([
            { field: "customerManagedKey.key.kty", message: "EC-HSM keys cannot wrap a data key; Azure services take RSA or RSA-HSM keys" },
            { field: "customerManagedKey.key.keyOps", message: "lacks unwrapKey, which the service uses to wrap its data key; create the key with purpose \"cmkService\"" },
            { field: "customerManagedKey.key.keyVault.enablePurgeProtection", message: "is off; Azure refuses customer-managed keys from a vault without purge protection" },
            { field: "customerManagedKey.keyVersion", message: "\"latest\" is not a key version (32 lowercase hex characters)" },
            { field: "customerManagedKey.rbacPropagationWait", message: "\"11m\" is longer than 10m, Azure's documented worst case for a role assignment to take effect; re-run the deploy instead of waiting longer" },
        ]);
    });

    test("asks AKS's KMS key for encrypt and decrypt, under the field it is given", () => {
        expect(validateCustomerManagedKey(cmk(), "encryption", "encrypt")).toEqual([
            { field: "encryption.key.keyOps", message: "lacks encrypt, decrypt, which the service uses to encrypt its data keys; create the key with purpose \"applicationCrypto\"" },
        ]);
    });

    test("refuses a service name whose own identity's name Azure refuses, unless an identity is given", () => {
        const name = "s".repeat(120);
        expect(validateCustomerManagedKey(cmk(), "customerManagedKey", "wrap", name)).toEqual([
            { field: "name", message: `"${name}" names the service's own identity "${name}-identity", which Azure refuses: an identity name is 3–128 letters, digits, hyphens and underscores; rename it, give customerManagedKey.identityName, or give the service an identity` },
        ]);
        const identity = { id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id", clientId: PRINCIPAL, principalId: PRINCIPAL };
        expect(validateCustomerManagedKey(cmk({ userAssignedIdentity: identity }), "customerManagedKey", "wrap", name)).toEqual([]);
    });
});

describe("validateCustomerManagedKey on a vault without purge protection", () => {
    const exposed = vaultReference({ enablePurgeProtection: false });

    // Microsoft's AKS KMS guide asks for no purge protection (its example vault has none); deleting the key or vault "isn't supported".
    test("refuses AKS's KMS key as this product's rule, not as a refusal of Azure's", () => {
        expect(validateCustomerManagedKey({ key: keyReference({ keyOps: ["encrypt", "decrypt"] }, exposed) }, "customerManagedKey", "encrypt", undefined, undefined, "kubernetesCluster")).toEqual([
            { field: "customerManagedKey.key.keyVault.enablePurgeProtection", message: "is off; AKS's KMS does not require purge protection, but this product takes its key only from a vault with it: a purged KMS key leaves etcd's secrets undecryptable and the cluster unrecoverable (Microsoft's AKS KMS guide: deleting the key or its vault isn't supported)" },
        ]);
    });

    // Their CMK guides require soft delete and purge protection; so do the services that name no consumer (Cosmos DB, Event Hubs, Service Bus, encryption scopes).
    test.each<CmkConsumer | undefined>(["containerRegistry", "storageAccount", "diskEncryptionSet", "postgresqlFlexibleServer", "mysqlFlexibleServer", "sqlServer", undefined])("refuses %s's key as Azure does", (consumer) => {
        expect(validateCustomerManagedKey({ key: keyReference({}, exposed) }, "customerManagedKey", "wrap", undefined, undefined, consumer)).toEqual([
            { field: "customerManagedKey.key.keyVault.enablePurgeProtection", message: "is off; Azure refuses customer-managed keys from a vault without purge protection" },
        ]);
    });
});

describe("validateCustomerManagedKey on a vault whose firewall lets no trusted service through", () => {
    const shut = vaultReference({ vaultName: "kv-shut", networkAccess: { publicNetworkAccess: "Disabled", defaultAction: "Deny", bypass: "None" } });
    const denying = vaultReference({ vaultName: "kv-ips", networkAccess: { publicNetworkAccess: "Enabled", defaultAction: "Deny", bypass: "None" } });
    const rule = "which lets no trusted Azure service through, while the service reaches its key as one of Key Vault's trusted services; set the vault's networkAcls.bypass to \"AzureServices\" (the default)";

    // Microsoft's Key Vault trusted-services list names each: Container Registry, Storage, Disk Storage (a disk encryption set), SQL, PostgreSQL and MySQL flexible servers, Event Hubs, Service Bus.
    test.each<CmkConsumer | undefined>(["containerRegistry", "storageAccount", "diskEncryptionSet", "postgresqlFlexibleServer", "mysqlFlexibleServer", "sqlServer", undefined])("refuses %s's key there, naming the vault's bypass rule and the fix", (consumer) => {
        expect(validateCustomerManagedKey({ key: keyReference({}, shut) }, "customerManagedKey", "wrap", undefined, undefined, consumer)).toEqual([
            { field: "customerManagedKey.key", message: `is in vault kv-shut with public network access disabled and networkAcls.bypass "None", ${rule}` },
        ]);
    });

    test("refuses it behind a firewall that denies by default, public access on, under the field it is given", () => {
        expect(validateCustomerManagedKey({ key: keyReference({}, denying) }, "encryptionScopes[0]")).toEqual([
            { field: "encryptionScopes[0].key", message: `is in vault kv-ips with public network access on behind a firewall that denies by default (defaultAction Deny) and networkAcls.bypass "None", ${rule}` },
        ]);
    });

    test("takes it from a vault open to every network, whose firewall has nothing to bypass, or one that lets trusted services through", () => {
        const open = vaultReference({ networkAccess: { publicNetworkAccess: "Enabled", defaultAction: "Allow", bypass: "None" } });
        const bypassed = vaultReference({ networkAccess: { publicNetworkAccess: "Disabled", defaultAction: "Deny", bypass: "AzureServices" } });
        expect(validateCustomerManagedKey({ key: keyReference({}, open) })).toEqual([]);
        expect(validateCustomerManagedKey({ key: keyReference({}, bypassed) })).toEqual([]);
    });

    test("does not judge a vault whose bypass is not known, as one described before it was", () => {
        expect(validateCustomerManagedKey({ key: keyReference({}, vaultReference({ networkAccess: { publicNetworkAccess: "Disabled", defaultAction: "Deny" } })) })).toEqual([]);
    });

    // AKS's KMS reaches its key over public access or a private link, not through the bypass.
    test("leaves an AKS cluster's KMS, which reaches its key otherwise, to its own network rules", () => {
        expect(validateCustomerManagedKey({ key: keyReference({ keyOps: ["encrypt", "decrypt"] }, denying) }, "customerManagedKey", "encrypt", undefined, undefined, "kubernetesCluster")).toEqual([]);
    });

    test("refuses a misspelt bypass in a vault described by hand, which would otherwise go unjudged", () => {
        const misspelt = untyped<CustomerManagedKey>({ key: keyReference({}, untyped({ ...shut, networkAccess: { publicNetworkAccess: "Disabled", defaultAction: "Deny", byPass: "None" } })) });
        expect(validateCustomerManagedKey(misspelt)).toEqual([
            { field: "customerManagedKey.key.keyVault.networkAccess.byPass", message: "is not an argument here; did you mean \"bypass\"?" },
        ]);
    });

    test("refuses a value in another case or another word in a vault described by hand, which would otherwise go unjudged", () => {
        const lower = untyped<CustomerManagedKey>({ key: keyReference({}, untyped({ ...shut, networkAccess: { publicNetworkAccess: "disabled", defaultAction: "Deny", bypass: "none" } })) });
        expect(validateCustomerManagedKey(lower)).toEqual([
            { field: "customerManagedKey.key.keyVault.networkAccess.publicNetworkAccess", message: "\"disabled\" is not \"Enabled\" or \"Disabled\"" },
            { field: "customerManagedKey.key.keyVault.networkAccess.bypass", message: "\"none\" is not \"AzureServices\" or \"None\"" },
        ]);
    });
});

describe("validateCustomerManagedKey's identityName", () => {
    const identity = { id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id", clientId: PRINCIPAL, principalId: PRINCIPAL };

    test("names the identity the service makes, in place of the service's name it would otherwise take", () => {
        expect(validateCustomerManagedKey(cmk({ identityName: "id-storage" }), "customerManagedKey", "wrap", "s".repeat(120))).toEqual([]);
    });

    test("refuses a name Azure refuses for an identity", () => {
        expect(validateCustomerManagedKey(cmk({ identityName: "id storage" }), "customerManagedKey", "wrap", "st")).toEqual([
            { field: "customerManagedKey.identityName", message: "\"id storage\" is not an identity name: 3–128 letters, digits, hyphens and underscores, starting with a letter or digit" },
        ]);
    });

    test("refuses it beside an identity given, which the service runs as instead", () => {
        expect(validateCustomerManagedKey(cmk({ identityName: "id-storage", userAssignedIdentity: identity }), "customerManagedKey", "wrap", "st")).toEqual([
            { field: "customerManagedKey.identityName", message: "names the identity the service would make, but userAssignedIdentity is given, which the service runs as instead; leave identityName out" },
        ]);
    });

    test("refuses it as an Output: it names the identity before deploy", () => {
        expect(validateCustomerManagedKey(cmk({ identityName: untyped<string>(pulumi.output("id-storage")) }))).toEqual([
            { field: "customerManagedKey.identityName", message: expect.stringMatching(/^is an Output; this argument takes a plain value/) },
        ]);
    });
});

describe("validateCustomerManagedKey on a Managed HSM pool's key", () => {
    // A pool described by hand: a VaultReference has no kind, so it passes for a premium RBAC vault.
    const pool = vaultReference({ id: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hsm/providers/Microsoft.KeyVault/managedHSMs/contoso-hsm", vaultName: "contoso-hsm", vaultUri: "https://contoso-hsm.managedhsm.azure.net/" });
    const hsmKey = keyReference({ keyName: "tde", keyOps: ["wrapKey", "unwrapKey", "encrypt", "decrypt"] }, pool);
    const identity = { id: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-cmk", clientId: PRINCIPAL, principalId: PRINCIPAL };
    const rule = "a pool's keys are granted only by its local RBAC, where an Azure role assignment or access policy grants nothing, and azure-byok cannot make a local role assignment yet";
    // The caller's own grant on the pool (a resource of another provider, or a command) is a resource registered under the mocks.
    beforeAll(async () => {
        await setAzureMocks();
    });
    const ownGrant = (field: string) => `make that grant yourself (that command, or Azure Classic's keyvault.ManagedHardwareSecurityModuleRoleAssignment) and give the identity as ${field}.userAssignedIdentity and the grant's resource as ${field}.keyAccess, or `;

    test("refuses it under key, with the local grant the service's identity would need", () => {
        expect(validateCustomerManagedKey({ key: hsmKey })).toEqual([{
            field: "customerManagedKey.key",
            message: `is key tde of Managed HSM pool contoso-hsm: ${rule}, and the service's identity needs one (az keyvault role assignment create --hsm-name contoso-hsm --role "Managed HSM Crypto Service Encryption User" --assignee-object-id <principalId of the service's identity> --scope /keys/tde); ${ownGrant("customerManagedKey")}use a key in a Key Vault vault`,
        }]);
    });

    test("names the given identity's principal in the grant, and the role for what the service does with the key", () => {
        expect(validateCustomerManagedKey({ key: hsmKey, userAssignedIdentity: identity }, "customerManagedKeyGeo", "encrypt").map((i) => `${i.field}: ${i.message}`)).toEqual([
            `customerManagedKeyGeo.key: is key tde of Managed HSM pool contoso-hsm: ${rule}, and the service's identity needs one (az keyvault role assignment create --hsm-name contoso-hsm --role "Managed HSM Crypto User" --assignee-object-id ${PRINCIPAL} --scope /keys/tde); ${ownGrant("customerManagedKeyGeo")}use a key in a Key Vault vault`,
        ]);
    });

    test("takes it with the caller's own grant as keyAccess: the service then makes no grant, and the pool's local one is the caller's", () => {
        const localGrant = new pulumi.ComponentResource("test:index:LocalHsmGrant", "tde-local-grant");
        expect(validateCustomerManagedKey({ key: hsmKey, userAssignedIdentity: identity, keyAccess: localGrant })).toEqual([]);
        expect(validateCustomerManagedKey({ key: hsmKey, userAssignedIdentity: identity, keyAccess: localGrant }, "customerManagedKeyGeo", "encrypt")).toEqual([]);
        // Without the identity the grant is for, that is what is missing, not the pool's grant.
        expect(validateCustomerManagedKey({ key: hsmKey, keyAccess: localGrant }).map((i) => i.field)).toEqual(["customerManagedKey.keyAccess"]);
    });

    test("offers no keyAccess for a list entry's key, which has none", () => {
        expect(validateCustomerManagedKey({ key: hsmKey }, "additionalKeys[0]")).toEqual([{
            field: "additionalKeys[0].key",
            message: `is key tde of Managed HSM pool contoso-hsm: ${rule}, and the service's identity needs one (az keyvault role assignment create --hsm-name contoso-hsm --role "Managed HSM Crypto Service Encryption User" --assignee-object-id <principalId of the service's identity> --scope /keys/tde); use a key in a Key Vault vault`,
        }]);
    });

    test("says Azure takes none for a registry or AKS's KMS, with Microsoft's reason", () => {
        expect(validateCustomerManagedKey({ key: hsmKey }, "customerManagedKey", "wrap", "acr", undefined, "containerRegistry")).toEqual([{
            field: "customerManagedKey.key",
            message: "is key tde of Managed HSM pool contoso-hsm, and Azure does not take a Managed HSM key here: Microsoft's table of customer-managed-key support lists Container Registry with Key Vault keys only; use a key in a Key Vault vault",
        }]);
        expect(validateCustomerManagedKey({ key: hsmKey }, "customerManagedKey", "encrypt", "aks", undefined, "kubernetesCluster")).toEqual([{
            field: "customerManagedKey.key",
            message: "is key tde of Managed HSM pool contoso-hsm, and Azure does not take a Managed HSM key here: AKS's KMS etcd encryption is documented for Key Vault keys only; use a key in a Key Vault vault",
        }]);
        // A grant of the caller's own changes nothing where Azure takes no pool key.
        const localGrant = new pulumi.ComponentResource("test:index:LocalHsmGrant", "acr-local-grant");
        expect(validateCustomerManagedKey({ key: hsmKey, userAssignedIdentity: identity, keyAccess: localGrant }, "customerManagedKey", "wrap", "acr", undefined, "containerRegistry").map((i) => i.field)).toEqual(["customerManagedKey.key"]);
    });

    test("takes the same key in a vault, for every consumer", () => {
        const vaultKey = keyReference({ keyName: "tde", keyOps: ["wrapKey", "unwrapKey", "encrypt", "decrypt"] });
        for (const consumer of ["containerRegistry", "kubernetesCluster", "storageAccount"] as const) expect(validateCustomerManagedKey({ key: vaultKey }, "customerManagedKey", "wrap", undefined, undefined, consumer)).toEqual([]);
    });
});
