import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { EncryptionKey, EncryptionKeyArgs, expiresEpoch, validateEncryptionKeyArgs } from "../../components/encryption-key";
import { KeyVault } from "../../components/key-vault";
import { VaultReference } from "../../components/types";
import { mockAzureDefaults, Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { expectRefusedBeforeRegistration, untyped } from "../support/expect";
import { valueOf } from "../support/outputs";
import { DAY } from "../support/vendor-certificate";
import { freezeDate } from "../support/clock";

afterEach(() => jest.useRealTimers());

const rg = "rg-byok";
// Registered in beforeAll, before the recorder is cleared for each test.
const premiumVaultUrn = "urn:pulumi:test::azure-byok::azure-byok:keyvault:KeyVault$azure-native:keyvault:Vault::kvkeys-vault";
let recorder: Recorder;
let premium: KeyVault;
let standard: KeyVault;

beforeAll(async () => {
    ({ recorder } = await setAzureMocks());
    premium = new KeyVault("kvkeys", { resourceGroupName: rg });
    standard = new KeyVault("kvsoft", { resourceGroupName: rg, sku: "standard" });
    await valueOf(premium.vaultUri);
    await valueOf(standard.vaultUri);
    await settle();
});
beforeEach(() => recorder.clear());

async function build(name: string, args: Partial<EncryptionKeyArgs> = {}) {
    const key = new EncryptionKey(name, { keyVault: premium, ...args });
    await valueOf(key.keyUriWithVersion);
    await settle();
    return { key, recorded: recorder.find("azure-native:keyvault:Key", `${name}-key`) };
}

describe("EncryptionKey defaults", () => {
    test("creates an RSA-HSM 3072 key for wrapping, with a rotation policy and a fixed expiry", async () => {
        freezeDate(Date.now());
        const { recorded } = await build("cmk-default");
        const day = 86400;
        const midnight = Math.floor(Date.now() / 1000 / day) * day;
        expect(recorded.inputs).toEqual({
            resourceGroupName: rg,
            vaultName: await valueOf(premium.vaultName),
            keyName: "cmk-default",
            properties: {
                kty: "RSA-HSM",
                keySize: 3072,
                keyOps: ["wrapKey", "unwrapKey"],
                attributes: { enabled: true, exportable: false, expires: midnight + 365 * day },
                rotationPolicy: {
                    attributes: { expiryTime: "P1Y" },
                    lifetimeActions: [
                        { action: { type: "rotate" }, trigger: { timeAfterCreate: "P90D" } },
                        { action: { type: "notify" }, trigger: { timeBeforeExpiry: "P30D" } },
                    ],
                },
            },
        });
    });

    test("is protected, keeps its first expiry, and depends on its vault", async () => {
        const { recorded } = await build("cmk-protected");
        expect(recorded.protect).toBe(true);
        // ARM never updates a key: a later expiry or tag would fail the deploy (KeyCreationParametersDidNotMatchExistingKey).
        expect(recorded.ignoreChanges).toEqual(["properties.attributes.expires", "tags"]);
        expect(recorded.dependencies).toContain(premiumVaultUrn);
        expect(recorded.parent).toBe(recorder.find("azure-byok:keyvault:EncryptionKey", "cmk-protected").urn);
    });

    test("documents as ignored exactly the arguments whose changes the key ignores, and no others", async () => {
        const { recorded } = await build("cmk-ignored");
        const argOf: Record<string, string> = { "properties.attributes.expires": "expires", tags: "tags" };
        const source = readFileSync(path.join(__dirname, "..", "..", "components", "encryption-key.ts"), "utf8");
        const doc = source.slice(0, source.indexOf("export interface EncryptionKeyArgs {")).split("/**").pop()?.replace(/\n\s*\*\s?/g, " ") ?? "";
        const named = /A\s+changed\s+((?:`\w+`(?:,\s+|\s+or\s+)?)+)\s+is\s+ignored/.exec(doc)?.[1] ?? "";
        expect([...named.matchAll(/`(\w+)`/g)].map((m) => m[1]).sort()).toEqual(recorded.ignoreChanges.map((p) => argOf[p] ?? p).sort());
    });

    test("exposes the versionless and versioned key URIs Azure returns", async () => {
        const { key } = await build("cmk-uris");
        const vaultName = await valueOf(premium.vaultName);
        expect(await valueOf(key.keyUri)).toBe(`https://${vaultName}.vault.azure.net/keys/cmk-uris`);
        expect(await valueOf(key.keyUriWithVersion)).toMatch(new RegExp(`^https://${vaultName}\\.vault\\.azure\\.net/keys/cmk-uris/[0-9a-f]{32}$`));
        expect(await valueOf(key.id)).toBe(`/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${vaultName}/keys/cmk-uris`);
        expect(await valueOf(key.vaultUri)).toBe(`https://${vaultName}.vault.azure.net/`);
    });

    test("gives an application key encrypt and decrypt", async () => {
        const { recorded, key } = await build("app-key", { purpose: "applicationCrypto" });
        expect((recorded.inputs.properties as Record<string, unknown>).keyOps).toEqual(["encrypt", "decrypt"]);
        expect(key.keyOps).toEqual(["encrypt", "decrypt"]);
    });

    test("makes a BYOK key exchange key an RSA-HSM key that may only import", async () => {
        const { recorded, key } = await build("byok-kek", { purpose: "keyExchange", keySize: 4096 });
        expect(recorded.inputs.properties).toMatchObject({ kty: "RSA-HSM", keySize: 4096, keyOps: ["import"] });
        expect(key.keyOps).toEqual(["import"]);
    });
});

describe("EncryptionKey options asked for by name", () => {
    test("creates a software RSA key in a standard vault when kty RSA is named", async () => {
        const { recorded } = await build("soft-key", { keyVault: standard, kty: "RSA", keySize: 2048 });
        expect(recorded.inputs.properties).toMatchObject({ kty: "RSA", keySize: 2048 });
    });

    test("creates an EC-HSM signing key on the P-384 curve without a key size", async () => {
        const { recorded } = await build("sign-key", { kty: "EC-HSM", purpose: "signing" });
        const props = recorded.inputs.properties as Record<string, unknown>;
        expect(props).toMatchObject({ kty: "EC-HSM", curveName: "P-384", keyOps: ["sign", "verify"] });
        expect(props).not.toHaveProperty("keySize");
    });

    test("keeps expiry and notification but drops the rotate action when automatic rotation is turned off", async () => {
        const { recorded } = await build("manual-key", { rotationPolicy: { automaticRotation: false } });
        const policy = (recorded.inputs.properties as { rotationPolicy: { lifetimeActions: unknown[] } }).rotationPolicy;
        expect(policy.lifetimeActions).toEqual([{ action: { type: "notify" }, trigger: { timeBeforeExpiry: "P30D" } }]);
    });

    test("rotates a set time before each version expires when timeBeforeExpiry is given, as Azure Verified Modules and azurerm write it", async () => {
        const { recorded } = await build("before-expiry-key", { rotationPolicy: { expiryTime: "P2Y", timeBeforeExpiry: "P60D" } });
        const policy = (recorded.inputs.properties as { rotationPolicy: unknown }).rotationPolicy;
        // Key Vault's rotate action takes one trigger: no default timeAfterCreate beside it.
        expect(policy).toEqual({
            attributes: { expiryTime: "P2Y" },
            lifetimeActions: [
                { action: { type: "rotate" }, trigger: { timeBeforeExpiry: "P60D" } },
                { action: { type: "notify" }, trigger: { timeBeforeExpiry: "P30D" } },
            ],
        });
    });

    test("uses a fixed expiry date when one is given", async () => {
        // Validated against today: a fixed calendar date would pass until it went by. 400 days is not the default's 365.
        const expires = new Date((Math.floor(Date.now() / DAY) + 400) * DAY).toISOString().replace(/\.\d{3}Z$/, "Z");
        const { recorded } = await build("fixed-key", { expires });
        expect((recorded.inputs.properties as { attributes: { expires: number } }).attributes.expires).toBe(Date.parse(expires) / 1000);
    });

    test("may be left unprotected by name", async () => {
        const { recorded } = await build("loose-key", { protect: false });
        expect(recorded.protect).toBe(false);
    });

    test("takes the component's protect option for the key when protect is not among its args, and the args' over it", async () => {
        const loose = new EncryptionKey("opt-loose-key", { keyVault: premium }, { protect: false });
        const kept = new EncryptionKey("opt-kept-key", { keyVault: premium, protect: true }, { protect: false });
        await Promise.all([valueOf(loose.keyUri), valueOf(kept.keyUri)]);
        await settle();
        expect(recorder.find("azure-native:keyvault:Key", "opt-loose-key-key").protect).toBe(false);
        expect(recorder.find("azure-native:keyvault:Key", "opt-kept-key-key").protect).toBe(true);
    });

    test("is kept in Azure when dropped after `pulumi state unprotect` while protected, and deleted when unprotected by name", async () => {
        const kept = await build("kept-key");
        const loose = await build("let-go-key", { protect: false });
        const optLoose = new EncryptionKey("opt-let-go-key", { keyVault: premium }, { protect: false });
        await valueOf(optLoose.keyUri);
        await settle();
        expect([kept.recorded, loose.recorded, recorder.find("azure-native:keyvault:Key", "opt-let-go-key-key")].map((r) => [r.name, r.protect, r.retainOnDelete])).toEqual([
            ["kept-key-key", true, true],
            ["let-go-key-key", false, false],
            ["opt-let-go-key-key", false, false],
        ]);
    });

    // The engine copies a parent's retainOnDelete only onto a child that sets none (pulumi/pulumi source_eval.go, inheritFromParent).
    test("is kept in Azure, unprotected, when its component is given { protect: false, retainOnDelete: true }", async () => {
        const handedOver = new EncryptionKey("handed-over-key", { keyVault: premium }, { protect: false, retainOnDelete: true });
        await valueOf(handedOver.keyUri);
        await settle();
        const recorded = recorder.find("azure-native:keyvault:Key", "handed-over-key-key");
        expect([recorded.protect, recorded.retainOnDelete]).toEqual([false, true]);
    });

    test("is not deleted with a vault given { protect: false, retainOnDelete: true }, which stays in Azure", async () => {
        const handedOver = new KeyVault("kvhandedover", { resourceGroupName: rg, lock: { kind: "None" } }, { protect: false, retainOnDelete: true });
        await build("in-handed-over-vault-key", { keyVault: handedOver });
        expect(recorder.find("azure-native:keyvault:Key", "in-handed-over-vault-key-key").deletedWith).toBeUndefined();
    });

    // Aliases keep the URNs; the key's Azure name, fixed at creation, would follow the new resource name.
    test("refuses a rename by aliases before registering anything while the key's Azure name is the resource name, and keeps the key with keyName given", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new EncryptionKey("cmk-platform", { keyVault: premium }, { aliases: [{ name: "cmk" }] }), "keyName",
            /^is not given, so the key's Azure name comes from the resource name: "cmk-platform" for "cmk-platform", where "cmk", its earlier name in aliases, gave "cmk"; Azure cannot rename the key/);
        const renamed = new EncryptionKey("cmk-platform", { keyVault: premium, keyName: "cmk" }, { aliases: [{ name: "cmk" }] });
        await valueOf(renamed.keyUri);
        await settle();
        expect(recorder.find("azure-native:keyvault:Key", "cmk-platform-key").inputs.keyName).toBe("cmk");
    });

    test("is deleted with a vault the program makes and may delete, and on its own in a kept vault or one the program only reads", async () => {
        // A protected vault is retained on delete: the engine would skip the key's delete merely because the vault's was scheduled.
        await build("kept-vault-key");
        const loose = new KeyVault("kvloose", { resourceGroupName: rg, protect: false });
        await build("with-vault-key", { keyVault: loose });
        // A vault described by hand, as existingKeyVault returns one: no resource of this program.
        const read: VaultReference = {
            id: premium.id, vaultName: premium.vaultName, resourceGroupName: rg, vaultUri: premium.vaultUri, tenantId: premium.tenantId,
            sku: "premium", enableRbacAuthorization: true, enablePurgeProtection: true,
        };
        await build("read-vault-key", { keyVault: read });
        expect(recorder.find("azure-native:keyvault:Key", "kept-vault-key-key").deletedWith).toBeUndefined();
        expect(recorder.find("azure-native:keyvault:Key", "with-vault-key-key").deletedWith).toBe(premiumVaultUrn.replace("kvkeys-vault", "kvloose-vault"));
        expect(recorder.find("azure-native:keyvault:Key", "read-vault-key-key").deletedWith).toBeUndefined();
    });
});

