import { CmkDiskEncryptionSet, validateCmkDiskEncryptionSetArgs } from "../../components/cmk-disk-encryption-set";
import { EncryptionKey } from "../../components/encryption-key";
import { existingEncryptionKey } from "../../components/existing-encryption-key";
import { existingKeyVault } from "../../components/existing-key-vault";
import { KeyVault } from "../../components/key-vault";
import { AzureMocks, mockAzureDefaults, Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { expectRefusedBeforeRegistration } from "../support/expect";
import { valueOf } from "../support/outputs";
import { keyReference } from "../support/references";
import { ProgramRun, runUnderMocks, validationFailure } from "../support/under-mocks";

const DES = "azure-native:compute:DiskEncryptionSet";
let recorder: Recorder;
let mocks: AzureMocks;
let northKey: EncryptionKey;

beforeAll(async () => {
    // A platform team's vault with two keys the stack uses but does not make (`existing: true`).
    ({ recorder, mocks } = await setAzureMocks({
        resourceGroups: [...mockAzureDefaults.resourceGroups, { name: "rg-security", location: "westeurope" }],
        vaults: [{ name: "kv-central", resourceGroupName: "rg-security", sku: "premium", enablePurgeProtection: true }],
        keys: ["platform-cmk", "platform-cmk-next"].map((name) => ({ vaultName: "kv-central", name, kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"] })),
    }));
    northKey = new EncryptionKey("des-north-cmk", { keyVault: new KeyVault("kvdesnorth", { resourceGroupName: "rg-byok", location: "northeurope" }) });
    await valueOf(northKey.id);
    await settle();
});

describe("a key's vault region or the set's given as an Output, known at preview", () => {
    let run: ProgramRun;
    beforeAll(() => {
        run = runUnderMocks(`
            const { KeyVault } = require("./components/key-vault");
            const { EncryptionKey } = require("./components/encryption-key");
            const { CmkDiskEncryptionSet } = require("./components/cmk-disk-encryption-set");
            const keyIn = (name, location) => new EncryptionKey(name + "-cmk", { keyVault: new KeyVault("kv" + name, { resourceGroupName: "rg-byok", location }) });
            const set = (name, key, location) => new CmkDiskEncryptionSet(name, { resourceGroupName: "rg-byok", location, customerManagedKey: { key } });
            set("des-vault-output", keyIn("desvo", pulumi.output("northeurope")), "westeurope");
            set("des-location-output", keyIn("deslo", "northeurope"), pulumi.output("westeurope"));
            set("des-vault-secret", keyIn("desvs", pulumi.secret("northeurope")), pulumi.output("westeurope"));
            set("des-unknown", keyIn("desun", pulumi.output(pulumi.unknown).apply(() => "northeurope")), "westeurope");
            set("des-good", keyIn("desgo", pulumi.output("West Europe")), pulumi.output("westeurope"));
        `, { preview: true });
    });
    const failureOf = (component: string) => validationFailure(run, component);

    test("a vault in another region fails with the message plain regions get, whichever is the Output, and no set is sent", async () => {
        const plain = await expectRefusedBeforeRegistration(recorder, () => new CmkDiskEncryptionSet("desbad", { resourceGroupName: "rg-byok", location: "westeurope", customerManagedKey: { key: northKey } }), "customerManagedKey.key", /is a key of a vault in northeurope/);
        expect(plain.issues[0].message).toBe("is a key of a vault in northeurope, but the disk encryption set is in westeurope; a disk encryption set takes keys only from a vault in its own region");
        for (const name of ["des-vault-output", "des-location-output"]) {
            expect(failureOf(`CmkDiskEncryptionSet "${name}"`)).toContain(`CmkDiskEncryptionSet "${name}": invalid arguments:\n  - customerManagedKey.key: ${plain.issues[0].message}`);
            expect(run.registered).not.toContain(`${DES}::${name}-des`);
        }
    });

    test("a region from a secret is shown as [secret]", () => {
        expect(failureOf('CmkDiskEncryptionSet "des-vault-secret"')).toContain("customerManagedKey.key: is a key of a vault in [secret], but the disk encryption set is in westeurope;");
        expect(run.registered).not.toContain(`${DES}::des-vault-secret-des`);
    });

    test("a region unknown at preview and one region however spelled pass", () => {
        // The mocks themselves refuse the key URL that is unknown while the region is: no ValidationError is what counts.
        expect(run.failures.filter((f) => /"des-(unknown|good)": invalid arguments/.test(f))).toEqual([]);
        expect(run.failures.filter((f) => f.includes("des-good"))).toEqual([]);
        expect(run.registered).toEqual(expect.arrayContaining([`${DES}::des-unknown-des`, `${DES}::des-good-des`]));
    });

    test("plain regions are judged before deploy, as before", () => {
        expect(validateCmkDiskEncryptionSetArgs("des", { resourceGroupName: "rg-byok", location: "North Europe", customerManagedKey: { key: northKey } })).toEqual([]);
    });
});

describe("an existing key's new version, and a move to another key (README, \"A set or SQL server after a rotation\")", () => {
    const setOn = async (name: string, keyName: string) => {
        const key = await existingEncryptionKey(`${name}-key`, { keyVault: await existingKeyVault(`${name}-vault`, { vaultName: "kv-central", resourceGroupName: "rg-security" }), keyName });
        await valueOf(new CmkDiskEncryptionSet(name, { resourceGroupName: "rg-byok", location: "westeurope", customerManagedKey: { key } }).id);
        await settle();
        const set = recorder.find(DES, `${name}-des`);
        return { keyUrl: (set.inputs.activeKey as { keyUrl: string }).keyUrl, ignoreChanges: set.ignoreChanges, current: key.keyUriWithVersion };
    };

    test("the set is sent the version current when the program runs, with nothing ignored, so a move to another key deploys", async () => {
        const before = await setOn("des-existing-before", "platform-cmk");
        // Key Vault's rotation policy, or a BYOK key's next version imported, makes a new current version.
        mocks.state.keys.get("kv-central/platform-cmk")?.versions.push("0123456789abcdef0123456789abcdef");
        const rotated = await setOn("des-existing-rotated", "platform-cmk");
        const moved = await setOn("des-existing-moved", "platform-cmk-next");
        expect(rotated.keyUrl).toBe(`${before.keyUrl.replace(/\/[0-9a-f]{32}$/, "")}/0123456789abcdef0123456789abcdef`);
        expect(moved.keyUrl).toBe(moved.current);
        expect(moved.keyUrl).toMatch(/\/keys\/platform-cmk-next\/[0-9a-f]{32}$/);
        expect([before.ignoreChanges, rotated.ignoreChanges, moved.ignoreChanges]).toEqual([[], [], []]);
    });
});

describe("validateCmkDiskEncryptionSetArgs", () => {
    test("takes encryptionType EncryptionAtRestWithCustomerKey written by name, a type the set documents as allowed", () => {
        expect(validateCmkDiskEncryptionSetArgs("des-byok", { resourceGroupName: "rg-byok", customerManagedKey: { key: keyReference() }, encryptionType: "EncryptionAtRestWithCustomerKey" })).toEqual([]);
    });
});
