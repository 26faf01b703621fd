import * as pulumi from "@pulumi/pulumi";
import { existingEncryptionKey, ExistingEncryptionKeyArgs, existingKeyProblems, FoundKey, validateExistingEncryptionKeyArgs } from "../../components/existing-encryption-key";
import { Provider } from "@pulumi/azure-native/provider";
import { existingKeyVault } from "../../components/existing-key-vault";
import { VaultReference } from "../../components/types";
import { Recorder, setAzureMocks } from "../../plan/mocks";
import { untyped, expectRefusedBeforeLookup } from "../support/expect";

const vault: VaultReference = {
    id: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-security/providers/Microsoft.KeyVault/vaults/kv-central",
    vaultName: "kv-central",
    resourceGroupName: "rg-security",
    vaultUri: "https://kv-central.vault.azure.net/",
    tenantId: "00000000-0000-0000-0000-000000000002",
    sku: "premium",
    enableRbacAuthorization: true,
    enablePurgeProtection: true,
};
const declared: ExistingEncryptionKeyArgs = { keyVault: vault, keyName: "byok-cmk" };
const found = (over: Partial<FoundKey> = {}): FoundKey => ({ name: "byok-cmk", kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"], attributes: { enabled: true }, ...over });

describe("validateExistingEncryptionKeyArgs", () => {
    test("judges the declaration as a key's args are judged, and needs the vault's name and group plainly", () => {
        expect(validateExistingEncryptionKeyArgs(declared)).toEqual([]);
        // The purpose's operations are its fault, said once; operations given by hand are judged each.
        expect(validateExistingEncryptionKeyArgs({ ...declared, kty: "EC-HSM", purpose: "cmkService" }).map((i) => i.field)).toEqual(["purpose"]);
        expect(validateExistingEncryptionKeyArgs({ ...declared, kty: "EC-HSM", purpose: "signing", keyOps: ["sign", "wrapKey"] }).map((i) => i.field)).toEqual(["keyOps[1]"]);
        expect(validateExistingEncryptionKeyArgs({ ...declared, keyVault: { ...vault, vaultName: pulumi.output("kv-made-here") } }).map((i) => i.field)).toEqual(["keyVault"]);
        expect(validateExistingEncryptionKeyArgs({ ...declared, keyVault: { ...vault, sku: "standard" } }).map((i) => i.field)).toEqual(["kty"]);
    });
});

describe("existingKeyProblems", () => {
    test("finds nothing in a key that is what was declared and allows what the stack needs", () => {
        expect(existingKeyProblems(declared, found())).toEqual([]);
        expect(existingKeyProblems({ ...declared, keyOps: ["wrapKey", "unwrapKey", "encrypt"] }, found()).map((p) => p.field)).toEqual(["keyOps"]);
        // Created without key_ops, a key allows every operation.
        expect(existingKeyProblems({ ...declared, purpose: "applicationCrypto" }, found({ keyOps: undefined }))).toEqual([]);
    });

    test("names each declaration Azure contradicts, and a key that cannot serve", () => {
        const now = new Date("2026-11-26T00:00:00Z");
        const problems = existingKeyProblems({ ...declared, keySize: 4096, purpose: "applicationCrypto" }, found({ kty: "RSA", attributes: { enabled: false, expires: Date.parse("2026-01-01T00:00:00Z") / 1000 } }), now);
        expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
            "kty: is \"RSA-HSM\", but key byok-cmk in Azure is \"RSA\"; declare what the key is",
            "keySize: is 4096, but key byok-cmk in Azure has 3072 bits",
            "purpose: needs encrypt, decrypt, which key byok-cmk in Azure does not allow (it allows wrapKey, unwrapKey)",
            "keyName: key byok-cmk in Azure is disabled; enable it where the key is managed",
            "keyName: key byok-cmk in Azure expired on 2026-01-01T00:00:00.000Z; rotate it where the key is managed",
        ]);
    });
});

