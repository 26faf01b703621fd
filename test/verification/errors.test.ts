import { ForbiddenError, KeyNotFoundError, NotAKeyExchangeKeyError, roleFor } from "../../verification/errors";

const objectId = "00000000-0000-0000-0000-000000000001";
const identity = `service principal x (object id ${objectId})`;

function refusedByPool(operation: string): ForbiddenError {
    return new ForbiddenError(
        { vault: "hsm-main.managedhsm.azure.net", keyId: "https://hsm-main.managedhsm.azure.net/keys/cmk", operation, identity },
        "denied by the managed HSM's local RBAC",
    );
}

describe("roleFor on a Managed HSM names the least local role holding the data action, as Microsoft's table of permitted operations gives them", () => {
    test.each([
        ["import", "Managed HSM Crypto User"],
        ["getrotationpolicy", "Managed HSM Crypto User"],
        ["backup", "Managed HSM Backup (or Managed HSM Crypto User)"],
        ["wrapKey", "Managed HSM Crypto Service Encryption User (or Managed HSM Crypto User)"],
        ["get", "Managed HSM Crypto User (or Managed HSM Crypto Service Encryption User)"],
        ["encrypt", "Managed HSM Crypto User"],
        ["sign", "Managed HSM Crypto User"],
    ])("%s: %s", (operation, role) => {
        expect(roleFor(operation, true)).toBe(role);
    });

    test("never the Crypto Officer, which holds no key read, create, import, backup or cryptographic action", () => {
        for (const operation of ["get", "list", "import", "backup", "getrotationpolicy", "wrapKey", "unwrapKey", "encrypt", "decrypt", "sign", "verify"]) {
            expect([operation, roleFor(operation, true)]).toEqual([operation, expect.not.stringContaining("Officer")]);
        }
    });
});

test("roleFor on a vault keeps Azure RBAC's Key Vault roles", () => {
    expect(["import", "getrotationpolicy", "backup", "wrapKey", "get", "encrypt"].map((op) => roleFor(op))).toEqual([
        "Key Vault Crypto Officer",
        "Key Vault Reader (or Key Vault Crypto Officer)",
        "Key Vault Crypto User (or Key Vault Crypto Officer)",
        "Key Vault Crypto Service Encryption User (or Key Vault Crypto User)",
        "Key Vault Crypto User (or Key Vault Reader for metadata only)",
        "Key Vault Crypto User",
    ]);
});

describe("a pool's refusal gives the az command that assigns that role at the key's scope", () => {
    test.each([
        ["getrotationpolicy", "Managed HSM Crypto User"],
        ["import", "Managed HSM Crypto User"],
        ["backup", "Managed HSM Backup"],
    ])("%s: --role %s", (operation, role) => {
        const suggestion = refusedByPool(operation).suggestion;
        expect(suggestion).toContain(`(az keyvault role assignment create --hsm-name hsm-main --role "${role}" --scope /keys/cmk --assignee-object-id ${objectId});`);
        expect(suggestion).not.toContain("Officer");
    });
});

describe("a key that is not a key exchange key is told where to make one", () => {
    const problems = ["is RSA, not RSA-HSM"];

    test("in a Managed HSM: in the pool itself with --hsm-name, as its Crypto User, not in a premium vault", () => {
        const error = new NotAKeyExchangeKeyError({ keyId: "https://hsm-main.managedhsm.azure.net/keys/kek", vault: "hsm-main.managedhsm.azure.net", operation: "get" }, problems);
        expect(error.suggestion).toBe(
            "Create the KEK in the Managed HSM the key will be imported into, as its Crypto User does with az keyvault key create --hsm-name hsm-main --name <kek name> --kty RSA-HSM --size 4096 --ops import, and give the vendor's BYOK tool that key's public key.",
        );
    });

    test("in a vault: in the premium vault, as the stack's keyExchange purpose makes it", () => {
        const error = new NotAKeyExchangeKeyError({ keyId: "https://kv-main.vault.azure.net/keys/kek", vault: "kv-main.vault.azure.net", operation: "get" }, problems);
        expect(error.suggestion).toBe(
            "Create the KEK in the premium vault the key will be imported into, as az keyvault key create --kty RSA-HSM --size 4096 --ops import does (purpose keyExchange in the stack), and give the vendor's BYOK tool that key's public key.",
        );
    });
});

describe("a key not found is told how its vault recovers a deleted key, and by whom", () => {
    const inPool = { keyId: "https://hsm-main.managedhsm.azure.net/keys/cmk", vault: "hsm-main.managedhsm.azure.net", operation: "get" };
    const inVault = { keyId: "https://kv-main.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef", vault: "kv-main.vault.azure.net", operation: "get" };

    test("in a Managed HSM: recover with --hsm-name, as its Crypto Officer, the only local role that may", () => {
        const error = new KeyNotFoundError(inPool);
        expect(error.message).toBe("Key not found: https://hsm-main.managedhsm.azure.net/keys/cmk does not exist in hsm-main.managedhsm.azure.net.");
        expect(error.suggestion).toBe(
            "Check the key name and version against `pulumi stack output`; a deleted key can be recovered while soft-deleted (az keyvault key recover --hsm-name hsm-main --name cmk), by a Managed HSM Crypto Officer: only that local role holds keys/deletedKeys/read/action and keys/deletedKeys/recover/action, so only it sees the deleted key (az keyvault key list-deleted --hsm-name hsm-main).",
        );
    });

    test("in a vault: recover with --vault-name", () => {
        expect(new KeyNotFoundError(inVault).suggestion).toBe(
            "Check the key name and version against `pulumi stack output`; a deleted key can be recovered while soft-deleted (az keyvault key recover --vault-name kv-main --name cmk).",
        );
    });

    test("a key seen among the deleted keys is said to be soft-deleted, with the date it is purged", () => {
        const deleted = { deletedOn: new Date("2030-06-01T00:00:00Z"), scheduledPurgeDate: new Date("2030-08-30T00:00:00Z") };
        const pool = new KeyNotFoundError(inPool, deleted);
        expect(pool.code).toBe("KeyNotFound");
        expect(pool.message).toBe("Key not found: https://hsm-main.managedhsm.azure.net/keys/cmk is soft-deleted in hsm-main.managedhsm.azure.net (deleted 2030-06-01T00:00:00.000Z) and is purged for good on 2030-08-30T00:00:00.000Z.");
        expect(pool.suggestion).toBe(
            "Recover it before 2030-08-30T00:00:00.000Z (az keyvault key recover --hsm-name hsm-main --name cmk), as a Managed HSM Crypto Officer: only that local role holds keys/deletedKeys/recover/action. It comes back with every version under the same key id.",
        );
        expect(new KeyNotFoundError(inVault, {}).message).toBe("Key not found: https://kv-main.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef is soft-deleted in kv-main.vault.azure.net.");
        expect(new KeyNotFoundError(inVault, {}).suggestion).toBe("Recover it (az keyvault key recover --vault-name kv-main --name cmk). It comes back with every version under the same key id.");
    });
});
