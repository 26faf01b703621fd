import * as pulumi from "@pulumi/pulumi";
import { localGrantCommand, managedHsmKeyIn, managedHsmKeyOf, managedHsmPoolOfVault } from "../../components/managed-hsm-key";
import { KeyReference, VaultReference } from "../../components/types";
import { keyReference, PRINCIPAL_ID, vaultReference } from "../support/references";

const poolId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hsm/providers/Microsoft.KeyVault/managedHSMs/contoso-hsm";
/** A pool described by hand as a VaultReference, which has no kind: it passes for a premium vault. */
const pool: VaultReference = vaultReference({ id: poolId, vaultName: "contoso-hsm", vaultUri: "https://contoso-hsm.managedhsm.azure.net/" });

describe("managedHsmKeyIn", () => {
    test("finds the pool and key in a pool key's URI or resource id, and the pool alone in the pool's", () => {
        expect(managedHsmKeyIn("https://contoso-hsm.managedhsm.azure.cn/keys/cmk/0123456789abcdef0123456789abcdef")).toEqual({ pool: "contoso-hsm", keyName: "cmk" });
        expect(managedHsmKeyIn(`${poolId}/keys/cmk`)).toEqual({ pool: "contoso-hsm", keyName: "cmk" });
        expect(managedHsmKeyIn(poolId)).toEqual({ pool: "contoso-hsm" });
    });

    test("finds nothing in a vault's key, or in a value known only at deploy", () => {
        expect(managedHsmKeyIn("https://kv-cmk.vault.azure.net/keys/cmk")).toBeUndefined();
        expect(managedHsmKeyIn(pulumi.output(`${poolId}/keys/cmk`))).toBeUndefined();
        expect(managedHsmKeyIn(undefined)).toBeUndefined();
    });
});

describe("managedHsmKeyOf", () => {
    test("finds a pool key from its URIs, its id or its vault's, whichever is plain", () => {
        const hsmKey = keyReference({}, pool);
        expect(String(hsmKey.keyUri)).toBe("https://contoso-hsm.managedhsm.azure.net/keys/cmk");
        expect(managedHsmKeyOf(hsmKey)).toEqual({ pool: "contoso-hsm", keyName: "cmk" });
        const unknown = pulumi.output("unknown");
        // Only the vault's URI is plain: the pool is still found, and the key is named as given.
        const vaultUriOnly: KeyReference = { ...hsmKey, id: unknown, keyUri: unknown, keyUriWithVersion: unknown, keyName: "tde", keyVault: { ...pool, id: unknown } };
        expect(managedHsmKeyOf(vaultUriOnly)).toEqual({ pool: "contoso-hsm", keyName: "tde" });
        // A pool key URI on a reference whose vault fields say vault: the key's URI decides.
        expect(managedHsmKeyOf({ ...keyReference(), keyUri: "https://contoso-hsm.managedhsm.azure.net/keys/cmk", keyName: unknown })).toEqual({ pool: "contoso-hsm", keyName: "cmk" });
    });

    test("finds none for a vault's key", () => {
        expect(managedHsmKeyOf(keyReference())).toBeUndefined();
        expect(managedHsmPoolOfVault(vaultReference())).toBeUndefined();
        expect(managedHsmPoolOfVault(pool)).toBe("contoso-hsm");
    });
});

describe("localGrantCommand", () => {
    test("is the az command Microsoft's Managed HSM guides give for a grant on one key", () => {
        expect(localGrantCommand({ pool: "contoso-hsm", keyName: "cmk" }, "Managed HSM Crypto Service Encryption User", PRINCIPAL_ID)).toBe(
            `az keyvault role assignment create --hsm-name contoso-hsm --role "Managed HSM Crypto Service Encryption User" --assignee-object-id ${PRINCIPAL_ID} --scope /keys/cmk`,
        );
    });
});
