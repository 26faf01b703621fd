import { execFileSync } from "child_process";
import { readFileSync } from "fs";
import { AddressInfo, createServer } from "net";
import * as path from "path";
import { parseStackConfig, rawConfig } from "../../stacks/config";
import { program } from "../../stacks/program";
import { mockAzureDefaults, RecordedResource, setAzureMocks, settle } from "../../plan/mocks";
import { PolicyPackClient, PolicyPackConfigFile, PolicyViolation, runPolicyPack } from "../../plan/policy-client";
import { spawnPackProcess } from "../../plan/pack-process";
import { readStackConfigFile } from "../../plan/stack-config";
import { valueOf } from "../support/outputs";

// The pack runs as compiled JavaScript, as the CLI runs it; build it once for this file.
const root = path.resolve(__dirname, "..", "..");
jest.setTimeout(60000);

let stack: RecordedResource[];

/** The dev stack with every CMK service: a vault and key, a shared identity, a registry, a storage account, a disk encryption set. */
const devConfig = {
    resourceGroupName: "rg-byok-dev",
    location: "westeurope",
    vaults: [{ name: "kv", keys: [{ name: "cmk" }] }],
    identities: [{ name: "id-cmk" }],
    registries: [{ name: "acr", key: "cmk", identity: "id-cmk" }],
    storageAccounts: [{ name: "st", key: "cmk", identity: "id-cmk" }],
    diskEncryptionSets: [{ name: "des", key: "cmk", identity: "id-cmk" }],
};

// The pack runs as built by `npm test` (build:policies) before jest starts: rebuilding it here
// rewrote policies/bin under the packs other test files were starting at the same time.
beforeAll(async () => {
    const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "dev" });
    const outputs = await program(parseStackConfig(devConfig));
    await Promise.all(Object.values(outputs.registries).map((r) => valueOf(r.keyIdentifier)));
    await settle();
    expect(recorder.refused).toEqual([]);
    stack = [...recorder.resources];
});

function mandatory(violations: PolicyViolation[]): { policy: string; urn: string }[] {
    return violations
        .filter((v) => v.enforcementLevel === "mandatory")
        .map((v) => ({ policy: v.policy, urn: v.urn }))
        .sort((a, b) => a.policy.localeCompare(b.policy) || a.urn.localeCompare(b.urn));
}

/** The stack as it would be recorded had the vault omitted purge protection and the registry pinned the key's version. */
function broken(resources: RecordedResource[]): RecordedResource[] {
    const key = resources.find((r) => r.type === "azure-native:keyvault:Key");
    const versioned = key?.outputs?.keyUriWithVersion;
    return resources.map((r) => {
        if (r.type === "azure-native:keyvault:Vault") {
            const strip = (props: Record<string, unknown> | undefined) => {
                const properties = { ...(props?.properties as Record<string, unknown>) };
                delete properties.enablePurgeProtection;
                return { ...props, properties };
            };
            return { ...r, inputs: strip(r.inputs), outputs: strip(r.outputs) };
        }
        if (r.type === "azure-native:containerregistry:Registry") {
            const pin = (props: Record<string, unknown> | undefined) => {
                const encryption = props?.encryption as { keyVaultProperties: Record<string, unknown> };
                return { ...props, encryption: { ...encryption, keyVaultProperties: { ...encryption.keyVaultProperties, keyIdentifier: versioned } } };
            };
            return { ...r, inputs: pin(r.inputs), outputs: pin(r.outputs) };
        }
        return r;
    });
}

test("the pack describes itself over GetAnalyzerInfo with every rule and the profile policy", async () => {
    const pack = await PolicyPackClient.start();
    try {
        expect(pack.info.name).toBe("azure-byok");
        expect(pack.info.version).toBe("0.1.0");
        expect(pack.info.supportsConfig).toBe(true);
        const names = pack.info.policies.map((p) => p.name);
        expect(names[0]).toBe("azure-byok-profile");
        expect(names).toContain("azure-keyvault-vault-enable-purge-protection");
        expect(pack.info.policies.find((p) => p.name === "azure-keyvault-vault-enable-purge-protection")?.enforcementLevel).toBe("mandatory");
    } finally {
        await pack.stop();
    }
});