describe("existingEncryptionKey", () => {
    beforeAll(async () => {
        await setAzureMocks({
            resourceGroups: [{ name: "rg-security", location: "westeurope" }],
            vaults: [{ name: "kv-central", resourceGroupName: "rg-security", sku: "premium", enablePurgeProtection: true }],
            keys: [
                { vaultName: "kv-central", name: "byok-cmk", kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"] },
                { vaultName: "kv-central", name: "app-key", kty: "RSA-HSM", keyOps: ["encrypt", "decrypt"] },
            ],
        });
    });

    test("refers to the key Azure reports, in the vault Azure reports", async () => {
        const central = await existingKeyVault("central", { vaultName: "kv-central", resourceGroupName: "rg-security" });
        const key = await existingEncryptionKey("byok", { keyVault: central, keyName: "byok-cmk" });
        expect(key).toEqual({
            id: `${String(central.id)}/keys/byok-cmk`,
            keyUri: "https://kv-central.vault.azure.net/keys/byok-cmk",
            keyUriWithVersion: expect.stringMatching(/^https:\/\/kv-central\.vault\.azure\.net\/keys\/byok-cmk\/[0-9a-f]{32}$/),
            keyName: "byok-cmk",
            kty: "RSA-HSM",
            // As Azure reports it: SQL, for one, takes only some sizes.
            keySize: 3072,
            keyOps: ["wrapKey", "unwrapKey"],
            keyVault: central,
        });
    });

    test("refuses a key that cannot serve the stack, or that Azure does not have", async () => {
        await expect(existingEncryptionKey("app", { keyVault: vault, keyName: "app-key" })).rejects.toThrow(
            "existing key app: invalid arguments:\n  - purpose: needs wrapKey, unwrapKey, which key app-key in Azure does not allow (it allows encrypt, decrypt)",
        );
        await expect(existingEncryptionKey("gone", { keyVault: vault, keyName: "gone" })).rejects.toThrow("404 ResourceNotFound: The Resource 'Microsoft.KeyVault/vaults/kv-central/keys/gone' under resource group 'rg-security' was not found.");
    });
});

describe("existingEncryptionKey arguments from an untyped caller (JavaScript, a cast, a spread)", () => {
    const OUTPUT_RULE = /^is an Output; this argument takes a plain value \(it decides what is created before deploy\)/;
    let recorder: Recorder;
    beforeAll(async () => {
        ({ recorder } = await setAzureMocks({
            resourceGroups: [{ name: "rg-security", location: "westeurope" }],
            vaults: [{ name: "kv-central", resourceGroupName: "rg-security", sku: "premium", enablePurgeProtection: true }],
            keys: [{ vaultName: "kv-central", name: "byok-cmk", kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"] }],
        }));
    });

    /** Expects the lookup to be refused with an issue naming `field`, before Azure is asked or anything registered. */
    const expectRefused = (args: unknown, field: string, rule: RegExp) => expectRefusedBeforeLookup(recorder, () => existingEncryptionKey("byok", untyped<ExistingEncryptionKeyArgs>(args)), "existing key byok", field, rule);

    const cases: [string, () => unknown, string, RegExp][] = [
        ["a misspelt argument, with the name it means", () => ({ keyOpps: ["wrapKey"] }), "keyOpps", /^is not an argument here; did you mean "keyOps"\?$/],
        ["a curve by a shorter name", () => ({ kty: "EC-HSM", purpose: "signing", curve: "P-384" }), "curve", /^is not an argument here; did you mean "curveName"\?$/],
        ["Azure Verified Modules' name for the key name", () => ({ keyName: undefined, name: "byok-cmk" }), "name", /^is not an argument here; did you mean "keyName"\?$/],
        // Dropped, it would read as if the stack rotated a key it only uses.
        ["a rotation policy, which is the key's owner's to set", () => ({ rotationPolicy: { expiryTime: "P1Y" } }), "rotationPolicy", /^is not an argument here; the arguments are keyVault, keyName, kty, keySize, curveName, purpose, keyOps$/],
        ["no key name", () => ({ keyName: undefined }), "keyName", /^is required: the key's name in the vault$/],
        ["no vault", () => ({ keyVault: undefined }), "keyVault", /^is required: the vault holding the key/],
        ["keySize as a string", () => ({ keySize: "3072" }), "keySize", /^is a string, not a number$/],
        ["keyOps as one string", () => ({ keyOps: "wrapKey" }), "keyOps", /^is a string, not a list of strings/],
        ["kty as an Output", () => ({ kty: pulumi.output("RSA-HSM") }), "kty", OUTPUT_RULE],
        ["keyName as an Output", () => ({ keyName: pulumi.output("byok-cmk") }), "keyName", OUTPUT_RULE],
        // Its name and group are what the key is looked up by.
        ["the vault as an Output", () => ({ keyVault: pulumi.output(vault) }), "keyVault", OUTPUT_RULE],
        ["a vault described by hand without its URI", () => ({ keyVault: { ...vault, vaultUri: undefined } }), "keyVault.vaultUri", /^is required: the vault's URI$/],
    ];
    test.each(cases)("refuses %s before asking Azure", async (_title, extra, field, rule) => {
        await expectRefused({ ...declared, ...(extra() as object) }, field, rule);
    });

    test("refuses args that are missing or not an object with a clear error, not a TypeError", async () => {
        await expectRefused(undefined, "args", /^is required: an object with at least keyVault, keyName$/);
        await expectRefused(null, "args", /^is null, not an object \(\{…\}\)$/);
        await expectRefused(["byok-cmk"], "args", /^is a list, not an object \(\{…\}\)$/);
    });

    test("never echoes key material given for the args or the vault (a key brought is at hand where this is called)", async () => {
        const material = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----";
        const whole = await expectRefused(material, "args", /^is a string, not an object \(\{…\}\)$/);
        const vaultOnly = await expectRefused({ ...declared, keyVault: material }, "keyVault", /^is a string, not an object \(\{…\}\)$/);
        for (const error of [whole, vaultOnly]) expect(error.message).not.toMatch(/PRIVATE KEY|MIIE/);
    });
});

describe("existingEncryptionKey and the azure-native provider its vault was read through", () => {
    const security = "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
    const workload = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
    let recorder: Recorder;
    let sec: Provider;
    let wl: Provider;
    beforeAll(async () => {
        ({ recorder } = await setAzureMocks({
            resourceGroups: [
                { name: "rg-security", location: "westeurope", subscriptionId: security },
                { name: "rg-app", location: "westeurope", subscriptionId: workload },
                { name: "rg-local", location: "westeurope" },
            ],
            vaults: [
                { name: "kv-central", resourceGroupName: "rg-security", subscriptionId: security, sku: "premium", enablePurgeProtection: true, enableRbacAuthorization: true },
                { name: "kv-local", resourceGroupName: "rg-local", sku: "premium", enablePurgeProtection: true, enableRbacAuthorization: true },
            ],
            keys: [
                { vaultName: "kv-central", name: "cmk-orders", kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"] },
                { vaultName: "kv-local", name: "cmk-local", kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"] },
            ],
        }));
        sec = new Provider("security", { subscriptionId: security });
        wl = new Provider("workload", { subscriptionId: workload });
    });

    test("reads the key through the vault's own provider, over the one the caller gives", async () => {
        const central = await existingKeyVault("central", { vaultName: "kv-central", resourceGroupName: "rg-security" }, { provider: sec });
        // A workload program passes its own provider, as it does to everything it makes.
        const key = await existingEncryptionKey("orders", { keyVault: central, keyName: "cmk-orders" }, { provider: wl });
        expect([key.keyName, key.id]).toEqual(["cmk-orders", `/subscriptions/${security}/resourceGroups/rg-security/providers/Microsoft.KeyVault/vaults/kv-central/keys/cmk-orders`]);
    });

    test("refuses, before Azure is asked, a vault read through the default provider with another azure-native provider given or inherited", async () => {
        const local = await existingKeyVault("local", { vaultName: "kv-local", resourceGroupName: "rg-local" });
        await expectRefusedBeforeLookup(recorder, () => existingEncryptionKey("local", { keyVault: local, keyName: "cmk-local" }, { provider: wl }), "existing key local", "keyVault.provider",
            /^is not set, so the vault was read through the default azure-native provider, but opts\.provider is another azure-native provider \("workload"\), which the key would be read through/);
        const landing = new pulumi.ComponentResource("acme:index:Landing", "landing", {}, { providers: [wl] });
        await expectRefusedBeforeLookup(recorder, () => existingEncryptionKey("local", { keyVault: local, keyName: "cmk-local" }, { parent: landing }), "existing key local", "keyVault.provider",
            /^is not set, .* but opts\.parent hands the read another azure-native provider \("workload"\)/);
        expect((await existingEncryptionKey("local", { keyVault: local, keyName: "cmk-local" })).keyName).toBe("cmk-local");
    });
});
