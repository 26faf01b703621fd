import * as pulumi from "@pulumi/pulumi";
import { accessPolicyIssues, accessPolicyResourceName, accessPolicyShapeIssues, earlierAccessPolicyResourceNames, keyPermissionAsAzureNames, principalGrantKey } from "../../components/key-vault-access-policies";
import { KeyVaultAccessPolicy } from "../../components/key-vault";

const principal = "0b8a5c3e-6f61-4a43-9d8b-3f1d0c2e7a11";
const vaultTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";

describe("keyPermissionAsAzureNames", () => {
    test("gives Azure's spelling of a permission written in another case, as Terraform and the portal write it", () => {
        expect(["WrapKey", "UNWRAPKEY", "get", "GetRotationPolicy"].map(keyPermissionAsAzureNames)).toEqual(["wrapKey", "unwrapKey", "get", "getrotationpolicy"]);
    });

    test("leaves text that is no permission as written, for validation to name", () => {
        expect(keyPermissionAsAzureNames("wrap-key")).toBe("wrap-key");
    });
});

describe("accessPolicyShapeIssues", () => {
    test("asks for the permissions by this component's name when given in Azure's shape", () => {
        expect(accessPolicyShapeIssues([{ objectId: principal, permissions: { keys: ["get"] } }])).toEqual([
            { field: "accessPolicies[0].permissions", message: "is not an argument here; did you mean \"keyPermissions\"?" },
            { field: "accessPolicies[0].keyPermissions", message: "is required: a list of key permissions, such as [\"get\", \"wrapKey\", \"unwrapKey\"] (what Azure writes as permissions: { keys })" },
        ]);
    });

    test("refuses a name that is not text", () => {
        expect(accessPolicyShapeIssues([{ name: 7, objectId: principal, keyPermissions: ["get"] }])).toEqual([
            { field: "accessPolicies[0].name", message: "is a number (7), not a string" },
        ]);
    });

    test("takes no list, and a list of well-formed entries, without a word", () => {
        expect(accessPolicyShapeIssues(undefined)).toEqual([]);
        expect(accessPolicyShapeIssues([{ objectId: pulumi.output(principal), keyPermissions: ["get"] }])).toEqual([]);
    });
});

describe("accessPolicyIssues", () => {
    const policy = (extra: Partial<KeyVaultAccessPolicy> = {}): KeyVaultAccessPolicy => ({ objectId: principal, keyPermissions: ["get", "wrapKey", "unwrapKey"], ...extra });

    test("leaves policies of distinct principals in the vault's tenant, with named permissions, alone", () => {
        expect(accessPolicyIssues([policy({ tenantId: vaultTenant.toUpperCase() }), policy({ objectId: "1b8a5c3e-6f61-4a43-9d8b-3f1d0c2e7a11" })], vaultTenant)).toEqual([]);
        expect(accessPolicyIssues(undefined, vaultTenant)).toEqual([]);
    });

    test("names a principal given twice, in any case, at the entry that repeats it", () => {
        expect(accessPolicyIssues([policy(), policy({ objectId: principal.toUpperCase() })], undefined)).toEqual([
            { field: "accessPolicies[1].objectId", message: "repeats accessPolicies[0]: a vault keeps one access policy per principal; give its permissions in one entry" },
        ]);
    });

    test("refuses a policy in another tenant than the vault's, and compares none when the vault's is not known now", () => {
        const other = "11111111-2222-3333-4444-555555555555";
        expect(accessPolicyIssues([policy({ tenantId: other })], vaultTenant)).toEqual([
            { field: "accessPolicies[0].tenantId", message: `is ${other}, but the vault's tenantId is ${vaultTenant}: a vault authenticates callers in its own tenant only; leave tenantId out to take the vault's` },
        ]);
        expect(accessPolicyIssues([policy({ tenantId: other })], undefined)).toEqual([]);
        expect(accessPolicyIssues([policy({ tenantId: other })], "contoso.onmicrosoft.com")).toEqual([]);
        expect(accessPolicyIssues([policy({ tenantId: pulumi.output(other) })], vaultTenant)).toEqual([]);
    });

    test("refuses a tenant or principal that is not a GUID", () => {
        expect(accessPolicyIssues([policy({ tenantId: "contoso", objectId: "backup-vendor" })], vaultTenant)).toEqual([
            { field: "accessPolicies[0].tenantId", message: "\"contoso\" is not a GUID; give the directory's tenant id, or leave it out to take the vault's" },
            { field: "accessPolicies[0].objectId", message: "\"backup-vendor\" is not a GUID" },
        ]);
    });

    test("refuses no permissions, all, and a permission Key Vault does not have, listing the ones it has", () => {
        expect(accessPolicyIssues([policy({ keyPermissions: [] })], undefined)).toEqual([
            { field: "accessPolicies[0].keyPermissions", message: "is empty; name the key permissions the principal needs" },
        ]);
        const [all, unknown] = accessPolicyIssues([policy({ keyPermissions: ["get", "all", "WrapKey" as never] })], undefined);
        expect(all).toEqual({ field: "accessPolicies[0].keyPermissions[1]", message: "\"all\" grants every key permission including purge; list the permissions the principal needs" });
        expect(unknown.field).toBe("accessPolicies[0].keyPermissions[2]");
        expect(unknown.message).toMatch(/^"WrapKey" is not a key permission; use encrypt, decrypt, wrapKey, unwrapKey, sign, verify, get, list, create, update, import, delete, backup, restore, recover, purge, release, rotate, getrotationpolicy, setrotationpolicy$/);
    });
});

