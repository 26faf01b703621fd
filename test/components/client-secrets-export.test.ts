import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ClientApplication, ClientApplicationArgs, ClientApplicationDefaults } from "../../components/client-application";
import { SecretReader, secretsExportIssues } from "../../components/client-secrets-export";
import { KeyVault } from "../../components/key-vault";
import { VaultReference } from "../../components/types";
import { mockAzureDefaults, Recorder, reveal, setAzureMocks, settle } from "../../plan/mocks";
import { expectRefusedBeforeRegistration, untyped } from "../support/expect";
import { valueOf } from "../support/outputs";
import { ProgramRun, runUnderMocks, validationFailure } from "../support/under-mocks";
import { vendorCertificate } from "../support/vendor-certificate";

const rg = "rg-byok";
const SECRET = "azure-native:keyvault:Secret";
const ROLE = "azure-native:authorization:RoleAssignment";
const INSTALLERS = "5b0f3c2a-7d4e-4a1b-9c8d-1e2f3a4b5c6d";
const OPERATORS = "6c1f4d3b-8e5f-4b2c-8d9e-2f3a4b5c6d7e";
let recorder: Recorder;
let vault: KeyVault;
let kept: KeyVault;

beforeAll(async () => {
    ({ recorder } = await setAzureMocks());
    vault = new KeyVault("kvhandover", { resourceGroupName: rg, protect: false });
    kept = new KeyVault("kvkept", { resourceGroupName: rg });
    await valueOf(vault.vaultUri);
    await valueOf(kept.vaultUri);
    await settle();
});

async function handOver(name: string, keyVault: VaultReference) {
    const app = new ClientApplication(name, { clientSecrets: [{ name: "primary" }], secretsExportConfiguration: { keyVault } });
    await Promise.all(Object.values(app.exportedSecrets).map((s) => valueOf(s.id)));
    await settle();
    expect(recorder.refused).toEqual([]);
}

describe("a handed-over credential's Key Vault secret", () => {
    test("is deleted with a vault the program makes and may delete, and on its own in a kept vault or one the program only reads", async () => {
        await handOver("appliance", vault);
        // A protected vault is kept in Azure on delete, so the secret must be deleted on its own.
        await handOver("kept-appliance", kept);
        // A vault described by hand, as existingKeyVault returns one: no resource of this program.
        await handOver("other-appliance", {
            id: vault.id, vaultName: vault.vaultName, resourceGroupName: rg, vaultUri: vault.vaultUri, tenantId: vault.tenantId,
            sku: "premium", enableRbacAuthorization: true, enablePurgeProtection: true,
        });
        const vaultUrn = recorder.find("azure-native:keyvault:Vault", "kvhandover-vault").urn;
        expect(recorder.ofType(SECRET).map((r) => r.name).sort()).toEqual(["appliance-primary-client-secret-export", "kept-appliance-primary-client-secret-export", "other-appliance-primary-client-secret-export"]);
        expect(recorder.find(SECRET, "kept-appliance-primary-client-secret-export").deletedWith).toBeUndefined();
        expect(recorder.find(SECRET, "appliance-primary-client-secret-export").deletedWith).toBe(vaultUrn);
        expect(recorder.find(SECRET, "other-appliance-primary-client-secret-export").deletedWith).toBeUndefined();
    });
});

describe("a handed-over secret's tags", () => {
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, "x"]));

    test("are at most 15, Key Vault's limit for a secret, where ARM takes 50 on a resource", async () => {
        recorder.clear();
        const app = new ClientApplication("tagged-appliance", { clientSecrets: [{ name: "primary" }], secretsExportConfiguration: { keyVault: vault, tags: tags(15) } });
        await Promise.all(Object.values(app.exportedSecrets).map((s) => valueOf(s.id)));
        await settle();
        expect(recorder.refused).toEqual([]);
        expect(recorder.find(SECRET, "tagged-appliance-primary-client-secret-export").inputs.tags).toEqual(tags(15));
        await expectRefusedBeforeRegistration(recorder, () => new ClientApplication("overtagged-appliance", {
            clientSecrets: [{ name: "primary" }],
            secretsExportConfiguration: { keyVault: vault, tags: tags(16) },
        }), "secretsExportConfiguration.tags", /^has 16 tags; a Key Vault secret takes at most 15 \(put related values in one tag as JSON\)$/);
    });
});

