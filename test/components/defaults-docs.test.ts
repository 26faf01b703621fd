import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { CMK_CONTAINER_REGISTRY_ARGS, CmkContainerRegistryDefaults } from "../../components/cmk-container-registry";
import { CMK_COSMOSDB_ACCOUNT_ARGS, CmkCosmosDbAccountDefaults } from "../../components/cmk-cosmosdb-account";
import { CMK_DISK_ENCRYPTION_SET_ARGS, CmkDiskEncryptionSetDefaults } from "../../components/cmk-disk-encryption-set";
import { CMK_KUBERNETES_CLUSTER_ARGS, CmkKubernetesClusterDefaults, NETWORK_PROFILE_ARGS, SYSTEM_NODE_POOL_ARGS } from "../../components/cmk-kubernetes-cluster";
import { CMK_MYSQL_FLEXIBLE_SERVER_ARGS, CmkMysqlFlexibleServerDefaults } from "../../components/cmk-mysql-flexible-server";
import { CMK_POSTGRESQL_FLEXIBLE_SERVER_ARGS, CmkPostgresqlFlexibleServerDefaults, POSTGRESQL_ADMINISTRATOR_ARGS } from "../../components/cmk-postgresql-flexible-server";
import { CMK_SQL_SERVER_ARGS, CmkSqlServerDefaults, SQL_ADMINISTRATOR_ARGS } from "../../components/cmk-sql-server";
import { CMK_MESSAGING_NAMESPACE_ARGS, CmkMessagingNamespaceDefaults } from "../../components/messaging-namespace";
import { CMK_STORAGE_ACCOUNT_ARGS, CmkStorageAccountDefaults, STORAGE_ENCRYPTION_SCOPE_ARGS } from "../../components/cmk-storage-account";
import {
    CLIENT_APPLICATION_ARGS,
    CLIENT_APPLICATION_GRANT_ARGS,
    CLIENT_CERTIFICATE_ARGS,
    CLIENT_CERTIFICATE_SUBJECT_ARGS,
    CLIENT_FEDERATED_CREDENTIAL_ARGS,
    CLIENT_SECRET_ARGS,
    CLIENT_SECRETS_EXPORT_ARGS,
    ClientApplicationDefaults,
} from "../../components/client-application";
import { CUSTOMER_MANAGED_KEY_ARGS } from "../../components/customer-managed-key";
import { ENCRYPTION_KEY_ARGS, EncryptionKeyDefaults } from "../../components/encryption-key";
import { KEY_ACCESS_ARGS, KeyAccessDefaults } from "../../components/key-access";
import { ExistingKeyVaultDefaults } from "../../components/existing-key-vault";
import { KEY_VAULT_ARGS, KeyVaultDefaults } from "../../components/key-vault";
import { KEY_VAULT_EVENT_SUBSCRIPTION_ARGS, KeyVaultEventDefaults } from "../../components/key-vault-events";
import { MANAGED_IDENTITY_ARGS, ManagedIdentityDefaults } from "../../components/managed-identity";
import { PRIVATE_ENDPOINT_ARGS } from "../../components/private-endpoint";
import { ContainerRegistryReplicationDefaults, REGISTRY_REPLICATION_ARGS } from "../../components/registry-replications";

