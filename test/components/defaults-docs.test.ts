import { readFileSync } from "node:fs";
import * as path from "node:path";
import { CmkContainerRegistryDefaults } from "../../components/cmk-container-registry";
import { CmkCosmosDbAccountDefaults } from "../../components/cmk-cosmosdb-account";
import { CmkDiskEncryptionSetDefaults } from "../../components/cmk-disk-encryption-set";
import { CmkKubernetesClusterDefaults } from "../../components/cmk-kubernetes-cluster";
import { CmkPostgresqlFlexibleServerDefaults } from "../../components/cmk-postgresql-flexible-server";
import { CmkSqlServerDefaults } from "../../components/cmk-sql-server";
import { CmkMessagingNamespaceDefaults } from "../../components/messaging-namespace";
import { CmkStorageAccountDefaults } from "../../components/cmk-storage-account";
import { CUSTOMER_MANAGED_KEY_ARGS } from "../../components/customer-managed-key";
import { ENCRYPTION_KEY_ARGS, EncryptionKeyDefaults } from "../../components/encryption-key";
import { KEY_ACCESS_ARGS, KeyAccessDefaults } from "../../components/key-access";
import { KEY_VAULT_ARGS, KeyVaultDefaults } from "../../components/key-vault";
import { MANAGED_IDENTITY_ARGS } from "../../components/managed-identity";

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
    ["cmk-storage-account.ts", "CmkStorageAccountArgs", CmkStorageAccountDefaults],
    ["cmk-disk-encryption-set.ts", "CmkDiskEncryptionSetArgs", CmkDiskEncryptionSetDefaults],
    ["cmk-cosmosdb-account.ts", "CmkCosmosDbAccountArgs", CmkCosmosDbAccountDefaults],
    ["messaging-namespace.ts", "CmkMessagingNamespaceArgs", CmkMessagingNamespaceDefaults],
    ["cmk-sql-server.ts", "CmkSqlServerArgs", CmkSqlServerDefaults],
    ["cmk-postgresql-flexible-server.ts", "CmkPostgresqlFlexibleServerArgs", CmkPostgresqlFlexibleServerDefaults],
    ["cmk-kubernetes-cluster.ts", "CmkKubernetesClusterArgs", CmkKubernetesClusterDefaults],
];

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
] as [string, string, object][])("%s %s", (file, name, spec) => {
    test("the arguments the component reads are the interface's fields, no more and no fewer", () => {
        const fields = interfaceFields(file, name);
        expect(fields.length).toBeGreaterThan(2);
        expect(Object.keys(spec).sort()).toEqual([...fields].sort());
    });
});