describe("a handed-over secret's name, made from the application's and the credential's", () => {
    const exportIssues = (name: string, args: ClientApplicationArgs) => secretsExportIssues(name, { ...args, secretsExportConfiguration: { keyVault: vault, ...args.secretsExportConfiguration } });

    test("of characters Key Vault refuses is reported once, at the application's name, whatever the credentials: a displayName may keep them", () => {
        expect(exportIssues("Contoso Backup Vendor (prod)", { displayName: "Contoso Backup Vendor (prod)", clientSecrets: [{ name: "primary" }, { name: "standby" }], certificates: [{ name: "cert" }] })).toEqual([
            { field: "name", message: 'makes the handed-over secret "Contoso Backup Vendor (prod)-primary-client-secret", and Key Vault takes only letters, digits and hyphens in a secret\'s name: give the application a name of those alone, and a displayName for what Microsoft Entra shows, which may keep spaces and other characters' },
        ]);
        expect(exportIssues("contoso-backup-prod", { displayName: "Contoso Backup Vendor (prod)", clientSecrets: [{ name: "primary" }] })).toEqual([]);
    });

    test("longer than Key Vault's 127 characters is reported at each credential that makes it, and at the application's name for a rotation secret", () => {
        const app = "a".repeat(100);
        expect(exportIssues(app, { clientSecrets: [{ name: "s" }, { name: "s".repeat(20) }], certificates: [{ name: "c".repeat(20) }], secretsExportConfiguration: { keyVault: vault, current: { clientSecret: "s" } } })).toEqual([
            { field: "clientSecrets[1].name", message: `with the application's name makes the handed-over secret "${app}-${"s".repeat(20)}-client-secret", of 135 characters, and Key Vault takes at most 127; shorten this name or the application's` },
            { field: "certificates[0].name", message: `with the application's name makes the handed-over secret "${app}-${"c".repeat(20)}-certificate", of 133 characters, and Key Vault takes at most 127; shorten this name or the application's` },
        ]);
        const long = "a".repeat(115);
        expect(exportIssues(long, { clientSecrets: [{ name: "s" }], secretsExportConfiguration: { keyVault: vault, current: { clientSecret: "s" } } })).toEqual([
            { field: "clientSecrets[0].name", message: `with the application's name makes the handed-over secret "${long}-s-client-secret", of 131 characters, and Key Vault takes at most 127; shorten this name or the application's` },
            { field: "name", message: `makes the handed-over secret "${long}-client-secret", of 129 characters, and Key Vault takes at most 127; shorten it` },
        ]);
    });
});

describe("a handed-over secret under Azure Landing Zones' Key Vault guardrails (secrets valid at most 90 days)", () => {
    // Azure/Enterprise-Scale Enforce-Guardrails-KeyVault.json: Deny-KV-Secrets-ValidityDays, policy 342e8053-e12e-4c44-be01-c3c2f318400f,
    // effect secretsValidPeriod "Deny", maximumValidityInDays secretsValidityInDays 90, assigned as Enforce-GR-KeyVault.
    const ALZ_SECRET_DAYS = 90;

    test("is refused with the defaults, so the README says so and how to stay within it", () => {
        expect(ClientApplicationDefaults.clientSecret.validityDays).toBeGreaterThan(ALZ_SECRET_DAYS);
        expect(ClientApplicationDefaults.certificate.validityDays).toBeGreaterThan(ALZ_SECRET_DAYS);
        const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
        const section = readme.slice(readme.indexOf("#### Rotating a handed-over credential"), readme.indexOf("### What a deployed key or vault keeps")).replace(/\s+/g, " ");
        for (const said of [
            "the `Enforce-GR-KeyVault` assignment (initiative `Enforce-Guardrails-KeyVault`) denies by default a Key Vault secret whose expiry is more than 90 days after its creation",
            "Azure Policy 342e8053",
            `a client secret valid ${ClientApplicationDefaults.clientSecret.validityDays} days, a generated certificate ${ClientApplicationDefaults.certificate.validityDays}`,
            "Give each handed-over credential `validityDays` of at most 90 (a client secret may give an `endDate` within 90 days instead)",
        ]) expect(section).toContain(said);
    });

    test("is within it with validityDays 90: the secret expires at most 90 days after it is written", async () => {
        recorder.clear();
        const app = new ClientApplication("alz-appliance", { clientSecrets: [{ name: "primary", validityDays: ALZ_SECRET_DAYS }], secretsExportConfiguration: { keyVault: kept } });
        await valueOf(app.exportedSecrets["alz-appliance-primary-client-secret"].id);
        await settle();
        const written = Math.floor(Date.now() / 1000);
        const properties = reveal(recorder.find(SECRET, "alz-appliance-primary-client-secret-export").inputs.properties) as RecordedProperties;
        expect(properties.attributes.expires).toBeLessThanOrEqual(written + ALZ_SECRET_DAYS * 86400);
    });
});

