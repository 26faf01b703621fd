import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as azureNative from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import * as random from "@pulumi/random";
import { mockAzureDefaults, setAzureMocks, settle } from "../../plan/mocks";
import { spawnPackProcess } from "../../plan/pack-process";
import { defaultProviderName, encodeAnalyzeRequest, encodeStackRequest, PolicyPackClient, PolicyPackConfigFile, providerLookup, readDiagnostics } from "../../plan/policy-client";
import type { RecordedResource } from "../../plan/recorder";
import { good, TYPES } from "../policies/fixtures";

function diagnostic(policy: string, urn: string, level: analyzer.EnforcementLevel): analyzer.AnalyzeDiagnostic {
    return new analyzer.AnalyzeDiagnostic()
        .setPolicyname(policy)
        .setPolicypackname("azure-byok")
        .setPolicypackversion("0.1.0")
        .setDescription("a rule")
        .setMessage(`a rule\n${policy} found it`)
        .setEnforcementlevel(level)
        .setUrn(urn)
        .setSeverity(analyzer.PolicySeverity.POLICY_SEVERITY_HIGH);
}

describe("readDiagnostics: the plan's reading of an AnalyzeResponse", () => {
    test("keeps every diagnostic, in order and whole, and skips the policies that did not apply", () => {
        const sent = new analyzer.AnalyzeResponse()
            .setDiagnosticsList([
                diagnostic("azure-keyvault-vault-enable-purge-protection", "urn:pulumi:dev::azure-byok::azure-native:keyvault:Vault::v", analyzer.EnforcementLevel.MANDATORY),
                diagnostic("azure-keyvault-key-enable-rotation", "", analyzer.EnforcementLevel.ADVISORY),
            ])
            .setNotApplicableList(["a", "b", "c"].map((name) => new analyzer.PolicyNotApplicable().setPolicyName(name).setReason(`Policy only applies to resources of type '${name}'`)));

        const read = readDiagnostics(sent.serializeBinary());

        expect(read.getDiagnosticsList().map((d) => d.toObject())).toEqual(sent.getDiagnosticsList().map((d) => d.toObject()));
        expect(read.getNotApplicableList()).toEqual([]);
    });

    test("reads an empty answer as no diagnostics", () => {
        expect(readDiagnostics(new analyzer.AnalyzeResponse().serializeBinary()).getDiagnosticsList()).toEqual([]);
    });
});

