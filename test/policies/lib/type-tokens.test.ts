import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import { rules } from "../../../policies/rules";
import { canonicalType, judgeVersionedTypesAsCanonical } from "../../../policies/lib/type-tokens";

test("a versioned azure-native type token is its resource's canonical one", () => {
    expect(canonicalType("azure-native:keyvault/v20230701:Vault")).toBe("azure-native:keyvault:Vault");
    expect(canonicalType("azure-native:keyvault/v20240401preview:Key")).toBe("azure-native:keyvault:Key");
    expect(canonicalType("azure-native:containerservice/v20250102privatepreview:ManagedCluster")).toBe("azure-native:containerservice:ManagedCluster");
    // An earlier major's name for a resource is v3's.
    expect(canonicalType("azure-native:insights/v20210501preview:DiagnosticSetting")).toBe("azure-native:monitor:DiagnosticSetting");
    // The 2017 database APIs are the retired single servers', not the flexible servers the rules read.
    expect(canonicalType("azure-native:dbforpostgresql/v20171201:Server")).toBe("azure-native:dbforpostgresql:SingleServer");
    expect(canonicalType("azure-native:dbformysql/v20180601privatepreview:Server")).toBe("azure-native:dbformysql:SingleServer");
    expect(canonicalType("azure-native:dbforpostgresql/v20221201:Server")).toBe("azure-native:dbforpostgresql:Server");
});

test("azure-native v1's latest modules and every version spelling azure-native has used are judged as the plain type", () => {
    expect(canonicalType("azure-native:storage/latest:StorageAccount")).toBe("azure-native:storage:StorageAccount");
    expect(canonicalType("azure-native:keyvault/latest:Vault")).toBe("azure-native:keyvault:Vault");
    expect(canonicalType("azure-native:documentdb/latest:DatabaseAccount")).toBe("azure-native:cosmosdb:DatabaseAccount");
    expect(canonicalType("azure-native:storage/v20150501preview:StorageAccount")).toBe("azure-native:storage:StorageAccount");
    expect(canonicalType("azure-native:compute/v20230402beta:Disk")).toBe("azure-native:compute:Disk");
    // v1's latest Server was its default API, the single server's 2017-12-01.
    expect(canonicalType("azure-native:dbforpostgresql/latest:Server")).toBe("azure-native:dbforpostgresql:SingleServer");
    expect(canonicalType("azure-native:dbformysql/latest:Server")).toBe("azure-native:dbformysql:SingleServer");
    // A module named like a version's word is left alone.
    expect(canonicalType("azure-native:storage/latestish:StorageAccount")).toBe("azure-native:storage/latestish:StorageAccount");
    // Canonical tokens and other packages are left as they are.
    for (const type of ["azure-native:keyvault:Vault", "azuread:index/application:Application", "time:index/sleep:Sleep", "azure:keyvault/keyVault:KeyVault"]) {
        expect(canonicalType(type)).toBe(type);
    }
});

test("the analyzer's request types read canonical once patched, and patching twice wraps once", () => {
    class Request {
        reads = 0;
        constructor(private readonly type: string) {}
        getType(): string {
            this.reads++;
            return this.type;
        }
    }
    judgeVersionedTypesAsCanonical([Request]);
    judgeVersionedTypesAsCanonical([Request]);
    const request = new Request("azure-native:storage/v20230501:StorageAccount");
    expect(request.getType()).toBe("azure-native:storage:StorageAccount");
    expect(request.reads).toBe(1);
});

test("every token azure-native lists as an alias of a type a rule reads is judged as that type", () => {
    const sdk = path.dirname(require.resolve("@pulumi/azure-native/package.json"));
    const types = new Set(rules.flatMap((r) => r.metadata.resourceTypes).filter((t) => t.startsWith("azure-native:")));
    let checked = 0;
    for (const type of types) {
        const [, module, name] = type.split(":");
        const file = readdirSync(path.join(sdk, module)).find((f) => f.toLowerCase() === `${name.toLowerCase()}.js`);
        expect([type, file]).toEqual([type, expect.any(String)]);
        const source = readFileSync(path.join(sdk, module, file as string), "utf8");
        // v2 programs send the v2 module's name (documentdb for cosmosdb), with or without an API version.
        for (const [, alias] of source.matchAll(/\{ type: "(azure-native:[^"]+)" \}/g)) {
            // The retired single servers' APIs stay apart: their shape is not the flexible servers'.
            const expected = /:(dbforpostgresql|dbformysql)\/v(2017|20180601privatepreview)/.test(alias) ? type.replace(/:Server$/, ":SingleServer") : type;
            expect([alias, canonicalType(alias)]).toEqual([alias, expected]);
            checked++;
        }
    }
    expect(checked).toBeGreaterThan(100);
    expect(canonicalType("azure-native:documentdb:DatabaseAccount")).toBe("azure-native:cosmosdb:DatabaseAccount");
});