describe("a handed-over secret's readers", () => {
    /** The reader assignments `readers` get on the application `name`'s handed-over client secret, by principal. */
    async function readerAssignments(name: string, keyVault: VaultReference, readers: SecretReader[]) {
        recorder.clear();
        const app = new ClientApplication(name, { clientSecrets: [{ name: "primary" }], secretsExportConfiguration: { keyVault, readers } });
        await Promise.all(Object.values(app.exportedSecrets).map((s) => valueOf(s.id)));
        await settle();
        expect(recorder.refused).toEqual([]);
        return Object.fromEntries(recorder.ofType(ROLE).filter((r) => r.name.includes("-reader-")).map((r) => [String(r.inputs.principalId), { name: r.name, aliases: r.aliases }]));
    }

    test("keep their assignments under their names when readers whose principals are Outputs are removed or reordered", async () => {
        const installers: SecretReader = { name: "installers", principalId: pulumi.output(INSTALLERS), principalType: "Group" };
        const operators: SecretReader = { name: "operators", principalId: pulumi.output(OPERATORS), principalType: "Group" };
        // A URN is the resource's name under its parent's type: the same reader's name under the secret is its same URN
        // (two applications here, since the mocks hold an application's name once).
        const both = await readerAssignments("groups-appliance", vault, [installers, operators]);
        expect([both[INSTALLERS].name, both[OPERATORS].name]).toEqual(["groups-appliance-primary-client-secret-reader-installers", "groups-appliance-primary-client-secret-reader-operators"]);
        // Named by their place until they had to be named: a stack deployed with this list finds each there.
        expect([both[INSTALLERS].aliases, both[OPERATORS].aliases]).toEqual([["groups-appliance-primary-client-secret-reader-0"], ["groups-appliance-primary-client-secret-reader-1"]]);
        const reordered = await readerAssignments("reordered-appliance", vault, [operators, installers]);
        expect([reordered[INSTALLERS].name, reordered[OPERATORS].name]).toEqual(["reordered-appliance-primary-client-secret-reader-installers", "reordered-appliance-primary-client-secret-reader-operators"]);
        const removed = await readerAssignments("removed-appliance", vault, [operators]);
        expect(Object.values(removed).map((r) => r.name)).toEqual(["removed-appliance-primary-client-secret-reader-operators"]);
    });

    test("move a reader given a name from its principal's name and its place by alias", async () => {
        const named = await readerAssignments("named-appliance", vault, [{ name: "installers", principalId: INSTALLERS.toUpperCase(), principalType: "Group" }]);
        expect(named[INSTALLERS.toUpperCase()]).toMatchObject({
            name: "named-appliance-primary-client-secret-reader-installers",
            aliases: [`named-appliance-primary-client-secret-reader-${INSTALLERS}`, "named-appliance-primary-client-secret-reader-0"],
        });
    });

    test("refuse a reader whose principal is an Output without a name, before anything is registered", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new ClientApplication("unnamed-appliance", {
            clientSecrets: [{ name: "primary" }],
            secretsExportConfiguration: { keyVault: vault, readers: [{ principalId: INSTALLERS, principalType: "Group" }, { principalId: pulumi.output(OPERATORS), principalType: "Group" }] },
        }), "secretsExportConfiguration.readers[1].name", /^is required while principalId is unknown until deploy \(an Output, such as a group's objectId\): without a name the entry is known only by its place in the list, so reordering or removing entries would move its role assignments to another name: Azure refuses the new ones while the old ones exist \(409 RoleAssignmentExists\); give it a name/);
    });
});

