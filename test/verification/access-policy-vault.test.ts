import * as crypto from "node:crypto";
import { isRestError } from "@azure/core-rest-pipeline";
import { ClientSecretCredential } from "@azure/identity";
import { KeyClient } from "@azure/keyvault-keys";
import { startFixture, stopFixture, type Fixture } from "./fixture";

/**
 * verify and import-key against a vault on access policies (enableRbacAuthorization false): each
 * operation needs its key permission, role assignments count for nothing, and a refusal is the
 * vault's 403 Forbidden with inner AccessDenied, which no wait lifts.
 */
let fx: Fixture;

beforeAll(async () => {
    fx = await startFixture("kv-policies");
    fx.vault.enableRbacAuthorization = false;
});

afterAll(async () => {
    await stopFixture(fx);
});

/** A fresh application granted these key permissions in the vault's access policies, and a credential for it. */
function grantee(name: string, keyPermissions: readonly string[]) {
    const app = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: name, secret: `${name}-secret` });
    fx.vault.setAccessPolicy(app.objectId, keyPermissions);
    return { app, credential: new ClientSecretCredential(fx.tenantId, app.clientId, `${name}-secret`, { retryOptions: { maxRetries: 0 } }) };
}

describe("the stand-in's access-policy vault", () => {
    test("refuses a caller with no policy as Key Vault does, 403 Forbidden with inner AccessDenied naming caller, permission and vault, whatever roles it holds", async () => {
        const { app, credential } = grantee("no-policy", []);
        fx.vault.removeAccessPolicy(app.objectId);
        // Key Vault Crypto Officer would allow everything on an RBAC vault: here it reaches no key.
        fx.vault.assignRole(app.objectId, "Key Vault Crypto Officer");
        const error: unknown = await new KeyClient(fx.vault.url, credential).getKey("backup-key").catch((e: unknown) => e);
        expect(isRestError(error)).toBe(true);
        if (!isRestError(error)) return;
        expect(error.statusCode).toBe(403);
        expect(error.code).toBe("Forbidden");
        // The SDK's deserializer hands the body's innererror on as innerError.
        expect(error.details).toMatchObject({
            error: {
                code: "Forbidden",
                message: `The user, group or application 'appid=${app.clientId};oid=${app.objectId};iss=https://sts.windows.net/${fx.tenantId}/' does not have keys get permission on key vault 'kv-policies;location=westeurope'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`,
                innerError: { code: "AccessDenied" },
            },
        });
        expect(fx.standIn.log.at(-1)).toMatchObject({ operation: "get", status: 403, errorCode: "AccessDenied", principalId: app.objectId });
    });

    test("takes permissions in any case, as ARM stores them, and refuses one ARM does not know, naming it", async () => {
        const { app, credential } = grantee("any-case", ["GET", "WrapKey", "UNWRAPKEY"]);
        const key = await new KeyClient(fx.vault.url, credential).getKey("backup-key");
        expect(key.name).toBe("backup-key");
        expect(() => fx.vault.setAccessPolicy(app.objectId, ["get", "wrap"])).toThrow(/keyPermissions: "wrap" is not a key permission/);
    });

    test("a compound identity's entry (object id with an application id) grants only through that application", async () => {
        const { app, credential } = grantee("compound", []);
        fx.vault.removeAccessPolicy(app.objectId);
        fx.vault.setAccessPolicy(app.objectId, ["get"], { applicationId: crypto.randomUUID() });
        await expect(new KeyClient(fx.vault.url, credential).getKey("backup-key")).rejects.toMatchObject({ statusCode: 403 });
        fx.vault.setAccessPolicy(app.objectId, ["get"], { applicationId: app.clientId });
        await expect(new KeyClient(fx.vault.url, credential).getKey("backup-key")).resolves.toMatchObject({ name: "backup-key" });
    });

    test("a Managed HSM has no access policies", () => {
        const pool = fx.standIn.addManagedHsm("hsm-policies", fx.tenantId);
        expect(() => pool.setAccessPolicy(fx.app.objectId, ["get"])).toThrow(/Managed HSM: it has no access policies/);
        expect(() => { pool.enableRbacAuthorization = false; }).toThrow(/Managed HSM: it has no access policies/);
    });
});
