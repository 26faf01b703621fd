import * as crypto from "node:crypto";
import * as fs from "node:fs";
import { APP_CERT_PEM_PATH, newTenantId, setEnv, startKeyVaultStandIn, type Application, type KeyVaultStandIn, type Vault } from "../support/keyvault";

/**
 * A stand-in with one vault, one RSA-HSM key, and the backup vendor's application (certificate
 * credential) holding Key Vault Crypto User on the vault. HTTPS_PROXY points at the stand-in's
 * proxy for the whole file; AZURE_* variables are cleared so DefaultAzureCredential sees only
 * what a test sets.
 */
export interface Fixture {
    standIn: KeyVaultStandIn;
    tenantId: string;
    vault: Vault;
    keyId: string;
    app: Application;
    /** Real RSA-2048 material for tests that create many keys (key generation is the slow part). */
    pair: { privateKey: crypto.KeyObject; publicKey: crypto.KeyObject };
    restoreEnv: () => void;
}

export async function startFixture(vaultName: string): Promise<Fixture> {
    const standIn = await startKeyVaultStandIn();
    const restoreEnv = setEnv({
        HTTPS_PROXY: standIn.proxyUrl,
        HTTP_PROXY: undefined,
        ALL_PROXY: undefined,
        NO_PROXY: "",
        AZURE_TENANT_ID: undefined,
        AZURE_CLIENT_ID: undefined,
        AZURE_CLIENT_SECRET: undefined,
        AZURE_CLIENT_CERTIFICATE_PATH: undefined,
        AZURE_AUTHORITY_HOST: undefined,
        AZURE_FEDERATED_TOKEN_FILE: undefined,
        IDENTITY_ENDPOINT: undefined,
        MSI_ENDPOINT: undefined,
    });
    const tenantId = newTenantId();
    const vault = standIn.addVault(vaultName, tenantId);
    const keyId = vault.createKey("backup-key", { kty: "RSA-HSM", keySize: 2048 });
    const app = standIn.registerApplication({
        tenantId,
        displayName: "backup-vendor-app",
        certificatePem: fs.readFileSync(APP_CERT_PEM_PATH, "utf8"),
    });
    vault.assignRole(app.objectId, "Key Vault Crypto User");
    const pair = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    return { standIn, tenantId, vault, keyId, app, pair, restoreEnv };
}

export async function stopFixture(fixture: Fixture | undefined): Promise<void> {
    fixture?.restoreEnv();
    await fixture?.standIn.close();
}

/** The vault's log as "METHOD operation status" lines, authenticated requests marked. */
export function describeLog(fixture: Fixture, from = 0): string[] {
    return fixture.standIn.log.slice(from).map((e) => `${e.method} ${e.operation} ${e.status}${e.authenticated ? "" : " (challenge)"}`);
}