describe("a reader given as an Output, known at preview", () => {
    let run: ProgramRun;
    beforeAll(() => {
        run = runUnderMocks(`
            const { KeyVault } = require("./components/key-vault");
            const { ClientApplication } = require("./components/client-application");
            const keyVault = new KeyVault("kvreaders", { resourceGroupName: "rg-byok", protect: false });
            const handOver = (name, principalId) => new ClientApplication(name, { clientSecrets: [{ name: "primary" }], secretsExportConfiguration: { keyVault, readers: [{ name: "installers", principalId, principalType: "Group" }] } });
            handOver("reader-output", pulumi.output("installers@contoso.com"));
            handOver("reader-secret", pulumi.secret("installers@contoso.com"));
            handOver("reader-unknown", pulumi.output(pulumi.unknown).apply(() => "installers@contoso.com"));
            handOver("reader-good", pulumi.secret(${JSON.stringify(INSTALLERS)}));
        `, { preview: true });
    });
    const failureOf = (component: string) => validationFailure(run, component);
    const assignment = (app: string) => `${ROLE}::${app}-primary-client-secret-reader-installers`;

    test("a reader that is no object id fails with the message a plain one gets, and is assigned no role", async () => {
        const plain = await expectRefusedBeforeRegistration(recorder, () => new ClientApplication("plain-reader", {
            clientSecrets: [{ name: "primary" }],
            secretsExportConfiguration: { keyVault: vault, readers: [{ name: "installers", principalId: "installers@contoso.com", principalType: "Group" }] },
        }), "secretsExportConfiguration.readers[0].principalId", /not an object id/);
        expect(failureOf('ClientApplication "reader-output"')).toContain(`ClientApplication "reader-output": invalid arguments:\n  - secretsExportConfiguration.readers[0].principalId: ${plain.issues[0].message}`);
        expect(run.registered).toContain(`${SECRET}::reader-output-primary-client-secret-export`);
        expect(run.registered).not.toContain(assignment("reader-output"));
    });

    test("one from a secret is shown as [secret]", () => {
        const failure = failureOf('ClientApplication "reader-secret"');
        expect(failure).toContain('ClientApplication "reader-secret": invalid arguments:\n  - secretsExportConfiguration.readers[0].principalId: [secret] is not an object id (a GUID)');
        expect(failure).not.toContain("installers@contoso.com");
        expect(run.registered).not.toContain(assignment("reader-secret"));
    });

    test("a reader unknown at preview and an object id pass, the object id assigned its role", () => {
        // The mocks themselves refuse an assignment to a principal they cannot read: no ValidationError is what counts.
        expect(run.failures.filter((f) => /"reader-(unknown|good)": invalid arguments/.test(f))).toEqual([]);
        expect(run.failures.filter((f) => f.includes("reader-good"))).toEqual([]);
        expect(run.registered).toEqual(expect.arrayContaining([assignment("reader-unknown"), assignment("reader-good")]));
    });
});

/** A secret's properties as recorded: Pulumi keeps the whole object secret, since its value is. */
type RecordedProperties = { value: string; contentType: string; attributes: { enabled: boolean; expires: number } };
const seconds = (date: string) => Math.floor(Date.parse(date) / 1000);