describe("EncryptionKey validation", () => {
    const cases: [string, Partial<EncryptionKeyArgs>, string, RegExp][] = [
        ["an HSM key in a standard vault", { keyVault: undefined, kty: "RSA-HSM" }, "kty", /need a premium vault and the vault's sku is "standard"/],
        ["an HSM key in a standard vault offered a software key", { keyVault: undefined, kty: "RSA-HSM" }, "kty", /or ask for a software key \(kty: "RSA"\) by name$/],
        // A key exchange key cannot be a software key: the only fix offered is the premium vault.
        ["a key exchange key in a standard vault", { keyVault: undefined, purpose: "keyExchange" }, "kty", /need a premium vault and the vault's sku is "standard"; use a premium vault \(a key exchange key is always RSA-HSM\)$/],
        ["an unknown key type", { kty: "AES" as never }, "kty", /not a key type/],
        ["an RSA size of 1024", { keySize: 1024 as never }, "keySize", /1024 is not an RSA size/],
        ["a key size on an EC key", { kty: "EC-HSM", purpose: "signing", keySize: 2048 }, "keySize", /RSA keys only/],
        ["a curve on an RSA key", { curveName: "P-256" }, "curveName", /EC keys only/],
        ["an unknown curve", { kty: "EC-HSM", purpose: "signing", curveName: "P-999" as never }, "curveName", /not a curve/],
        ["an EC key for CMK wrapping", { kty: "EC-HSM" }, "purpose", /^the default purpose, cmkService, needs an RSA key/],
        ["wrapKey on an EC key", { kty: "EC-HSM", purpose: "signing", keyOps: ["wrapKey"] }, "keyOps[0]", /needs an RSA key/],
        ["an unknown key operation", { keyOps: ["exportKey" as never] }, "keyOps[0]", /not a key operation/],
        ["a software key exchange key", { keyVault: undefined, kty: "RSA", purpose: "keyExchange" }, "purpose", /keyExchange needs an RSA-HSM key .* kty is RSA$/],
        ["an EC key exchange key", { kty: "EC-HSM", purpose: "keyExchange" }, "purpose", /keyExchange needs an RSA-HSM key/],
        ["a key exchange key that may also unwrap", { purpose: "keyExchange", keyOps: ["import", "unwrapKey"] }, "keyOps", /fixed key_ops, import only/],
        ["import on a CMK key", { keyOps: ["wrapKey", "unwrapKey", "import"] }, "keyOps[2]", /"import" is a key exchange key's only operation/],
        ["release, which needs an exportable key", { keyOps: ["wrapKey", "unwrapKey", "release"] }, "keyOps[2]", /"release" needs an exportable key with a release policy/],
        ["no key operations", { keyOps: [] }, "keyOps", /is empty/],
        ["a CMK key written to sign", { purpose: "cmkService", keyOps: ["sign", "verify"] }, "keyOps", /^lacks wrapKey and unwrapKey, which purpose cmkService needs: every service that encrypts with a customer's key wraps and unwraps with it; add them, or leave keyOps out$/],
        ["a key name with an underscore", { keyName: "cmk_storage" }, "keyName", /not a key name/],
        ["an expiry shorter than 28 days", { rotationPolicy: { expiryTime: "P27D", timeAfterCreate: "P7D", notifyBeforeExpiry: "P7D" } }, "rotationPolicy.expiryTime", /minimum of 28 days/],
        ["an expiry that is not ISO-8601", { rotationPolicy: { expiryTime: "1 year" } }, "rotationPolicy.expiryTime", /not an ISO-8601 duration/],
        ["a rotation after expiry", { rotationPolicy: { expiryTime: "P90D", timeAfterCreate: "P1Y" } }, "rotationPolicy.timeAfterCreate", /rotates after or too close to expiry/],
        ["a rotation 3 days before expiry", { rotationPolicy: { expiryTime: "P90D", timeAfterCreate: "P87D" } }, "rotationPolicy.timeAfterCreate", /at least 7 days before/],
        ["a rotation sooner than 7 days", { rotationPolicy: { timeAfterCreate: "P6D" } }, "rotationPolicy.timeAfterCreate", /minimum of 7 days/],
        ["a rotation that is not ISO-8601", { rotationPolicy: { timeAfterCreate: "90 days" } }, "rotationPolicy.timeAfterCreate", /not an ISO-8601 duration/],
        ["an expiry with text after the duration", { rotationPolicy: { expiryTime: "P2Y garbage" } }, "rotationPolicy.expiryTime", /^"P2Y garbage" is not an ISO-8601 duration \(P\[n\]Y\[n\]M\[n\]W\[n\]D\[T\[n\]H\[n\]M\[n\]S\], whole numbers\) such as "P1Y"$/],
        ["an expiry written twice", { rotationPolicy: { expiryTime: "P2YP2Y" } }, "rotationPolicy.expiryTime", /^"P2YP2Y" is not an ISO-8601 duration/],
        ["an expiry with a trailing newline, quoted as JSON", { rotationPolicy: { expiryTime: "P2Y\n" } }, "rotationPolicy.expiryTime", /^"P2Y\\n" is not an ISO-8601 duration/],
        ["a rotation with text after the duration", { rotationPolicy: { timeAfterCreate: "P90D then" } }, "rotationPolicy.timeAfterCreate", /^"P90D then" is not an ISO-8601 duration/],
        ["a notice with a slash after the duration", { rotationPolicy: { notifyBeforeExpiry: "P30D/x" } }, "rotationPolicy.notifyBeforeExpiry", /^"P30D\/x" is not an ISO-8601 duration/],
        ["a notification sooner than 7 days before expiry", { rotationPolicy: { notifyBeforeExpiry: "P6D" } }, "rotationPolicy.notifyBeforeExpiry", /minimum of 7 days/],
        ["a short expiry the default notice does not fit inside, named as the default with the value that fits", { rotationPolicy: { expiryTime: "P30D", timeAfterCreate: "P14D" } }, "rotationPolicy.notifyBeforeExpiry", /^the default "P30D" is not at least 7 days inside expiryTime "P30D"; set notifyBeforeExpiry to at most "P23D"$/],
        ["a notice written too close to expiry", { rotationPolicy: { expiryTime: "P60D", timeAfterCreate: "P14D", notifyBeforeExpiry: "P58D" } }, "rotationPolicy.notifyBeforeExpiry", /^"P58D" is not at least 7 days inside expiryTime "P60D"; set notifyBeforeExpiry to at most "P53D"$/],
        ["both rotate triggers", { rotationPolicy: { timeAfterCreate: "P90D", timeBeforeExpiry: "P60D" } }, "rotationPolicy.timeBeforeExpiry", /^is given beside timeAfterCreate "P90D", and Key Vault's rotate action takes exactly one trigger; keep one of the two$/],
        ["a rotation sooner than 7 days before expiry", { rotationPolicy: { timeBeforeExpiry: "P6D" } }, "rotationPolicy.timeBeforeExpiry", /^"P6D" is shorter than Key Vault's minimum of 7 days \(P7D\)$/],
        ["a rotation before expiry that comes within 7 days of creation", { rotationPolicy: { expiryTime: "P60D", timeBeforeExpiry: "P55D", notifyBeforeExpiry: "P7D" } }, "rotationPolicy.timeBeforeExpiry", /^"P55D" rotates less than 7 days after a version is created within expiryTime "P60D", and Key Vault takes a trigger at least 7 days from creation; set timeBeforeExpiry to at most "P53D"$/],
        ["a rotation before expiry that is not ISO-8601", { rotationPolicy: { timeBeforeExpiry: "60 days" } }, "rotationPolicy.timeBeforeExpiry", /^"60 days" is not an ISO-8601 duration .* such as "P30D"$/],
        ["a rotation after creation with automatic rotation off", { rotationPolicy: { timeAfterCreate: "P60D", automaticRotation: false } }, "rotationPolicy.timeAfterCreate", /^is the rotate action's trigger, and automaticRotation is false, which leaves that action out; remove one of the two$/],
        ["a rotation before expiry with automatic rotation off", { rotationPolicy: { timeBeforeExpiry: "P60D", automaticRotation: false } }, "rotationPolicy.timeBeforeExpiry", /^is the rotate action's trigger, and automaticRotation is false, which leaves that action out; remove one of the two$/],
        ["an expiry date in the past", { expires: "2020-01-01T00:00:00Z" }, "expires", /already past; .* for a key that exists, remove expires/],
        ["an expiry that is not a date", { expires: "next year" }, "expires", /not an ISO-8601 date-time/],
        // Key Vault's limits on a key's tags, not ARM's 50 and 512 (about-keys-details, "Key tags").
        ["16 tags", { tags: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`t${i}`, "x"])) }, "tags", /^has 16 tags; a Key Vault key takes at most 15 \(put related values in one tag as JSON\)$/],
        ["a tag name of 257 characters", { tags: { ["n".repeat(257)]: "x" } }, `tags.${"n".repeat(257)}`, /^is 257 characters; a tag name is at most 256 on a Key Vault key$/],
    ];
    test.each(cases)("rejects %s before registering anything", async (_title, args, field, rule) => {
        const keyVault = "keyVault" in args && args.keyVault === undefined ? standard : premium;
        const rest = { ...args };
        delete rest.keyVault;
        await expectRefusedBeforeRegistration(recorder, () => new EncryptionKey("badkey", { keyVault, ...rest }), field, rule);
    });

    test("takes 15 tags and names of 256 characters, Key Vault's limits for a key, where a vault takes the 257-character name", async () => {
        const fifteen = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`t${i}`, "x"]));
        const { recorded } = await build("cmk-tagged", { tags: { ...fifteen } });
        expect(recorded.inputs.tags).toEqual(fifteen);
        expect(validateEncryptionKeyArgs("cmk", { keyVault: premium, tags: { ["n".repeat(256)]: "v".repeat(256) } })).toEqual([]);
        const vault = new KeyVault("kvlongtag", { resourceGroupName: rg, tags: { ["n".repeat(257)]: "x" } });
        await valueOf(vault.vaultUri);
        await settle();
        expect(recorder.refused).toEqual([]);
        expect(recorder.find("azure-native:keyvault:Vault", "kvlongtag-vault").inputs.tags).toEqual({ ["n".repeat(257)]: "x" });
    });

    test("reports a key type it does not know once, at kty, and judges no purpose, size, curve or operation by it", () => {
        for (const kty of ["oct-HSM", "rsa-hsm"]) {
            expect(validateEncryptionKeyArgs("k", { keyVault: premium, kty: untyped<EncryptionKeyArgs["kty"]>(kty), keyOps: ["wrapKey", "unwrapKey"], keySize: 3072 }).map((i) => i.field)).toEqual(["kty"]);
        }
    });

    test("judges expiry against the clock it is given", () => {
        const vault: VaultReference = premium;
        const args = { keyVault: vault, expires: "2027-01-01T00:00:00Z" };
        expect(validateEncryptionKeyArgs("k", args, new Date("2026-06-01T00:00:00Z"))).toEqual([]);
        expect(validateEncryptionKeyArgs("k", args, new Date("2027-01-02T00:00:00Z")).map((i) => i.field)).toEqual(["expires"]);
    });

    test("refuses a fixed expiry that comes before, or within 7 days of, the first rotation", () => {
        const args = { keyVault: premium, expires: "2027-01-15T00:00:00Z", rotationPolicy: { timeAfterCreate: "P300D", expiryTime: "P2Y" } };
        const issues = validateEncryptionKeyArgs("k", args, new Date("2026-11-27T00:00:00Z"));
        expect(issues.map((i) => i.field)).toEqual(["expires"]);
        expect(issues[0].message).toMatch(/comes less than 7 days after the first rotation \(timeAfterCreate "P300D" from creation\)/);
        // Rotating before it, or not rotating automatically at all, leaves it alone.
        expect(validateEncryptionKeyArgs("k", { ...args, rotationPolicy: { timeAfterCreate: "P30D", expiryTime: "P2Y" } }, new Date("2026-11-27T00:00:00Z"))).toEqual([]);
        expect(validateEncryptionKeyArgs("k", { ...args, rotationPolicy: { expiryTime: "P2Y", automaticRotation: false } }, new Date("2026-11-27T00:00:00Z"))).toEqual([]);
    });

    test("refuses a fixed expiry that leaves the first rotation before expiry within 7 days of creation", () => {
        const args = { keyVault: premium, expires: "2027-01-15T00:00:00Z", rotationPolicy: { timeBeforeExpiry: "P45D", expiryTime: "P2Y" } };
        // 49 days to expiry: rotation 45 days before it comes 4 days after creation.
        const issues = validateEncryptionKeyArgs("k", args, new Date("2026-11-27T00:00:00Z"));
        expect(issues.map((i) => i.field)).toEqual(["expires"]);
        expect(issues[0].message).toMatch(/^"2027-01-15T00:00:00Z" comes less than timeBeforeExpiry "P45D" and 7 days after creation: the first rotation would fall within 7 days of creation/);
        // 52 days to expiry leaves the 7 days.
        expect(validateEncryptionKeyArgs("k", args, new Date("2026-11-24T00:00:00Z"))).toEqual([]);
    });

    test("chooses the same default expiry all day, so runs on one day agree", () => {
        const morning = expiresEpoch(undefined, "P1Y", new Date("2026-11-25T00:00:01Z"));
        const night = expiresEpoch(undefined, "P1Y", new Date("2026-11-25T23:59:59Z"));
        expect(morning).toBe(night);
        expect(morning).toBe(Date.parse("2027-11-25T00:00:00Z") / 1000);
    });
});

describe("EncryptionKey arguments from an untyped caller (JavaScript, a cast, a spread)", () => {
    const OUTPUT_RULE = /^is an Output; this argument takes a plain value \(it decides what is created before deploy\)/;
    const cases: [string, () => unknown, string, RegExp][] = [
        ["no keyVault", () => ({}), "keyVault", /^is required: the vault holding the key/],
        ["kty as an Output", () => ({ keyVault: premium, kty: pulumi.output("RSA") }), "kty", OUTPUT_RULE],
        ["keyName as an Output", () => ({ keyVault: premium, keyName: pulumi.output("cmk") }), "keyName", OUTPUT_RULE],
        ["keySize as a string", () => ({ keyVault: premium, keySize: "3072" }), "keySize", /^is a string \("3072"\), not a number$/],
        ["keyOps as one string", () => ({ keyVault: premium, keyOps: "wrapKey" }), "keyOps", /^is a string \("wrapKey"\), not a list of strings/],
        ["keyOps as null", () => ({ keyVault: premium, keyOps: null }), "keyOps", /^is null; leave the argument out to take its default$/],
        ["the rotation policy as null", () => ({ keyVault: premium, rotationPolicy: null }), "rotationPolicy", /^is null; leave the argument out to take its default$/],
        ["a key operation as an Output", () => ({ keyVault: premium, keyOps: ["wrapKey", pulumi.output("unwrapKey")] }), "keyOps[1]", OUTPUT_RULE],
        ["automatic rotation as a string", () => ({ keyVault: premium, rotationPolicy: { automaticRotation: "false" } }), "rotationPolicy.automaticRotation", /^is a string \("false"\), not true or false$/],
        ["Azure Verified Modules' name for the key name", () => ({ keyVault: premium, name: "cmk" }), "name", /^is not an argument here; did you mean "keyName"\?$/],
        ["Azure Verified Modules' name for the expiry", () => ({ keyVault: premium, attributesExp: 1900000000 }), "attributesExp", /^is not an argument here; did you mean "expires"\?$/],
        ["a misspelt rotation setting", () => ({ keyVault: premium, rotationPolicy: { expiryTme: "P1Y" } }), "rotationPolicy.expiryTme", /did you mean "expiryTime"\?$/],
        ["a rotation before expiry as a number", () => ({ keyVault: premium, rotationPolicy: { timeBeforeExpiry: 60 } }), "rotationPolicy.timeBeforeExpiry", /^is a number \(60\), not a string$/],
        ["a vault described by hand whose sku is an Output", () => ({ keyVault: { ...premium, sku: pulumi.output("premium") } }), "keyVault.sku", OUTPUT_RULE],
        ["a vault described by hand without its sku", () => ({ keyVault: { ...premium, sku: undefined } }), "keyVault.sku", /^is required: "premium" or "standard"$/],
        ["a vault described by hand whose own resource is its name", () => ({ keyVault: { ...premium, deletedWith: "kvkeys" } }), "keyVault.deletedWith", /^is a string \("kvkeys"\), not an object/],
    ];
    test.each(cases)("refuses %s before registering anything", async (_title, args, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new EncryptionKey("shape-key", untyped<EncryptionKeyArgs>(args())), field, rule);
    });
});