function recorded(i: number): RecordedResource {
    const urn = `urn:pulumi:dev::azure-byok::azure-native:keyvault:Key::key-${i}`;
    return {
        urn,
        type: "azure-native:keyvault:Key",
        name: `key-${i}`,
        custom: true,
        parent: i % 2 === 0 ? "urn:pulumi:dev::azure-byok::azure-byok:keyvault:KeyVault::vault" : undefined,
        dependencies: [`urn:pulumi:dev::azure-byok::azure-native:keyvault:Vault::vault-${i}`],
        propertyDependencies: { vaultName: [`urn:pulumi:dev::azure-byok::azure-native:keyvault:Vault::vault-${i}`] },
        protect: i % 3 === 0,
        retainOnDelete: false,
        aliases: [],
        deleteBeforeReplace: i % 5 === 0,
        ignoreChanges: i % 4 === 0 ? ["properties.attributes.exp"] : [],
        additionalSecretOutputs: [],
        inputs: {},
        outputs: { name: `key-${i}`, properties: { kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"], rotationPolicy: { lifetimeActions: [{ action: { type: "rotate" } }] } }, tags: { "byok-index": String(i) } },
    };
}

describe("the requests the plan encodes", () => {
    test("AnalyzeStack: every resource with its outputs, options, parent and dependencies, across many slices", async () => {
        const resources = Array.from({ length: 23 }, (_, i) => recorded(i));

        const read = analyzer.AnalyzeStackRequest.deserializeBinary(await encodeStackRequest(resources, 5)).getResourcesList();

        expect(read.map((r) => r.getUrn())).toEqual(resources.map((r) => r.urn));
        read.forEach((item, i) => {
            const r = resources[i];
            expect(item.getType()).toBe(r.type);
            expect(item.getName()).toBe(r.name);
            expect(item.getProperties()?.toJavaScript()).toEqual(r.outputs);
            expect(item.getOptions()?.getProtect()).toBe(r.protect);
            expect(item.getOptions()?.getIgnorechangesList()).toEqual(r.ignoreChanges);
            expect(item.getOptions()?.getDeletebeforereplace()).toBe(r.deleteBeforeReplace);
            expect(item.getParent()).toBe(r.parent ?? "");
            expect(item.getDependenciesList()).toEqual(r.dependencies);
            expect(item.getPropertydependenciesMap().get("vaultName")?.getUrnsList()).toEqual(r.propertyDependencies.vaultName);
        });
    });

    test("AnalyzeStack: an empty stack is an empty request", async () => {
        expect(analyzer.AnalyzeStackRequest.deserializeBinary(await encodeStackRequest([])).getResourcesList()).toEqual([]);
    });

    test("Analyze: one resource's type, name, URN, options and inputs", () => {
        const r = { ...recorded(3), inputs: { vaultName: "kv-prod", properties: { kty: "RSA-HSM", keySize: 3072 }, dropped: undefined } };

        const read = analyzer.AnalyzeRequest.deserializeBinary(encodeAnalyzeRequest(r));

        expect(read.getType()).toBe(r.type);
        expect(read.getName()).toBe(r.name);
        expect(read.getUrn()).toBe(r.urn);
        expect(read.getProperties()?.toJavaScript()).toEqual({ vaultName: "kv-prod", properties: { kty: "RSA-HSM", keySize: 3072 } });
        expect(read.getOptions()?.getProtect()).toBe(true);
        expect(read.getOptions()?.getIgnorechangesList()).toEqual([]);
    });
});

describe("configure: the policy config as `pulumi preview --policy-pack-config` reads it", () => {
    const ROTATION = "azure-keyvault-key-configure-rotation-policy";
    const PURGE = "azure-keyvault-vault-enable-purge-protection";
    let pack: PolicyPackClient;
    beforeAll(async () => {
        pack = await PolicyPackClient.start();
        await pack.configureStack({ stack: "dev", project: "azure-byok" });
    }, 60000);
    afterAll(async () => {
        await pack?.stop();
    });

    /** A key rotating after 120 days: the rotation policy (advisory by default) reports it. */
    function slowRotatingKey(): RecordedResource {
        const inputs = good.key();
        inputs.properties.rotationPolicy.lifetimeActions[0].trigger.timeAfterCreate = "P120D";
        return { ...recorded(0), type: TYPES.key, inputs };
    }
    async function rotationLevels(config: PolicyPackConfigFile): Promise<string[]> {
        await pack.configure(config);
        return (await pack.analyze(slowRotatingKey())).filter((v) => v.policy === ROTATION).map((v) => v.enforcementLevel);
    }
    async function refusal(config: unknown): Promise<unknown> {
        return pack.configure(config as PolicyPackConfigFile).then(() => "accepted", (e: unknown) => e);
    }

    test('`"all"` in object form sets every policy\'s level, as in string form; a policy\'s own level beats it', async () => {
        expect(await rotationLevels({})).toEqual(["advisory"]);
        expect(await rotationLevels({ all: "mandatory" })).toEqual(["mandatory"]);
        expect(await rotationLevels({ all: { enforcementLevel: "mandatory" } })).toEqual(["mandatory"]);
        expect(await rotationLevels({ all: { enforcementLevel: "disabled" } })).toEqual([]);
        expect(await rotationLevels({ all: { enforcementLevel: "disabled" }, [ROTATION]: { enforcementLevel: "advisory" } })).toEqual(["advisory"]);
    });

    test("keeps the level Configure sent each policy: its own, else `all`'s, else the pack's", async () => {
        const declared = pack.info.policies.find((p) => p.name === PURGE)?.enforcementLevel;
        await pack.configure({});
        expect([pack.levels[ROTATION], pack.levels[PURGE]]).toEqual(["advisory", declared]);
        await pack.configure({ all: "disabled", [ROTATION]: "mandatory" });
        expect([pack.levels[ROTATION], pack.levels[PURGE]]).toEqual(["mandatory", "disabled"]);
        expect(Object.keys(pack.levels).sort()).toEqual(pack.info.policies.map((p) => p.name).sort());
    });

    test.each([
        ["null", null, 'policy config "all": is null, not an enforcement level or an object of its config'],
        ["a number", 1, 'policy config "all": is a number, not an enforcement level or an object of its config'],
        ["a boolean", true, 'policy config "all": is a boolean, not an enforcement level or an object of its config'],
        ["an array", ["mandatory"], 'policy config "all": is an array, not an enforcement level or an object of its config'],
        ["a level cased wrong", "Mandatory", 'policy config "all": "Mandatory" is not advisory, mandatory, remediate or disabled'],
        ["an object with an unknown level", { enforcementLevel: "bogus" }, 'policy config "all": "bogus" is not advisory, mandatory, remediate or disabled'],
        ["an object with a null level", { enforcementLevel: null }, 'policy config "all": null is not advisory, mandatory, remediate or disabled'],
    ])('refuses `"all"` as %s with one problem naming it, as the CLI refuses the file', async (_what, value, problem) => {
        expect(await refusal({ all: value })).toMatchObject({ name: "PolicyConfigError", problems: [problem] });
    });

    /** The warnings configure gives for this config, which it accepts. */
    async function warningsOf(config: unknown): Promise<string[]> {
        const warnings: string[] = [];
        await pack.configure(config as PolicyPackConfigFile, (w) => warnings.push(w));
        return warnings;
    }

    test("warns of a key that is none of the pack's policies, which the CLI ignores, suggesting the policy it resembles", async () => {
        expect(await warningsOf({ "Azure-Keyvault-Vault-Enable-Purge-Protection": "disabled" })).toEqual([
            'policy config "Azure-Keyvault-Vault-Enable-Purge-Protection": the pack azure-byok has no such policy, so the CLI ignores it (did you mean "azure-keyvault-vault-enable-purge-protection"?)',
        ]);
        expect(await warningsOf({ "azure-keyvault-vault-missing-privte-endpoint": { enforcementLevel: "disabled" }, "aws-s3-bucket-prohibit-public-read": "mandatory" })).toEqual([
            'policy config "azure-keyvault-vault-missing-privte-endpoint": the pack azure-byok has no such policy, so the CLI ignores it (did you mean "azure-keyvault-vault-missing-private-endpoint"?)',
            'policy config "aws-s3-bucket-prohibit-public-read": the pack azure-byok has no such policy, so the CLI ignores it',
        ]);
        // Ignored, it configures nothing: the rule keeps its own level.
        expect(await rotationLevels({ [ROTATION.toUpperCase()]: "disabled" })).toEqual(["advisory"]);
    });

    test("warns of a property a policy's schema does not declare, which the CLI passes on and the policy ignores, suggesting the one it resembles", async () => {
        const ignored = (key: string, hint: string) => `policy config "${key}": the policy has no such property: the CLI passes it on and the policy ignores it (${hint})`;
        expect(await warningsOf({ [ROTATION]: { enforcementLevel: "mandatory", maxDayToRotate: 30 } })).toEqual([ignored(`${ROTATION}.maxDayToRotate`, 'did you mean "maxDaysToRotate"?')]);
        // Misspelt, the profile would stay baseline without a word.
        expect(await warningsOf({ "azure-byok-profile": { Profle: "mcsb" } })).toEqual([ignored("azure-byok-profile.Profle", 'did you mean "profile"?')]);
        const properties = Object.keys(pack.info.policies.find((p) => p.name === ROTATION)?.configSchema ?? {});
        expect(properties).toContain("maxDaysToRotate");
        expect(await warningsOf({ [ROTATION]: { colour: "blue" } })).toEqual([ignored(`${ROTATION}.colour`, `its properties are ${properties.join(", ")}`)]);
        expect(await warningsOf({ [PURGE]: { enforcementLevel: "mandatory", retentionDays: 90 } })).toEqual([ignored(`${PURGE}.retentionDays`, "it takes none")]);
        // Ignored, it configures nothing: the key rotating at 120 days still breaks the default 90, where 150 spelt right admits it.
        expect(await rotationLevels({ [ROTATION]: { enforcementLevel: "mandatory", maxDayToRotate: 150 } })).toEqual(["mandatory"]);
        expect(await rotationLevels({ [ROTATION]: { enforcementLevel: "mandatory", maxDaysToRotate: 150 } })).toEqual([]);
    });

    test.each(["dev", "central"])("gives no warning for the project's policy-config/%s.json", async (stack) => {
        expect(await warningsOf(jsonOf(path.join(__dirname, "..", "..", "policy-config", `${stack}.json`)))).toEqual([]);
    });

    test("still refuses a key the CLI cannot parse, though it names no policy of the pack", async () => {
        expect(await refusal({ "aws-s3-bucket-prohibit-public-read": "blocking" })).toMatchObject({ problems: ['policy config "aws-s3-bucket-prohibit-public-read.enforcementLevel": "blocking" is not advisory, mandatory, remediate or disabled'] });
    });

    test("refuses a key naming no policy of the pack that has settings but no enforcementLevel, on which the CLI's Configure fails", async () => {
        // pulumi/pulumi applyConfig passes such a key on with level "", and analyzer_plugin.go Configure
        // refuses the whole config: `invalid enforcement level ""`.
        expect(await refusal({ "azure-keyvault-key-missing-in-stak": { externalKeys: ["kv-platform-central/payments-byok"] } })).toMatchObject({
            name: "PolicyConfigError",
            problems: ['policy config "azure-keyvault-key-missing-in-stak": the pack azure-byok has no such policy (did you mean "azure-keyvault-key-missing-in-stack"?), and with settings but no enforcementLevel the CLI refuses the whole config with invalid enforcement level ""'],
        });
        expect(await refusal({ all: { maxDaysToRotate: 30 } })).toMatchObject({
            problems: ['policy config "all": has maxDaysToRotate and no enforcementLevel, and `all` takes only a level, so the CLI refuses the whole config with invalid enforcement level ""; give each setting under its policy\'s name'],
        });
        // With a level, or empty (parsePolicyPackConfig drops it), the CLI passes it on or drops it: a warning at most.
        expect(await warningsOf({ "azure-keyvault-key-missing-in-stak": { enforcementLevel: "advisory", externalKeys: [] }, "aws-s3-bucket-prohibit-public-read": {} })).toEqual([
            'policy config "azure-keyvault-key-missing-in-stak": the pack azure-byok has no such policy, so the CLI ignores it (did you mean "azure-keyvault-key-missing-in-stack"?)',
            'policy config "aws-s3-bucket-prohibit-public-read": the pack azure-byok has no such policy, so the CLI ignores it',
        ]);
    });

    test("warns that keys of `all` other than its level configure no policy", async () => {
        expect(await warningsOf({ all: { enforcementLevel: "advisory", maxDaysToRotate: 30 } })).toEqual(['policy config "all": only its enforcementLevel applies; the CLI passes maxDaysToRotate to no policy']);
    });

    test("takes the ESC `environments` list (CLI 3.231 and later), noting that offline it is not resolved; refuses one the CLI refuses", async () => {
        expect(await warningsOf({ environments: ["byok/policy", "byok/shared"] })).toEqual([
            "policy config names Pulumi ESC environments (byok/policy, byok/shared); offline their values are not available, so only the file's own policy config is applied",
        ]);
        expect(await warningsOf({ environments: [] })).toEqual([]);
        expect(await refusal({ environments: "byok/policy" })).toMatchObject({ problems: ['policy config "environments": is a string, not a list of Pulumi ESC environment names'] });
        expect(await refusal({ environments: ["byok/policy", 3] })).toMatchObject({ problems: ['policy config "environments[1]": is a number, not a Pulumi ESC environment name (a string)'] });
    });

    test("refuses a property breaking two rules of its schema with a problem for each, each a line of its own", async () => {
        const refused = await refusal({ "azure-keyvault-key-configure-min-rsa-size": { minRsaKeySize: "big" } });
        expect(refused).toMatchObject({
            name: "PolicyConfigError",
            problems: [
                'policy config "azure-keyvault-key-configure-min-rsa-size.minRsaKeySize": must be integer',
                'policy config "azure-keyvault-key-configure-min-rsa-size.minRsaKeySize": must be equal to one of the allowed values (2048, 3072, 4096)',
            ],
        });
    });

    test("refuses an enforcementLevel given as null (the CLI: must be a string), rather than taking the policy's own level", async () => {
        expect(await refusal({ [PURGE]: { enforcementLevel: null } })).toMatchObject({ problems: [`policy config "${PURGE}.enforcementLevel": null is not advisory, mandatory, remediate or disabled`] });
    });
});

describe("start: a pack that dies before it serves", () => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), "broken-packs-"));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));
    /** A pack whose rules throw on load, as a rule edited with a bug does: run-policy-pack exits 32. */
    function brokenPack(): string {
        const dir = mkdtempSync(path.join(scratch, "pack-"));
        mkdirSync(path.join(dir, "bin"));
        writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
        writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "broken", version: "0.1.0", main: "bin/index.js" }));
        writeFileSync(path.join(dir, "bin", "index.js"), 'throw new Error("a rule with a bug");\n');
        return dir;
    }
    /** How long `start` took to refuse, and what it said. */
    async function refusal(start: Promise<PolicyPackClient>): Promise<{ ms: number; message: string }> {
        const began = Date.now();
        const error = await start.then(() => undefined, (e: unknown) => e);
        return { ms: Date.now() - began, message: error instanceof Error ? error.message : String(error) };
    }

    test("spawned early, as the plan spawns it, and dead before the client came: its exit, at once, with its stderr uncoloured", async () => {
        const packDir = brokenPack();
        const spawned = spawnPackProcess(packDir);
        const { child } = await spawned;
        await new Promise<void>((resolve) => child.once("close", () => resolve()));
        const { ms, message } = await refusal(PolicyPackClient.start({ packDir, spawned, startTimeoutMs: 15_000 }));
        expect(message).toMatch(/^the policy pack exited \(code 32\) before printing its port\n/);
        expect(message).toContain("Error: a rule with a bug");
        expect(message).not.toContain("\x1b");
        expect(ms).toBeLessThan(5_000);
    }, 30_000);

    test("spawned early and killed before the client came: the signal, at once", async () => {
        const packDir = brokenPack();
        const spawned = spawnPackProcess(packDir);
        const { child } = await spawned;
        const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
        child.kill("SIGKILL");
        await closed;
        const { ms, message } = await refusal(PolicyPackClient.start({ packDir, spawned, startTimeoutMs: 15_000 }));
        expect(message).toMatch(/^the policy pack exited \(SIGKILL\) before printing its port/);
        expect(ms).toBeLessThan(5_000);
    }, 30_000);

    test("started by the client and dying while it waits: its exit", async () => {
        const { message } = await refusal(PolicyPackClient.start({ packDir: brokenPack(), startTimeoutMs: 15_000 }));
        expect(message).toMatch(/^the policy pack exited \(code 32\) before printing its port\n/);
    }, 30_000);
});