describe("a rotation secret (secretsExportConfiguration.current)", () => {
    test("holds the credential current names, besides its own secret, expiring with it, and is read by the readers", async () => {
        recorder.clear();
        const app = new ClientApplication("rotating-appliance", {
            clientSecrets: [{ name: "2026a" }, { name: "2026b", validityDays: 90 }],
            certificates: [{ name: "signing" }],
            secretsExportConfiguration: { keyVault: vault, readers: [{ name: "installers", principalId: INSTALLERS, principalType: "Group" }], current: { clientSecret: "2026b", certificate: "signing" } },
        });
        await Promise.all(Object.values(app.exportedSecrets).map((s) => valueOf(s.id)));
        await settle();
        expect(recorder.refused).toEqual([]);
        const written = ["rotating-appliance-2026a-client-secret", "rotating-appliance-2026b-client-secret", "rotating-appliance-signing-certificate", "rotating-appliance-client-secret", "rotating-appliance-certificate"];
        expect(recorder.ofType(SECRET).map((r) => r.inputs.secretName).sort()).toEqual([...written].sort());
        expect(Object.keys(app.exportedSecrets)).toEqual(written);
        const propertiesOf = (secretName: string) => reveal(recorder.find(SECRET, `${secretName}-export`).inputs.properties) as RecordedProperties;
        expect(propertiesOf("rotating-appliance-client-secret")).toEqual({
            value: await valueOf(app.clientSecrets["2026b"].value),
            contentType: "text/plain",
            attributes: { enabled: true, expires: seconds(await valueOf(app.clientSecrets["2026b"].endDate)) },
        });
        expect(propertiesOf("rotating-appliance-certificate")).toEqual({
            value: await valueOf(app.certificates.signing.certificateWithKeyPem as pulumi.Output<string>),
            contentType: "application/x-pem-file",
            attributes: { enabled: true, expires: seconds(await valueOf(app.certificates.signing.endDate)) },
        });
        // New names: no earlier name to move from.
        const reader = recorder.find(ROLE, "rotating-appliance-client-secret-reader-installers");
        expect(reader.aliases).toEqual([]);
        expect(reader.inputs).toMatchObject({ scope: await valueOf(app.exportedSecrets["rotating-appliance-client-secret"].id), principalId: INSTALLERS, principalType: "Group" });
        expect(recorder.find(ROLE, "rotating-appliance-certificate-reader-installers").inputs.scope).toBe(await valueOf(app.exportedSecrets["rotating-appliance-certificate"].id));
    });

    const vendorPem = vendorCertificate(365);
    test.each([
        ["a client secret the application does not have", { clientSecret: "2026c" }, "secretsExportConfiguration.current.clientSecret", /^"2026c" is not one of the application's clientSecrets \(they are "2026a", "2026b"\); name the one the vendor uses now/],
        ["a client secret written in another case", { clientSecret: "2026A" }, "secretsExportConfiguration.current.clientSecret", /^"2026A" is not one of the application's clientSecrets \(they are "2026a", "2026b"\)/],
        ["a certificate of an application with none", { certificate: "signing" }, "secretsExportConfiguration.current.certificate", /^"signing" is not one of the application's certificates \(it has none\)/],
        ["no credential at all", {}, "secretsExportConfiguration.current", /^names no credential; give clientSecret or certificate/],
        ["a misspelt field", untyped<object>({ clientsecret: "2026a" }), "secretsExportConfiguration.current.clientsecret", /did you mean "clientSecret"\?$/],
    ])("refuses %s, naming the field, before anything is registered", async (_, current, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new ClientApplication("refused-rotation", {
            clientSecrets: [{ name: "2026a" }, { name: "2026b" }],
            secretsExportConfiguration: { keyVault: vault, current },
        }), field, rule);
    });

    test("refuses a supplied certificate, whose private key stays with the vendor", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new ClientApplication("supplied-rotation", {
            certificates: [{ name: "vendor", certificatePem: vendorPem }],
            clientSecrets: [{ name: "2026a" }],
            secretsExportConfiguration: { keyVault: vault, current: { certificate: "vendor" } },
        }), "secretsExportConfiguration.current.certificate", /^"vendor" is a supplied certificate \(certificatePem\): its private key stays with the vendor, so there is nothing to hand over; name a generated certificate/);
    });

    test.each([
        ["a name alone", "2026b", /^is a string \("2026b"\), not an object/],
        ["null", null, /^is null; leave the argument out/],
        ["a list", ["2026b"], /^is a list, not an object/],
    ])("reports a current given as %s once, at its field", async (_, current, rule) => {
        const error = await expectRefusedBeforeRegistration(recorder, () => new ClientApplication("shapeless-rotation", {
            clientSecrets: [{ name: "2026a" }, { name: "2026b" }],
            secretsExportConfiguration: { keyVault: vault, current: untyped<object>(current) },
        }), "secretsExportConfiguration.current", rule);
        expect(error.issues.filter((i) => i.field === "secretsExportConfiguration.current")).toHaveLength(1);
    });

    // A field called clientSecret invites the secret itself (a client secret's value has "~", a PEM line breaks):
    // such a value is no credential name, and is not repeated back.
    const unnamed = (entries: string) => `is not a credential name (letters, digits and hyphens, 1–63), so not repeated here: it may be the credential itself; name the ${entries} entry the vendor uses now`;
    test.each([
        ["clientSecret", "a client secret's value", "Fk38Q~notAReal.Secret_0123456789abcdefghij", `${unnamed("clientSecrets")} (they are "2026a")`],
        ["certificate", "a private key", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----", `${unnamed("certificates")} (they are "signing")`],
    ])("refuses, without quoting it, a current.%s that is %s instead of a credential's name", async (kind, _, pasted, message) => {
        const error = await expectRefusedBeforeRegistration(recorder, () => new ClientApplication("pasted-rotation", {
            clientSecrets: [{ name: "2026a" }],
            certificates: [{ name: "signing" }],
            secretsExportConfiguration: { keyVault: vault, current: { [kind]: pasted } },
        }), `secretsExportConfiguration.current.${kind}`, /^is not a credential name/);
        expect(error.issues.find((i) => i.field === `secretsExportConfiguration.current.${kind}`)?.message).toBe(message);
        expect(error.message).not.toContain(pasted.slice(0, 12));
    });

    // Last in this file: each deploy is a fresh program, under mocks of its own.
    test("switching current to another credential keeps the one resource, changing only its value and expiry", async () => {
        const keyVault: VaultReference = {
            id: `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/kv-rotation`,
            vaultName: "kv-rotation", resourceGroupName: rg, vaultUri: "https://kv-rotation.vault.azure.net/", tenantId: mockAzureDefaults.tenantId,
            sku: "premium", enableRbacAuthorization: true, enablePurgeProtection: true,
        };
        const deploy = async (current: string) => {
            const { recorder: run } = await setAzureMocks({ vaults: [{ name: "kv-rotation", resourceGroupName: rg, sku: "premium", enablePurgeProtection: true }] });
            const app = new ClientApplication("rotating", {
                clientSecrets: [{ name: "2026a", validityDays: 90 }, { name: "2026b" }],
                secretsExportConfiguration: { keyVault, readers: [{ name: "installers", principalId: INSTALLERS, principalType: "Group" }], current: { clientSecret: current } },
            });
            await Promise.all(Object.values(app.exportedSecrets).map((s) => valueOf(s.id)));
            await settle();
            expect(run.refused).toEqual([]);
            const secret = run.find(SECRET, "rotating-client-secret-export");
            const reader = run.find(ROLE, "rotating-client-secret-reader-installers");
            return {
                secret: { urn: secret.urn, inputs: { ...secret.inputs, properties: reveal(secret.inputs.properties) as RecordedProperties } },
                reader: { urn: reader.urn, inputs: reader.inputs },
                credential: { value: await valueOf(app.clientSecrets[current].value), expires: seconds(await valueOf(app.clientSecrets[current].endDate)) },
            };
        };
        const before = await deploy("2026a");
        const after = await deploy("2026b");
        expect(before.secret.inputs.properties).toMatchObject({ value: before.credential.value, attributes: { expires: before.credential.expires } });
        expect(after.credential.value).not.toBe(before.credential.value);
        expect(after.credential.expires).not.toBe(before.credential.expires);
        // The same URN and the same secret name, vault and group (the ARM path, which alone replaces a secret):
        // a PUT with the new value, which Key Vault keeps as the secret's new version.
        expect(after.secret.urn).toBe(before.secret.urn);
        expect(after.secret.inputs).toEqual({
            ...before.secret.inputs,
            properties: { ...before.secret.inputs.properties, value: after.credential.value, attributes: { enabled: true, expires: after.credential.expires } },
        });
        expect(after.reader).toEqual(before.reader);
    });
});