/** Each args field's documented default (`Defaults to \`X\``), read from the component's source. */
function documentedDefaults(file: string, argsInterface: string): Map<string, string> {
    const source = readFileSync(path.join(__dirname, "..", "..", "components", file), "utf8");
    const body = source.slice(source.indexOf(`export interface ${argsInterface} {`));
    const end = body.indexOf("\n}\n");
    const found = new Map<string, string>();
    const field = /\/\*\*([^]*?)\*\/\s*\n\s*(\w+)\??:/g;
    for (const m of body.slice(0, end).matchAll(field)) {
        const value = /Defaults to `([^`]+)`/.exec(m[1])?.[1];
        if (value !== undefined) found.set(m[2], value);
    }
    return found;
}

function literal(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

const components: [string, string, Record<string, unknown>][] = [
    ["key-vault.ts", "KeyVaultArgs", KeyVaultDefaults],
    ["encryption-key.ts", "EncryptionKeyArgs", EncryptionKeyDefaults],
    ["key-access.ts", "KeyAccessArgs", KeyAccessDefaults],
    ["cmk-container-registry.ts", "CmkContainerRegistryArgs", CmkContainerRegistryDefaults],
    ["registry-replications.ts", "ContainerRegistryReplication", ContainerRegistryReplicationDefaults],
    ["cmk-storage-account.ts", "CmkStorageAccountArgs", CmkStorageAccountDefaults],
    ["cmk-disk-encryption-set.ts", "CmkDiskEncryptionSetArgs", CmkDiskEncryptionSetDefaults],
    ["cmk-cosmosdb-account.ts", "CmkCosmosDbAccountArgs", CmkCosmosDbAccountDefaults],
    ["messaging-namespace.ts", "CmkMessagingNamespaceArgs", CmkMessagingNamespaceDefaults],
    ["cmk-sql-server.ts", "CmkSqlServerArgs", CmkSqlServerDefaults],
    ["cmk-postgresql-flexible-server.ts", "CmkPostgresqlFlexibleServerArgs", CmkPostgresqlFlexibleServerDefaults],
    ["cmk-kubernetes-cluster.ts", "CmkKubernetesClusterArgs", CmkKubernetesClusterDefaults],
    ["cmk-mysql-flexible-server.ts", "CmkMysqlFlexibleServerArgs", CmkMysqlFlexibleServerDefaults],
    ["client-application.ts", "ClientApplicationArgs", ClientApplicationDefaults],
    ["existing-key-vault.ts", "ExistingKeyVaultArgs", ExistingKeyVaultDefaults],
    ["managed-identity.ts", "ManagedIdentityArgs", ManagedIdentityDefaults],
];

/** The files whose Defaults hold no scalar, each checked by its own test below. */
const listDefaults = ["key-vault-events.ts"];

test("every exported Defaults object of components/ is checked here, and is `as const`", () => {
    const dir = path.join(__dirname, "..", "..", "components");
    const found = readdirSync(dir).filter((f) => f.endsWith(".ts")).flatMap((file) => {
        const source = readFileSync(path.join(dir, file), "utf8");
        return [...source.matchAll(/^export const (\w+Defaults) = \{\n[^]*?^\}( as const)?;$/gm)].map((m) => ({ file, name: m[1], asConst: m[2] !== undefined }));
    });
    expect(found.length).toBeGreaterThanOrEqual(15);
    const checked = [...components.map(([file]) => file), ...listDefaults];
    expect(found.filter((d) => !checked.includes(d.file)).map((d) => d.name)).toEqual([]);
    expect(found.filter((d) => !d.asConst).map((d) => d.name)).toEqual([]);
});

// "Defaults to a key's new version, near expiry and expiry, and ...": the prose a reader scans, written from the events.
test("documents the default event types a vault subscribes to as KeyVaultEventDefaults holds them", () => {
    const happening: Record<string, string> = { NewVersionCreated: "new version", NearExpiry: "near expiry", Expired: "expiry" };
    const byObject = new Map<string, string[]>();
    for (const type of KeyVaultEventDefaults.eventTypes) {
        const [, object, event] = /^Microsoft\.KeyVault\.(Key|Secret|Certificate|Vault)(\w+)$/.exec(type) ?? [];
        byObject.set(object, [...(byObject.get(object) ?? []), happening[event]]);
    }
    const list = (items: string[]) => (items.length > 1 ? `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}` : items[0]);
    const phrases = [...byObject].map(([object, events]) => `a ${object.toLowerCase()}'s ${list(events)}`);
    const source = readFileSync(path.join(__dirname, "..", "..", "components", "key-vault-events.ts"), "utf8");
    const doc = /\/\*\* Optional\. (Defaults to [^(]*?) \([^)]*\)\. \*\/\n\s*eventTypes\?:/.exec(source)?.[1];
    expect(doc).toBe(`Defaults to ${phrases.join(", and ")}`);
});

describe.each(components)("%s", (file, argsInterface, defaults) => {
    test("documents every scalar default with the value its Defaults object holds", () => {
        const documented = documentedDefaults(file, argsInterface);
        const scalars = Object.entries(defaults).filter(([k, v]) => typeof v !== "object" && documented.has(k));
        expect(scalars.length).toBeGreaterThan(0);
        for (const [k, v] of scalars) {
            expect({ field: k, documented: documented.get(k) }).toEqual({ field: k, documented: literal(v) });
        }
    });

    test("documents every args field as Required, Optional or Conditional", () => {
        const source = readFileSync(path.join(__dirname, "..", "..", "components", file), "utf8");
        const body = source.slice(source.indexOf(`export interface ${argsInterface} {`));
        const docs = [...body.slice(0, body.indexOf("\n}\n")).matchAll(/\/\*\*\s*([^]*?)\*\/\s*\n\s*(\w+)\??:/g)];
        expect(docs.length).toBeGreaterThan(0);
        for (const [, doc, name] of docs) {
            // A doc comment over several lines has a `*` at the start of each.
            const text = doc.replace(/^\s*\*\s?/gm, "").trim();
            expect({ name, kind: /^(Required|Optional|Conditional)\./.exec(text)?.[1] }).toEqual({ name, kind: expect.any(String) });
        }
    });
});