test("a pack spawned early serves on its reserved engine port, or is started afresh if that port was taken", async () => {
    const packDir = path.join(root, "policies");
    const early = await PolicyPackClient.start({ packDir, spawned: spawnPackProcess(packDir) });
    try {
        expect(early.info.name).toBe("azure-byok");
    } finally {
        await early.stop();
    }
    const taken = createServer();
    const port = await new Promise<number>((resolve) => taken.listen(0, "127.0.0.1", () => resolve((taken.address() as AddressInfo).port)));
    const doomed = spawnPackProcess(packDir, port);
    try {
        const pack = await PolicyPackClient.start({ packDir, spawned: doomed });
        try {
            expect(pack.info.name).toBe("azure-byok");
            expect((await doomed).child.killed).toBe(true);
        } finally {
            await pack.stop();
        }
    } finally {
        taken.close();
    }
});

test("packs running at once share one exit hook, which ends them when this process exits", async () => {
    const packDir = path.join(root, "policies");
    const listeners = process.listenerCount("exit");
    const packs = await Promise.all([spawnPackProcess(packDir), spawnPackProcess(packDir), spawnPackProcess(packDir)]);
    try {
        expect(process.listenerCount("exit")).toBe(listeners);
    } finally {
        await Promise.all(packs.map((p) => new Promise((resolve) => {
            p.child.once("exit", resolve);
            p.child.kill();
        })));
    }
    // A process that spawns a pack and exits at once leaves no pack behind.
    const script = `require(${JSON.stringify(path.join(root, "dist", "plan", "pack-process.js"))}).spawnPackProcess(${JSON.stringify(packDir)}).then((p) => { console.log(p.child.pid); process.exit(0); });`;
    const pid = Number(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim());
    expect(pid).toBeGreaterThan(0);
    const alive = () => {
        try {
            process.kill(pid, 0);
            return true;
        } catch {
            return false;
        }
    };
    for (let waited = 0; alive() && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive()).toBe(false);
});

test("a pack spawned early in a folder that does not exist fails with the reason, not an unhandled event", async () => {
    const missing = path.join(root, "no-such-pack");
    const spawned = spawnPackProcess(missing);
    // Give node time to report the failed spawn before anyone waits for the port.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(PolicyPackClient.start({ packDir: missing, spawned, startTimeoutMs: 5000 })).rejects.toThrow(/could not start|exited/);
});

test("the dev stack passes the baseline profile with no mandatory violation", async () => {
    const { violations } = await runPolicyPack(stack, { config: { "azure-byok-profile": { profile: "baseline" } } });
    expect(mandatory(violations)).toEqual([]);
});

test("the stack built from Pulumi.dev.yaml passes with the dev stack's policy config", async () => {
    const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "dev" });
    await program(parseStackConfig(rawConfig(readStackConfigFile(path.join(root, "Pulumi.dev.yaml")))));
    await settle();
    expect(recorder.refused).toEqual([]);
    const config = JSON.parse(readFileSync(path.join(root, "policy-config", "dev.json"), "utf8")) as PolicyPackConfigFile;
    const { violations } = await runPolicyPack(recorder.resources, { config });
    expect(mandatory(violations)).toEqual([]);
    // Without the config, the appliance's vault-wide role is what the pack blocks; its firewall range, once no range is admitted.
    const { violations: unconfigured } = await runPolicyPack(recorder.resources, {});
    expect([...new Set(mandatory(unconfigured).map((v) => v.policy))]).toEqual(["azure-keyvault-vault-disallow-privileged-workload-roles"]);
    const { violations: noRanges } = await runPolicyPack(recorder.resources, { config: { "azure-keyvault-vault-disable-public-network-access": { allowedIpRanges: [] } } });
    expect([...new Set(mandatory(noRanges).map((v) => v.policy))]).toEqual([
        "azure-keyvault-vault-disable-public-network-access",
        "azure-keyvault-vault-disallow-privileged-workload-roles",
    ]);
});