describe("access policies whose principal is unknown until deploy", () => {
    const other = "1b8a5c3e-6f61-4a43-9d8b-3f1d0c2e7a11";
    const policy = (extra: Partial<KeyVaultAccessPolicy> = {}): KeyVaultAccessPolicy => ({ objectId: pulumi.output(principal), keyPermissions: ["get", "wrapKey", "unwrapKey"], ...extra });

    test("asks for a name for an Output or Promise principal, saying that its place in the list would name it", () => {
        const message = "is required while objectId is unknown until deploy (an Output, such as a group's objectId): without a name the entry is known only by its place in the list, so reordering or removing entries would move its access policy to another name: Azure refuses the new one while the principal has an entry, and deleting the old one removes the principal's key access; give it a name (to keep what was made while the objectId was text, name it by that objectId in lower case)";
        expect(accessPolicyIssues([policy({ objectId: other }), policy(), policy({ objectId: Promise.resolve(other) })], undefined)).toEqual([
            { field: "accessPolicies[1].name", message },
            { field: "accessPolicies[2].name", message },
        ]);
    });

    test("takes an Output principal with a name, and a principal given as text with or without one", () => {
        expect(accessPolicyIssues([policy({ name: "backup-operators" }), policy({ objectId: other }), policy({ objectId: "2b8a5c3e-6f61-4a43-9d8b-3f1d0c2e7a11", name: "Vendor-2" })], undefined)).toEqual([]);
    });

    test("refuses a name of other characters, of more than 64, or of digits alone, which reads as a place in the list", () => {
        expect(accessPolicyIssues([policy({ name: "ops team" }), policy({ name: "o".repeat(65) }), policy({ name: "1" }), policy({ name: "" })], undefined)).toEqual([
            { field: "accessPolicies[0].name", message: "\"ops team\" (8 characters) is not a name here: 1–64 letters, digits and hyphens, not digits alone (which reads as a place in the list)" },
            { field: "accessPolicies[1].name", message: `"${"o".repeat(40)}…" (65 characters) is not a name here: 1–64 letters, digits and hyphens, not digits alone (which reads as a place in the list)` },
            { field: "accessPolicies[2].name", message: "\"1\" (1 character) is not a name here: 1–64 letters, digits and hyphens, not digits alone (which reads as a place in the list)" },
            { field: "accessPolicies[3].name", message: "\"\" (0 characters) is not a name here: 1–64 letters, digits and hyphens, not digits alone (which reads as a place in the list)" },
        ]);
    });

    test("refuses a name another entry has, in any case, at the entry that repeats it", () => {
        expect(accessPolicyIssues([policy({ name: "backup" }), policy({ objectId: pulumi.output(other), name: "Backup" })], undefined)).toEqual([
            { field: "accessPolicies[1].name", message: "\"Backup\" already names accessPolicies[0]; each entry needs a name of its own, in any case" },
        ]);
    });

    test("refuses a name that is another entry's object id, which that entry is or was known by, and takes an entry's own", () => {
        expect(accessPolicyIssues([policy({ name: other.toUpperCase() }), policy({ objectId: other, name: "vendor" })], undefined)).toEqual([
            { field: "accessPolicies[0].name", message: `"${other.toUpperCase()}" is the objectId of accessPolicies[1], which that entry is or was known by; choose another name` },
        ]);
        expect(accessPolicyIssues([policy({ objectId: other, name: other })], undefined)).toEqual([]);
    });
});

describe("an access policy's resource name", () => {
    test("is its name, else its object id in lower case, and nothing while neither is known now", () => {
        expect(principalGrantKey({ name: "backup", principal: principal.toUpperCase() })).toBe("backup");
        expect(principalGrantKey({ principal: principal.toUpperCase() })).toBe(principal);
        expect(principalGrantKey({ principal: pulumi.output(principal) })).toBeUndefined();
        expect(accessPolicyResourceName("kv", "backup")).toBe("kv-access-policy-backup");
    });

    test("was its object id's before it had a name, and its place in the list while its object id was an Output", () => {
        const keys: KeyVaultAccessPolicy["keyPermissions"] = ["get"];
        expect(earlierAccessPolicyResourceNames("kv", { objectId: principal.toUpperCase(), name: "backup", keyPermissions: keys }, 3)).toEqual([`kv-access-policy-${principal}`]);
        expect(earlierAccessPolicyResourceNames("kv", { objectId: principal, keyPermissions: keys }, 3)).toEqual([]);
        expect(earlierAccessPolicyResourceNames("kv", { objectId: principal, name: principal, keyPermissions: keys }, 3)).toEqual([]);
        expect(earlierAccessPolicyResourceNames("kv", { objectId: pulumi.output(principal), name: "backup", keyPermissions: keys }, 3)).toEqual(["kv-access-policy-3"]);
    });
});