describe("the options and provider the CLI sends with each resource", () => {
    test("deleteBeforeReplaceDefined says whether the option was given, false included, as marshalResourceOptions sends it", async () => {
        const { recorder } = await setAzureMocks();
        new random.RandomString("given-false", { length: 4 }, { deleteBeforeReplace: false });
        new random.RandomString("given-true", { length: 4 }, { deleteBeforeReplace: true });
        new random.RandomString("not-given", { length: 4 });
        await settle();
        const options = (name: string) => analyzer.AnalyzeRequest.deserializeBinary(encodeAnalyzeRequest(recorder.find("random:index/randomString:RandomString", name))).getOptions();
        expect([options("given-false")?.getDeletebeforereplace(), options("given-false")?.getDeletebeforereplacedefined()]).toEqual([false, true]);
        expect([options("given-true")?.getDeletebeforereplace(), options("given-true")?.getDeletebeforereplacedefined()]).toEqual([true, true]);
        expect([options("not-given")?.getDeletebeforereplace(), options("not-given")?.getDeletebeforereplacedefined()]).toEqual([false, false]);
    });

    test("a resource made through an explicit provider carries it, in Analyze and AnalyzeStack: URN, type, name, and inputs with the plugin version the engine adds", async () => {
        const { recorder } = await setAzureMocks();
        const platform = new azureNative.Provider("platform", { subscriptionId: mockAzureDefaults.subscriptionId, location: "westeurope" });
        new azureNative.resources.ResourceGroup("group", { resourceGroupName: "rg-platform", location: "westeurope" }, { provider: platform });
        new random.RandomString("free", { length: 4 });
        await settle();
        const provider = recorder.find("pulumi:providers:azure-native", "platform");
        const group = recorder.find("azure-native:resources:ResourceGroup", "group");
        const expected = {
            urn: provider.urn,
            type: "pulumi:providers:azure-native",
            name: "platform",
            properties: { ...provider.inputs, version: (jsonOf("@pulumi/azure-native/package.json") as { version: string }).version },
        };
        const sent = (p: analyzer.AnalyzerProviderResource | undefined) => p && { urn: p.getUrn(), type: p.getType(), name: p.getName(), properties: p.getProperties()?.toJavaScript() };
        expect(sent(analyzer.AnalyzeRequest.deserializeBinary(encodeAnalyzeRequest(group, provider)).getProvider())).toEqual(expected);
        expect(expected.properties).toMatchObject({ subscriptionId: mockAzureDefaults.subscriptionId, location: "westeurope" });
        const stack = analyzer.AnalyzeStackRequest.deserializeBinary(await encodeStackRequest(recorder.resources)).getResourcesList();
        // The random string goes through the default provider the engine makes for its package and version.
        const randomVersion = (jsonOf("@pulumi/random/package.json") as { version: string }).version;
        const defaultRandom = {
            urn: `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::pulumi:providers:random::default_${randomVersion.replace(/\./g, "_")}`,
            type: "pulumi:providers:random",
            name: `default_${randomVersion.replace(/\./g, "_")}`,
            properties: { version: randomVersion },
        };
        expect(Object.fromEntries(stack.map((r) => [r.getName(), sent(r.getProvider())]))).toEqual({ platform: undefined, group: expected, free: defaultRandom });
    });

    test("a resource without an explicit provider carries the default provider, with the stack's config for its package and the version its request names", async () => {
        const { recorder } = await setAzureMocks();
        new azureNative.resources.ResourceGroup("group", { resourceGroupName: "rg-platform", location: "westeurope" });
        new random.RandomString("free", { length: 4 });
        await settle();
        const version = (jsonOf("@pulumi/azure-native/package.json") as { version: string }).version;
        const providerOf = providerLookup(new Map(), { "azure-native:location": "westeurope", "azure-native:subscriptionId": mockAzureDefaults.subscriptionId, "azure-byok:location": "northeurope", "azuread:tenantId": mockAzureDefaults.tenantId });
        const group = recorder.find("azure-native:resources:ResourceGroup", "group");
        const sent = analyzer.AnalyzeRequest.deserializeBinary(encodeAnalyzeRequest(group, providerOf(group))).getProvider();
        expect(sent && { urn: sent.getUrn(), type: sent.getType(), name: sent.getName(), properties: sent.getProperties()?.toJavaScript() }).toEqual({
            urn: `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::pulumi:providers:azure-native::default_${version.replace(/\./g, "_")}`,
            type: "pulumi:providers:azure-native",
            name: `default_${version.replace(/\./g, "_")}`,
            properties: { location: "westeurope", subscriptionId: mockAzureDefaults.subscriptionId, version },
        });
        // One default provider per package and version, shared by every resource made through it.
        expect(providerOf(group)).toBe(providerOf(group));
        expect(providerOf(recorder.find("random:index/randomString:RandomString", "free"))?.inputs).toEqual({});
    });

    test.each([
        ["3.28.0", undefined, "default_3_28_0"],
        ["3.0.0-alpha.1+dev", undefined, "default_3_0_0_alpha_1_dev"],
        [undefined, undefined, "default"],
        ["1.2.3", "https://example.com/plugins", "default_1_2_3_https_/example.com/plugins"],
    ])("the default provider of version %s from %s is named %s, as ProviderRequest.DefaultName names it", (version, url, name) => {
        expect(defaultProviderName(version, url)).toBe(name);
    });
});

function jsonOf(module: string): unknown {
    return JSON.parse(readFileSync(require.resolve(module), "utf8"));
}