test("a credential handed over in Key Vault is judged by the secret rules through its secret envelope: it expires with the credential", async () => {
    const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "dev" });
    await program(parseStackConfig(rawConfig(readStackConfigFile(path.join(root, "Pulumi.dev.yaml")))));
    await settle();
    const exported = recorder.resources.find((r) => r.type === "azure-native:keyvault:Secret");
    expect(exported?.name).toBe("kms-appliance-primary-client-secret-export");
    const secretRules = (violations: PolicyViolation[]) => violations.filter((v) => v.policy.startsWith("azure-keyvault-secret-")).map((v) => ({ policy: v.policy, urn: v.urn }));
    expect(secretRules((await runPolicyPack(recorder.resources, {})).violations)).toEqual([]);
    // The whole properties object is the secret (Pulumi lifts a nested secret to it): take its expiry away inside the envelope.
    const envelope = exported?.inputs.properties as { value: { attributes: Record<string, unknown> } };
    const withoutExpiry = { ...envelope, value: { ...envelope.value, attributes: { enabled: true } } };
    const stripped = recorder.resources.map((r) => (r === exported ? { ...r, inputs: { ...r.inputs, properties: withoutExpiry } } : r));
    expect(secretRules((await runPolicyPack(stripped, {})).violations)).toEqual([
        { policy: "azure-keyvault-secret-configure-max-validity", urn: exported?.urn },
        { policy: "azure-keyvault-secret-missing-expiry", urn: exported?.urn },
    ]);
});

test("a vault the program only reads, which the engine sends to AnalyzeStack but never to Analyze, is not judged: its stack owns its settings", async () => {
    const vault = stack.find((r) => r.type === "azure-native:keyvault:Vault");
    const onVault = async (analyzed: RecordedResource[], config: PolicyPackConfigFile = { "azure-byok-profile": { profile: "mcsb" } }) => {
        const pack = await PolicyPackClient.start();
        try {
            await pack.configureStack({ stack: "dev", project: "azure-byok" });
            await pack.configure(config);
            const violations = [...(await pack.analyzeAll(analyzed)), ...(await pack.analyzeStack(stack))];
            return violations.filter((v) => v.urn === vault?.urn).map((v) => v.policy);
        } finally {
            await pack.stop();
        }
    };
    // Registered, the vault is judged at AnalyzeStack (mcsb asks for its audit logs); read, it is not.
    expect(await onVault(stack)).toContain("azure-keyvault-vault-missing-diagnostic-settings");
    expect(await onVault(stack.filter((r) => r !== vault))).toEqual([]);
    // The profile policy, which the analyzer skips once disabled, is not what tells them apart.
    const disabledProfile: PolicyPackConfigFile = { all: "disabled", "azure-byok-profile": { profile: "mcsb" }, "azure-keyvault-vault-missing-diagnostic-settings": "mandatory" };
    expect(await onVault(stack, disabledProfile)).toEqual(["azure-keyvault-vault-missing-diagnostic-settings"]);
    expect(await onVault(stack.filter((r) => r !== vault), disabledProfile)).toEqual([]);
});

test("the stricter profiles make 30-day rotation and audit logs mandatory for the dev stack", async () => {
    const key = stack.find((r) => r.type === "azure-native:keyvault:Key");
    const vault = stack.find((r) => r.type === "azure-native:keyvault:Vault");
    for (const profile of ["mcsb", "sovereign"]) {
        const { violations } = await runPolicyPack(stack, { config: { "azure-byok-profile": { profile } } });
        expect({ profile, mandatory: mandatory(violations) }).toEqual({
            profile,
            mandatory: [
                { policy: "azure-keyvault-key-configure-rotation-policy", urn: key?.urn },
                { policy: "azure-keyvault-vault-missing-diagnostic-settings", urn: vault?.urn },
            ],
        });
    }
});

