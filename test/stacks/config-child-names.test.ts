import { parseStackConfig } from "../../stacks/config";
import { configIssuesOf } from "../support/config-issues";

/** The problems parseStackConfig finds, as `<path>: <message>`. */
const issuesOf = (raw: Record<string, unknown>): string[] => configIssuesOf(raw).map((i) => `${i.path}: ${i.message}`);

const GITHUB = { issuer: "https://token.actions.githubusercontent.com", subject: "repo:contoso/app:ref:refs/heads/main" };
const WHY = `Pulumi names an entry's resources <entry name>-<name>-<role>, and a URN holds a resource's type and name but not its entry's, so the Pulumi engine would refuse the whole program ("Duplicate resource URN ...; try giving it a unique name"); rename either entry, or either name`;

function config(extra: Record<string, unknown>): Record<string, unknown> {
    return {
        resourceGroupName: "rg-audit",
        location: "westeurope",
        vaults: [{
            name: "kv-a",
            publicNetworkAccess: "Enabled",
            keys: [{ name: "cmk" }, { name: "eu-cmk" }, { name: "export-key", purpose: "applicationCrypto" }, { name: "key", purpose: "applicationCrypto" }],
        }],
        ...extra,
    };
}


describe("entries of one list whose resources would share a URN are refused at the later entry's setting, naming the earlier one's", () => {
    test("two applications' credentials (vendor with eu-primary, vendor-eu with primary)", () => {
        const raw = config({
            applications: [
                { name: "vendor", certificates: [{ name: "eu-primary", validityDays: 90 }], clientSecrets: [{ name: "eu-primary" }], federatedCredentials: [{ name: "eu-github", ...GITHUB }] },
                { name: "vendor-eu", certificates: [{ name: "primary", validityDays: 90 }], clientSecrets: [{ name: "primary" }], federatedCredentials: [{ name: "github", ...GITHUB }] },
            ],
        });
        expect(issuesOf(raw)).toEqual([
            `azure-byok:applications[1].certificates[0].name: makes "vendor-eu-primary-key", "vendor-eu-primary-cert" and "vendor-eu-primary-credential", as azure-byok:applications[0].certificates[0].name makes under "vendor": ${WHY}`,
            `azure-byok:applications[1].clientSecrets[0].name: makes "vendor-eu-primary-secret", as azure-byok:applications[0].clientSecrets[0].name makes under "vendor": ${WHY}`,
            `azure-byok:applications[1].federatedCredentials[0].name: makes "vendor-eu-github-federated-credential", as azure-byok:applications[0].federatedCredentials[0].name makes under "vendor": ${WHY}`,
        ]);
    });

    test("two applications' key grants (payments on export-key, payments-export on key)", () => {
        const raw = config({
            applications: [
                { name: "payments", certificates: [{ name: "primary", validityDays: 90 }], access: [{ key: "export-key", permissions: "applicationCrypto" }], allowedNetworks: ["198.51.100.0/28"] },
                { name: "payments-export", certificates: [{ name: "secondary", validityDays: 90 }], access: [{ key: "key", permissions: "applicationCrypto" }], allowedNetworks: ["198.51.100.0/28"] },
            ],
        });
        expect(issuesOf(raw)).toEqual([
            `azure-byok:applications[1].access[0].key: makes "payments-export-key", as azure-byok:applications[0].access[0].key makes under "payments": ${WHY}`,
        ]);
    });

    test("two storage accounts' containers, encryption scopes and scope grants (st-shared with eu-*, st-shared-eu with *)", () => {
        const raw = config({
            storageAccounts: [
                { name: "st-shared", key: "cmk", containers: [{ name: "eu-data" }], encryptionScopes: [{ name: "eu-tenant", key: "eu-cmk" }] },
                { name: "st-shared-eu", key: "eu-cmk", containers: [{ name: "data" }], encryptionScopes: [{ name: "tenant", key: "cmk" }] },
            ],
        });
        expect(issuesOf(raw)).toEqual([
            `azure-byok:storageAccounts[1].encryptionScopes[0].key: makes "st-shared-eu-cmk-key-grant", as azure-byok:storageAccounts[0].encryptionScopes[0].key makes under "st-shared": ${WHY}`,
            `azure-byok:storageAccounts[1].encryptionScopes[0].name: makes "st-shared-eu-tenant-scope", as azure-byok:storageAccounts[0].encryptionScopes[0].name makes under "st-shared": ${WHY}`,
            `azure-byok:storageAccounts[1].containers[0].name: makes "st-shared-eu-data-container", as azure-byok:storageAccounts[0].containers[0].name makes under "st-shared": ${WHY}`,
        ]);
    });
});

describe("names that only look alike pass", () => {
    test("an entry named as another's prefix, with children of their own names", () => {
        expect(() => parseStackConfig(config({
            applications: [
                { name: "vendor", certificates: [{ name: "eu-primary", validityDays: 90 }] },
                { name: "vendor-eu", certificates: [{ name: "secondary", validityDays: 90 }] },
            ],
            storageAccounts: [
                { name: "st-shared", key: "cmk", containers: [{ name: "eu-data" }] },
                { name: "st-shared-eu", key: "cmk", containers: [{ name: "logs" }] },
            ],
        }))).not.toThrow();
    });

    test("accounts that share an identity make no scope grants of their own, so their keys' names cannot clash", () => {
        expect(() => parseStackConfig(config({
            identities: [{ name: "id-storage" }],
            storageAccounts: [
                { name: "st-shared", key: "cmk", identity: "id-storage", encryptionScopes: [{ name: "tenant-a", key: "eu-cmk" }] },
                { name: "st-shared-eu", key: "eu-cmk", identity: "id-storage", encryptionScopes: [{ name: "tenant-b", key: "cmk" }] },
            ],
        }))).not.toThrow();
    });

    test("two names that differ only in case are the list's duplicates, reported once as such", () => {
        expect(issuesOf(config({
            applications: [
                { name: "vendor", certificates: [{ name: "primary", validityDays: 90 }] },
                { name: "Vendor", certificates: [{ name: "primary", validityDays: 90 }] },
            ],
        }))).toEqual(['azure-byok:applications[1].name: "Vendor" is already used by azure-byok:applications[0].name; application names must be unique']);
    });
});