/** The fields an interface declares, read from its source: what a TypeScript caller may write. */
function interfaceFields(file: string, name: string): string[] {
    const source = readFileSync(path.join(__dirname, "..", "..", "components", file), "utf8");
    const body = source.slice(source.indexOf(`export interface ${name} {`));
    return [...body.slice(0, body.indexOf("\n}\n")).matchAll(/^ {4}(?:readonly )?(\w+)\??:/gm)].map((m) => m[1]);
}

// The lists of arguments each component reads (and refuses others by) are typed against the
// interfaces; this catches a list that the type check alone would not, such as one cast.
describe.each([
    ["key-vault.ts", "KeyVaultArgs", KEY_VAULT_ARGS],
    ["encryption-key.ts", "EncryptionKeyArgs", ENCRYPTION_KEY_ARGS],
    ["key-access.ts", "KeyAccessArgs", KEY_ACCESS_ARGS],
    ["managed-identity.ts", "ManagedIdentityArgs", MANAGED_IDENTITY_ARGS],
    ["types.ts", "CustomerManagedKey", CUSTOMER_MANAGED_KEY_ARGS],
    ["cmk-container-registry.ts", "CmkContainerRegistryArgs", CMK_CONTAINER_REGISTRY_ARGS],
    ["registry-replications.ts", "ContainerRegistryReplication", REGISTRY_REPLICATION_ARGS],
    ["cmk-storage-account.ts", "CmkStorageAccountArgs", CMK_STORAGE_ACCOUNT_ARGS],
    ["cmk-storage-account.ts", "StorageEncryptionScope", STORAGE_ENCRYPTION_SCOPE_ARGS],
    ["cmk-disk-encryption-set.ts", "CmkDiskEncryptionSetArgs", CMK_DISK_ENCRYPTION_SET_ARGS],
    ["cmk-cosmosdb-account.ts", "CmkCosmosDbAccountArgs", CMK_COSMOSDB_ACCOUNT_ARGS],
    ["messaging-namespace.ts", "CmkMessagingNamespaceArgs", CMK_MESSAGING_NAMESPACE_ARGS],
    ["cmk-sql-server.ts", "CmkSqlServerArgs", CMK_SQL_SERVER_ARGS],
    ["cmk-sql-server.ts", "SqlServerAdministrator", SQL_ADMINISTRATOR_ARGS],
    ["cmk-postgresql-flexible-server.ts", "CmkPostgresqlFlexibleServerArgs", CMK_POSTGRESQL_FLEXIBLE_SERVER_ARGS],
    ["cmk-postgresql-flexible-server.ts", "PostgresqlAdministrator", POSTGRESQL_ADMINISTRATOR_ARGS],
    ["cmk-mysql-flexible-server.ts", "CmkMysqlFlexibleServerArgs", CMK_MYSQL_FLEXIBLE_SERVER_ARGS],
    ["cmk-kubernetes-cluster.ts", "CmkKubernetesClusterArgs", CMK_KUBERNETES_CLUSTER_ARGS],
    ["cmk-kubernetes-cluster.ts", "KubernetesNetworkProfile", NETWORK_PROFILE_ARGS],
    ["cmk-kubernetes-cluster.ts", "SystemNodePool", SYSTEM_NODE_POOL_ARGS],
    ["client-application.ts", "ClientApplicationArgs", CLIENT_APPLICATION_ARGS],
    ["client-credentials.ts", "ClientCertificate", CLIENT_CERTIFICATE_ARGS],
    ["client-credentials.ts", "ClientCertificateSubject", CLIENT_CERTIFICATE_SUBJECT_ARGS],
    ["client-credentials.ts", "ClientSecret", CLIENT_SECRET_ARGS],
    ["client-credentials.ts", "ClientFederatedCredential", CLIENT_FEDERATED_CREDENTIAL_ARGS],
    ["client-application.ts", "ClientApplicationGrant", CLIENT_APPLICATION_GRANT_ARGS],
    ["client-secrets-export.ts", "ClientSecretsExportConfiguration", CLIENT_SECRETS_EXPORT_ARGS],
    ["key-vault-events.ts", "KeyVaultEventSubscription", KEY_VAULT_EVENT_SUBSCRIPTION_ARGS],
    ["private-endpoint.ts", "PrivateEndpoint", PRIVATE_ENDPOINT_ARGS],
] as [string, string, object][])("%s %s", (file, name, spec) => {
    test("the arguments the component reads are the interface's fields, no more and no fewer", () => {
        const fields = interfaceFields(file, name);
        expect(fields.length).toBeGreaterThan(2);
        expect(Object.keys(spec).sort()).toEqual([...fields].sort());
    });
});