test("an AKS cluster's KMS over public access needs a vault open to every network, which the pack blocks until the stack's policy config makes that rule advisory, as its message says", async () => {
    const subnets = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets`;
    const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "aks" });
    await program(parseStackConfig({
        resourceGroupName: "rg-platform",
        location: "westeurope",
        vaults: [{ name: "kv-aks", publicNetworkAccess: "Enabled", networkRules: { defaultAction: "Allow" }, keys: [{ name: "aks-kms", purpose: "applicationCrypto" }, { name: "aks-disks" }] }],
        diskEncryptionSets: [{ name: "des-aks", key: "aks-disks" }],
        kubernetesClusters: [{ name: "aks-platform", key: "aks-kms", diskEncryptionSet: "des-aks", nodeSubnetId: `${subnets}/aks-nodes`, administratorGroupObjectIds: ["5b0f3c2a-7d4e-4a1b-9c8d-1e2f3a4b5c6d"], keyVaultNetworkAccess: "Public" }],
    }));
    await settle();
    expect(recorder.refused).toEqual([]);
    const resources = [...recorder.resources];
    const vault = resources.find((r) => r.type === "azure-native:keyvault:Vault");
    const RULE = "azure-keyvault-vault-disable-public-network-access";
    const blocked = await runPolicyPack(resources, {});
    expect(mandatory(blocked.violations)).toEqual([{ policy: RULE, urn: vault?.urn }]);
    expect(blocked.violations.find((v) => v.policy === RULE)?.message).toContain("a vault an AKS cluster's KMS reaches with keyVaultNetworkAccess \"Public\" must stay open to every network: use \"Private\", or name the vault in allowedOpenVaults in that stack's policy config");
    // Named there, by its config name, the vault passes while every other stays judged; the rule's level set to advisory passes every vault.
    expect(mandatory((await runPolicyPack(resources, { config: { [RULE]: { allowedOpenVaults: ["kv-aks"] }, "azure-keyvault-vault-missing-diagnostic-settings": "disabled", "azure-keyvault-key-configure-rotation-policy": "disabled" } })).violations)).toEqual([]);
    for (const profile of ["baseline", "mcsb"]) {
        const exempt = await runPolicyPack(resources, { config: { "azure-byok-profile": { profile }, [RULE]: "advisory", "azure-keyvault-vault-missing-diagnostic-settings": "disabled", "azure-keyvault-key-configure-rotation-policy": "disabled" } });
        expect({ profile, mandatory: mandatory(exempt.violations) }).toEqual({ profile, mandatory: [] });
        expect(exempt.violations.filter((v) => v.policy === RULE).map((v) => v.enforcementLevel)).toEqual(["advisory"]);
    }
});

test("a policy's own config overrides the profile's parameter default", async () => {
    const { violations } = await runPolicyPack(stack, {
        config: { "azure-byok-profile": { profile: "mcsb" }, "azure-keyvault-key-configure-rotation-policy": { maxDaysToRotate: 90 }, "azure-keyvault-vault-missing-diagnostic-settings": "disabled" },
    });
    expect(mandatory(violations)).toEqual([]);
});

test("purge protection omitted and a versioned registry key are mandatory violations", async () => {
    const resources = broken(stack);
    const vault = resources.find((r) => r.type === "azure-native:keyvault:Vault");
    const registry = resources.find((r) => r.type === "azure-native:containerregistry:Registry");
    const { violations } = await runPolicyPack(resources, { config: { "azure-byok-profile": { profile: "baseline" } } });
    expect(mandatory(violations)).toEqual(
        [
            { policy: "azure-containerregistry-registry-disallow-versioned-key", urn: registry?.urn },
            { policy: "azure-keyvault-vault-enable-purge-protection", urn: vault?.urn },
            { policy: "azure-keyvault-vault-enable-purge-protection-for-cmk", urn: vault?.urn },
        ],
    );
    const purge = violations.find((v) => v.policy === "azure-keyvault-vault-enable-purge-protection");
    expect(purge?.message).toBe(
        "Without purge protection anyone allowed to purge can destroy a soft-deleted key, and the data it encrypts, before the retention period ends.\n" +
            "Purge protection is off; set properties.enablePurgeProtection to true (it can never be turned off again, which is the point).",
    );
});

test("a vault made through a versioned azure-native module is judged like any other: its type token names the API version, not another resource", async () => {
    const versioned = broken(stack).map((r) => (r.type === "azure-native:keyvault:Vault" ? { ...r, type: "azure-native:keyvault/v20230701:Vault" } : r));
    const vault = versioned.find((r) => r.type === "azure-native:keyvault/v20230701:Vault");
    const { violations } = await runPolicyPack(versioned, { config: { "azure-byok-profile": { profile: "baseline" } } });
    expect(mandatory(violations).filter((v) => v.urn === vault?.urn)).toEqual([
        { policy: "azure-keyvault-vault-enable-purge-protection", urn: vault?.urn },
        { policy: "azure-keyvault-vault-enable-purge-protection-for-cmk", urn: vault?.urn },
    ]);
});

test("a vault of a program on azure-native 2.x, with no azureApiVersion output, is advised of Key Vault's API retirement from its provider's version", async () => {
    const provider: RecordedResource = {
        urn: "urn:pulumi:dev::azure-byok::pulumi:providers:azure-native::legacy",
        type: "pulumi:providers:azure-native",
        name: "legacy",
        custom: true,
        parent: undefined,
        dependencies: [],
        propertyDependencies: {},
        protect: false,
        retainOnDelete: false,
        deleteBeforeReplace: false,
        ignoreChanges: [],
        aliases: [],
        additionalSecretOutputs: [],
        inputs: {},
        pluginVersion: "2.90.0",
        id: "9b1f3c1e-0d6a-4a51-8f0e-2c7d5b9e4a10",
        outputs: {},
    };
    const v2 = stack.map((r) => {
        if (r.type !== "azure-native:keyvault:Vault") return r;
        const outputs = { ...r.outputs };
        delete outputs.azureApiVersion;
        return { ...r, provider: provider.urn, outputs };
    });
    const vault = v2.find((r) => r.type === "azure-native:keyvault:Vault");
    const { violations } = await runPolicyPack([provider, ...v2], { config: { "azure-byok-profile": { profile: "baseline" } } });
    const retiring = violations.filter((v) => v.policy === "azure-keyvault-vault-disallow-retiring-api-version");
    expect(retiring.map((v) => v.urn)).toEqual([vault?.urn]);
    expect(retiring[0].message).toContain("Key Vault management API 2023-02-01, the one @pulumi/azure-native 2.x uses");
});

test("pulumi policy analyze: a vault the stack only reads (.get, no inputs in state), sent to Analyze too, gets no violation", async () => {
    // analyze_snapshot.go sends Analyze for every resource of the state with its inputs (a read's are none), then AnalyzeStack with outputs.
    const vault = stack.find((r) => r.type === "azure-native:keyvault:Vault") as RecordedResource;
    const read: RecordedResource = { ...vault, inputs: {}, protect: false, parent: undefined };
    const resources = stack.map((r) => (r === vault ? read : r));
    const pack = await PolicyPackClient.start();
    try {
        await pack.configure({});
        const violations = [...(await pack.analyzeAll(resources)), ...(await pack.analyzeStack(resources))];
        expect(violations.filter((v) => v.urn === vault.urn).map((v) => `${v.enforcementLevel} ${v.policy}`)).toEqual([]);
        // The same vault registered by the stack, unprotected, is still judged.
        const registered = stack.map((r) => (r === vault ? { ...vault, protect: false } : r));
        const judged = [...(await pack.analyzeAll(registered)), ...(await pack.analyzeStack(registered))];
        expect(judged.filter((v) => v.urn === vault.urn).map((v) => v.policy)).toContain("azure-keyvault-vault-enable-protect");
    } finally {
        await pack.stop();
    }
});

test("a storage account without its blob service is a mandatory violation: the rule's trigger type lets it run where the stack has storage", async () => {
    const account = stack.find((r) => r.type === "azure-native:storage:StorageAccount");
    const withoutBlobService = stack.filter((r) => r.type !== "azure-native:storage:BlobServiceProperties");
    const { violations } = await runPolicyPack(withoutBlobService, {});
    expect(mandatory(violations)).toEqual([
        { policy: "azure-storage-account-enable-container-soft-delete", urn: account?.urn },
        { policy: "azure-storage-account-enable-soft-delete", urn: account?.urn },
    ]);
    expect(violations.find((v) => v.policy === "azure-storage-account-enable-soft-delete")?.message).toContain("has no blob service settings, so blob soft delete is off");
});

test("a service recorded with no dependency on its grant is reported through AnalyzeStack's dependency lists, and waiting through the grant's wait counts", async () => {
    const registry = stack.find((r) => r.type === "azure-native:containerregistry:Registry") as RecordedResource;
    const grants = stack.filter((r) => r.type === "azure-native:authorization:RoleAssignment" || r.type === "time:index/sleep:Sleep");
    const ordering = (violations: PolicyViolation[]) => violations.filter((v) => v.policy === "azure-keyvault-key-configure-cmk-grant-ordering").map((v) => v.urn);
    expect(registry.dependencies).toEqual(expect.arrayContaining(grants.map((g) => g.urn)));
    expect(ordering((await runPolicyPack(stack, {})).violations)).toEqual([]);
    const hasty = stack.map((r) => (r === registry ? { ...r, dependencies: r.dependencies.filter((d) => !grants.some((g) => g.urn === d)) } : r));
    expect(ordering((await runPolicyPack(hasty, {})).violations)).toEqual([registry.urn]);
    // Waiting on the wait alone is enough: the wait waits for the grant.
    const wait = grants.find((g) => g.type === "time:index/sleep:Sleep") as RecordedResource;
    const throughWait = stack.map((r) => (r === registry ? { ...r, dependencies: [...r.dependencies.filter((d) => !grants.some((g) => g.urn === d)), wait.urn] } : r));
    expect(ordering((await runPolicyPack(throughWait, {})).violations)).toEqual([]);
});

test("values unknown during a preview yield neither violations nor the analyzer's can't-run advisory", async () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const previewed = stack.map((r) => {
        if (r.type === "azure-native:keyvault:Vault") {
            const properties = { ...(r.inputs.properties as Record<string, unknown>), enablePurgeProtection: unknown, publicNetworkAccess: unknown, networkAcls: unknown };
            return { ...r, inputs: { ...r.inputs, properties }, outputs: { ...r.outputs, properties: { ...(r.outputs?.properties as Record<string, unknown>), enablePurgeProtection: unknown } } };
        }
        if (r.type === "azure-native:containerregistry:Registry") {
            return { ...r, inputs: { ...r.inputs, encryption: unknown }, outputs: { ...r.outputs, encryption: unknown } };
        }
        return r;
    });
    const { violations } = await runPolicyPack(previewed, { config: { "azure-byok-profile": { profile: "baseline" } } });
    expect(mandatory(violations)).toEqual([]);
    expect(violations.filter((v) => v.message.includes("can't run policy"))).toEqual([]);
});

test("a secret input reaches the pack unwrapped, as the engine's secret envelope", async () => {
    const sig = "4dabf18193072939515e22adb298388d";
    const secretLevel = stack.map((r) =>
        r.type === "azure-native:containerregistry:Registry" ? { ...r, inputs: { ...r.inputs, adminUserEnabled: { [sig]: "1b47061264138c4ac30d75fd1eb44270", value: true } } } : r,
    );
    const registry = stack.find((r) => r.type === "azure-native:containerregistry:Registry");
    const { violations } = await runPolicyPack(secretLevel, {});
    expect(mandatory(violations)).toEqual([{ policy: "azure-containerregistry-registry-disable-admin-user", urn: registry?.urn }]);
});

describe("the profile in the config applies whatever enforcement level its policy is given", () => {
    const ROTATION = "azure-keyvault-key-configure-rotation-policy";
    const RSA_SIZE = "azure-keyvault-key-configure-min-rsa-size";
    const levelsOf = (violations: PolicyViolation[], policy: string) => violations.filter((v) => v.policy === policy).map((v) => ({ level: v.enforcementLevel, message: v.message.split("\n").slice(1).join("\n") }));
    const key = () => stack.find((r) => r.type === "azure-native:keyvault:Key") as RecordedResource;

    test("`all: disabled`, which the CLI gives the profile policy too, with the rotation rule turned back on: mcsb's 30 days apply to a 90-day key", async () => {
        const { violations } = await runPolicyPack(stack, { config: { all: "disabled", "azure-byok-profile": { profile: "mcsb" }, [ROTATION]: "mandatory" } });
        expect(mandatory(violations)).toEqual([{ policy: ROTATION, urn: key().urn }]);
        expect(levelsOf(violations, ROTATION)).toEqual([{ level: "mandatory", message: expect.stringContaining("later than 30 days") }]);
    });

    test("the profile policy disabled by name still selects mcsb, and reports nothing itself", async () => {
        const vault = stack.find((r) => r.type === "azure-native:keyvault:Vault");
        const { violations } = await runPolicyPack(stack, { config: { "azure-byok-profile": { profile: "mcsb", enforcementLevel: "disabled" } } });
        expect(mandatory(violations)).toEqual([
            { policy: ROTATION, urn: key().urn },
            { policy: "azure-keyvault-vault-missing-diagnostic-settings", urn: vault?.urn },
        ]);
        expect(violations.filter((v) => v.policy === "azure-byok-profile")).toEqual([]);
    });

    test("sovereign under `all: disabled` with the RSA size rule back at advisory: a 2048-bit key is a mandatory violation below 3072", async () => {
        const small = stack.map((r) => (r === key() ? { ...r, inputs: { ...r.inputs, properties: { ...(r.inputs.properties as Record<string, unknown>), keySize: 2048 } } } : r));
        const { violations } = await runPolicyPack(small, { config: { all: "disabled", "azure-byok-profile": { profile: "sovereign" }, [RSA_SIZE]: "advisory" } });
        expect(levelsOf(violations, RSA_SIZE)).toEqual([{ level: "mandatory", message: `The RSA key is 2048 bits, below 3072; set properties.keySize to 3072 or more, or, for a key a service takes at no larger size, name it in allowedKeyNames ("${String(key().inputs.vaultName)}/${String(key().inputs.keyName)}") in the policy config.` }]);
        // Without the profile the same config judges by baseline's 2048 bits.
        const { violations: baseline } = await runPolicyPack(small, { config: { all: "disabled", [RSA_SIZE]: "advisory" } });
        expect(levelsOf(baseline, RSA_SIZE)).toEqual([]);
    });

    test("a config with no profile judges by baseline: `all: disabled` with the rotation rule on passes a 90-day key", async () => {
        const { violations } = await runPolicyPack(stack, { config: { all: "disabled", [ROTATION]: "mandatory" } });
        expect(violations).toEqual([]);
    });

    test("each Configure chooses afresh: one without the profile after an mcsb one is baseline again", async () => {
        const pack = await PolicyPackClient.start();
        try {
            await pack.configureStack({ stack: "dev", project: "azure-byok" });
            await pack.configure({ "azure-byok-profile": { profile: "mcsb", enforcementLevel: "disabled" } });
            expect((await pack.analyzeAll([key()])).map((v) => v.policy)).toEqual([ROTATION]);
            await pack.configure({});
            expect(await pack.analyzeAll([key()])).toEqual([]);
        } finally {
            await pack.stop();
        }
    });
});
