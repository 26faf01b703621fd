import * as pulumi from "@pulumi/pulumi";
import { accessPolicyIssues, accessPolicyShapeIssues, keyPermissionAsAzureNames } from "../../components/key-vault-access-policies";
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
