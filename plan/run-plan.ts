import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { AzureMockOptions, collectWarnings, setAzureMocks, settle } from "./mocks";
import { projectRoot } from "./project";
import { configValidator, encodeStackRequest, PolicyPackClient, PolicyPackConfigFile, PolicyViolation, providerLookup } from "./policy-client";
import type { RecordedResource } from "./recorder";
import { policiesAsRun, profileConfigured } from "./policy-levels";
import { buildReport, PlanPolicy, PlanResult } from "./report";
import { EncryptionKeyDefaults } from "../components/encryption-key";
import { ExistingKeyVaultDefaults } from "../components/existing-key-vault";
import { existingKeyVaultArgs } from "../stacks/args";
import { applicationNetworks, cmkServices, parseStackConfig, publicKmsClusters, rawConfig, regionBoundServices } from "../stacks/config";
import { sharedIdentityUses, sharedRoleGrants } from "../stacks/owner-grants";
import type { StackConfig } from "../stacks/schema";
import { providerSettings } from "./provider-config";
import { ENCRYPTED_WEBHOOK_STAND_IN, ProjectFile, readProjectFile, readStackConfig } from "./stack-config";
import { trace } from "./trace";
import { decodeText } from "../verification/stack-outputs";

export interface PlanOptions {
    /** The stack whose `Pulumi.<stack>.yaml` is planned. Defaults to `dev`. */
    stack?: string;
    /** The project folder holding Pulumi.yaml. Defaults to the repository root. */
    projectDir?: string;
    /** Its Pulumi.yaml, as the caller read it already (readProjectFile). Defaults to reading it there. */
    projectFile?: ProjectFile;
    /** The `--policy-pack-config` contents. Defaults to the pack's own defaults. */
    policyConfig?: PolicyPackConfigFile;
    /** The policy pack's folder. Defaults to `<projectDir>/policies`. */
    packDir?: string;
    /** Progress lines, for stderr. */
    progress?: (line: string) => void;
    /** A pack the caller already started (to overlap its start with loading the program). Defaults to starting one here. */
    pack?: Promise<PolicyPackClient>;
    /** How often a long plan reports how far it is, in milliseconds. Defaults to 2000. */
    progressEveryMs?: number;
}

/** The stack program failed (bad config, a resource Azure would refuse): the plan's exit code 2. */
export class PlanProgramError extends Error {
    /** `cause`: the program's own error, whose problems (a ConfigError's issues) the CLI prints one per line. */
    constructor(message: string, options?: ErrorOptions) {
        super(message, options);
        this.name = "PlanProgramError";
    }
}

/**
 * The offline preview: the stack program under the Azure-faithful mocks, every registration
 * recorded, and the policy pack (started at once, in parallel with the program) judging each
 * resource and then the whole stack over the analyzer protocol the CLI uses.
 */
export async function runPlan(options: PlanOptions = {}): Promise<PlanResult> {
    const stack = options.stack ?? "dev";
    const projectDir = options.projectDir ?? projectRoot();
    const progress = options.progress ?? (() => undefined);
    const projectFile = options.projectFile ?? readProjectFile(projectDir);
    const project = projectFile.name;
    // Relative to the project, as SARIF locates results (stackConfigDir moves it).
    const configFile = path.posix.join(projectFile.stackConfigDir.split(path.sep).join("/"), `Pulumi.${stack}.yaml`);
    const configPath = path.join(projectDir, configFile);
    if (!existsSync(configPath)) {
        throw new PlanProgramError(`${configFile} does not exist in ${projectDir}; create it or pass --stack with an existing stack`);
    }
    const { config, encryptedProviderKeys, encryptedStandIns, encryptedSecrets, importsEnvironments } = readStackConfig(configPath, projectFile.config, projectFile.name, projectFile.specs);
    if (importsEnvironments) {
        progress(`${configFile} imports Pulumi ESC environments; offline their values are not available, so only the file's own config is planned`);
    }
    const provider = providerSettings(config);

    let spawned = () => undefined as void;
    const packSpawned = new Promise<void>((resolve) => (spawned = resolve));
    const packStarted = options.pack ?? PolicyPackClient.start({ packDir: options.packDir ?? path.join(projectDir, "policies"), onSpawned: () => spawned() });
    // A start failure is reported after the program has run; until then keep it from going unhandled.
    packStarted.catch(() => undefined);
    if (Object.values(options.policyConfig ?? {}).some((entry) => typeof entry === "object")) {
        // Checking the config's properties against the pack's schemas needs a validator: load it now, not after the pack is up.
        configValidator().catch(() => undefined);
    }
    if (options.pack === undefined) {
        // The program keeps this thread busy: the pack's process must be on its way before it runs.
        await Promise.race([packSpawned, packStarted.then(() => undefined, () => undefined)]);
    }
    // A failed program must not leave the pack running.
    const stopPack = () => packStarted.then((p) => p.stop(), () => undefined);

    // The pack judges each resource as soon as it is recorded, on the other core, while the program runs on.
    const configured = packStarted.then(async (pack) => {
        await pack.configureStack({ stack, project, dryRun: true });
        // Keys the CLI ignores (a name of no policy of the pack given a level, ESC environments) are said, not refused.
        await pack.configure(options.policyConfig ?? {}, progress);
        trace("policy pack configured (ConfigureStack, Configure)");
        return pack;
    });
    configured.catch(() => undefined);
    const analyses = new Map<RecordedResource, Promise<PolicyViolation[]>>();
    let analyzed = 0;
    const limit = concurrencyLimit(16);
    const existingGroup = existingResourceGroup(rawConfig(config));
    if (existingGroup) {
        progress(`deploying into resource group ${existingGroup.name}, which the stack says exists (createResourceGroup: false)`);
    }
    for (const at of encryptedSecrets) {
        progress(`${at} is encrypted: offline it stands in as ${ENCRYPTED_WEBHOOK_STAND_IN}, a secret like the value; pulumi preview decrypts and checks it`);
    }
    for (const { key, standIn } of encryptedStandIns) {
        progress(`${key} is encrypted: offline it stands in as ${standIn}; pulumi preview decrypts it`);
    }
    if (encryptedProviderKeys.length > 0) {
        progress(`left out encrypted provider settings the plan does not need (its providers are stood in for): ${encryptedProviderKeys.join(", ")}`);
    }
    // Parsed once for what the mocks must hold before the program runs; a config it refuses is the program's to report.
    const parsed = parsedOrUndefined(rawConfig(config));
    const existing = existingResources(parsed, existingGroup);
    for (const v of existing.vaults) {
        progress(`using vault ${v.name} in resource group ${v.resourceGroupName}${v.subscriptionId === undefined ? "" : ` of subscription ${v.subscriptionId}`}, which the stack says exists: offline it is taken as declared (${v.sku.toLowerCase()}, ${v.enableRbacAuthorization ? "Azure RBAC" : "access policies"}, purge protection ${v.enablePurgeProtection ? "on" : "off"}) with a firewall that admits what the stack needs; pulumi preview checks it against Azure`);
    }
    for (const k of existing.keys) {
        progress(`using key ${k.name} in vault ${k.vaultName}, which the stack says exists: offline it is taken as declared (${k.kty}), with any version the stack pins; pulumi preview checks it against Azure`);
    }
    for (const i of existing.identities) {
        progress(`using identity ${i.name} in resource group ${i.resourceGroupName}${i.subscriptionId === undefined ? "" : ` of subscription ${i.subscriptionId}`}, which the stack says exists; pulumi preview reads it from Azure`);
        for (const g of i.grantedKeys ?? []) {
            progress(`taking identity ${i.name}'s use of key ${g.keyName} in vault ${g.vaultName} as granted by the key's owner (grantedIdentities), so the stack makes no grant for it; the plan takes it as made; pulumi preview checks it on an access-policy vault (getVault), but not a role on an RBAC vault: a service using it fails at deploy (403) until the owner makes it`);
        }
    }
    for (const g of parsed === undefined ? [] : sharedRoleGrants(parsed, sharedIdentityUses(parsed, cmkServices(parsed)))) {
        progress(`granting identity ${g.identity} key ${g.key} in vault ${g.vaultName}, neither of them this stack's: the role assignment is named from key, identity and role, so another stack making the same grant makes the same one, and Azure keeps one (whichever deploys second is refused: "cannot create already existing resource", or 409 RoleAssignmentExists where the key's owner made it under another name); if the key's owner grants it, write grantedIdentities: [${g.identity}] on the key's entry`);
    }
    const pins = pinnedVersions(parsed);
    for (const pin of pins) {
        progress(`pinning version ${pin.version} of key ${pin.keyName}, which the stack creates: offline it is taken as a version of an earlier deploy (a key's first deploy has none to pin); pulumi preview checks it against Azure`);
    }
    const { recorder } = await setAzureMocks({ ...provider, pinnedVersions: pins, ...azureBeforeProgram(existingGroup, existing), project, stack });
    // Explicit providers by URN: each is accepted before anything made through it.
    const providers = new Map<string, RecordedResource>();
    const providerOf = providerLookup(providers, config);
    recorder.onAccepted = (resource) => {
        if (resource.type.startsWith("pulumi:providers:")) providers.set(resource.urn, resource);
        const analysis = limit(() => configured.then((pack) => pack.analyze(resource, providerOf(resource))));
        analysis.then(() => analyzed++, () => undefined);
        analyses.set(resource, analysis);
    };
    // A long plan says how far it is (the program yields between services, so this timer runs).
    const started = Date.now();
    let judgingStack = false;
    const ticker = setInterval(() => {
        const at = `${((Date.now() - started) / 1000).toFixed(0)} s`;
        progress(judgingStack
            ? `${at}: the policy pack is judging the whole stack (AnalyzeStack, ${recorder.resources.length} resources)`
            : `${at}: ${recorder.resources.length} resources recorded, ${analyzed} analyzed by the policy pack`);
    }, options.progressEveryMs ?? 2000);
    ticker.unref();
    pulumi.runtime.setAllConfig(config);
    const programErrors: string[] = [];
    const onRejection = (reason: unknown) => programErrors.push(reason instanceof Error ? reason.message : String(reason));
    // The SDK handles some of those rejections a turn later: listening here keeps node from warning of each.
    const onHandledLate = () => undefined;
    process.on("unhandledRejection", onRejection);
    process.on("rejectionHandled", onHandledLate);
    const logged = collectWarnings();
    try {
        const entry = (await import("../stacks/index")).default;
        trace("program started (SDK and program loaded)");
        await entry();
        await settle();
        trace("program ended, every resource registered");
        // Let rejections from refused registrations surface before judging the run.
        await new Promise((resolve) => setImmediate(resolve));
    } catch (e) {
        // Restored, not awaited: a warning on a resource whose registration failed has no URN to wait for.
        void logged.stop();
        clearInterval(ticker);
        await stopPack();
        throw new PlanProgramError(e instanceof Error ? e.message : String(e), { cause: e });
    } finally {
        process.off("unhandledRejection", onRejection);
        process.off("rejectionHandled", onHandledLate);
    }
    const warnings = logged.stop();
    if (recorder.refused.length > 0 || programErrors.length > 0) {
        clearInterval(ticker);
        await stopPack();
        const refused = recorder.refused.map((r) => `${r.type} "${r.name}" would be refused by ${r.refusedBy === "engine" ? "the Pulumi engine" : "Azure"}: ${r.error}`);
        throw new PlanProgramError([...refused, ...new Set(programErrors.map(withoutSerializationChain).filter((e) => !echoesRefusal(e, recorder.refused)))].join("\n"));
    }
    const resources = recorder.resources;
    progress(`recorded ${resources.length} resources`);

    const pack = await packStarted;
    let violations: PolicyViolation[];
    try {
        await configured;
        const perResource = Promise.all(resources.map((r) => analyses.get(r) ?? pack.analyze(r, providerOf(r))));
        // Built while the pack answers the last Analyze calls; sent only after them, as the engine sends it.
        const stackRequest = encodeStackRequest(resources, undefined, providerOf);
        // Its failure is met at the await below; until then it must not count as unhandled.
        stackRequest.catch(() => undefined);
        const answered = await perResource;
        trace("every Analyze answered");
        judgingStack = true;
        violations = [...answered.flat(), ...await pack.analyzeStack(await stackRequest)];
        trace("AnalyzeStack answered");
    } finally {
        clearInterval(ticker);
        await pack.stop();
    }
    progress(`policy pack ${pack.info.name} ${pack.info.version}: ${pack.info.policies.length} policies, ${violations.length} results`);
    return {
        report: buildReport(stack, resources, violations),
        policies: await policiesOf(pack),
        policyPack: { name: pack.info.name, version: pack.info.version },
        configFile,
        repositoryFile: repositoryPath(configPath) ?? configFile,
        project: { file: "Pulumi.yaml", repositoryFile: repositoryPath(path.join(projectDir, "Pulumi.yaml")), text: decodeText(readFileSync(path.join(projectDir, "Pulumi.yaml"))) },
        warnings: await warnings,
    };
}

/**
 * The pack's policies at the levels their violations carry. Under baseline no profile raises a
 * rule, so the rules' metadata (a tenth of a second to load) is read only for another profile.
 */
async function policiesOf(pack: PolicyPackClient): Promise<PlanPolicy[]> {
    const profile = profileConfigured(pack.properties);
    const levels = new Map(profile === "baseline" ? [] : (await import("../policies/rules")).rules.map((r) => [r.metadata.name, r.metadata.levels]));
    return policiesAsRun(pack.info.policies, pack.levels, profile, (name) => levels.get(name));
}

/** A file's path from the root of the git repository holding it (the nearest folder up with a .git), with forward slashes; undefined outside one. */
function repositoryPath(file: string): string | undefined {
    for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
        if (existsSync(path.join(dir, ".git"))) return path.relative(dir, path.resolve(file)).split(path.sep).join("/");
        if (path.dirname(dir) === dir) return undefined;
    }
}

/** What Azure holds before a stack's program runs, offline: the groups, vaults, keys and identities its config says exist. */
export function existingAzure(raw: Record<string, unknown>): Pick<AzureMockOptions, "resourceGroups" | "vaults" | "keys" | "identities"> {
    const group = existingResourceGroup(raw);
    return azureBeforeProgram(group, existingResources(parsedOrUndefined(raw), group));
}

function azureBeforeProgram(group: { name: string; location: string } | undefined, existing: ReturnType<typeof existingResources>): Pick<AzureMockOptions, "resourceGroups" | "vaults" | "keys" | "identities"> {
    return { resourceGroups: [...(group ? [group] : []), ...existing.groups], vaults: existing.vaults, keys: existing.keys, identities: existing.identities };
}

/** The group a stack deploys into without creating it: it exists in Azure, which offline only the config can say. */
function existingResourceGroup(raw: Record<string, unknown>): { name: string; location: string } | undefined {
    if (raw.createResourceGroup !== false || typeof raw.resourceGroupName !== "string") return undefined;
    // A bad location is the program's to report, naming the key.
    return { name: raw.resourceGroupName, location: typeof raw.location === "string" ? raw.location : "" };
}

/**
 * The vaults, keys and identities a stack says exist (`existing: true`), as the mocks hold them:
 * what each entry declares, read through the program's own arg builders, vaults behind a
 * firewall closed to all but trusted services and the networks of the applications reaching
 * them (offline nothing else is known of them), with the groups they are in when not the
 * stack's. A config that does not parse has none: the program reports it, naming the key.
 */
function existingResources(
    config: StackConfig | undefined,
    stackGroup: { name: string } | undefined,
): { vaults: AzureMockOptions["vaults"]; keys: AzureMockOptions["keys"]; identities: AzureMockOptions["identities"]; groups: AzureMockOptions["resourceGroups"] } {
    if (config === undefined) return { vaults: [], keys: [], identities: [], groups: [] };
    const groups = new Map<string, AzureMockOptions["resourceGroups"][number]>();
    // A group of the same name in another subscription is another group.
    const addGroup = (name: string, subscriptionId: string | undefined, location = config.location) => {
        const at = `${subscriptionId ?? ""}/${name}`.toLowerCase();
        if ((subscriptionId !== undefined || name.toLowerCase() !== stackGroup?.name.toLowerCase()) && !groups.has(at)) groups.set(at, { name, location, subscriptionId });
    };
    const vaultOfKey = (k: string) => config.vaults.find((v) => (v.keys ?? []).some((x) => x.name.toLowerCase() === k.toLowerCase()))?.name;
    const networks = applicationNetworks(config, vaultOfKey);
    // An AKS cluster's KMS over public access reaches its vault only where every network is let in.
    const publicKms = new Set(publicKmsClusters(config).map((c) => vaultOfKey(c.key)?.toLowerCase()));
    const vaults: AzureMockOptions["vaults"] = [];
    const keys: AzureMockOptions["keys"] = [];
    // Offline an existing vault is where the stack needs it: in the region of the disk encryption sets, PostgreSQL or MySQL servers using its keys, else the stack's.
    const regionNeeded = (v: { keys?: { name: string }[] }) => regionBoundServices(config).find(({ s }) => (v.keys ?? []).some((k) => k.name.toLowerCase() === s.key.toLowerCase()))?.s.location;
    for (const v of config.vaults.filter((x) => x.existing)) {
        const args = existingKeyVaultArgs(v, config.resourceGroupName, undefined);
        addGroup(args.resourceGroupName, v.subscriptionId, regionNeeded(v));
        vaults.push({
            subscriptionId: v.subscriptionId,
            name: args.vaultName,
            resourceGroupName: args.resourceGroupName,
            // As the portal and PowerShell make a vault, and Key Vault answers: "Premium", not azure-native's "premium".
            sku: (args.sku ?? ExistingKeyVaultDefaults.sku) === "premium" ? "Premium" : "Standard",
            enableRbacAuthorization: args.enableRbacAuthorization ?? ExistingKeyVaultDefaults.enableRbacAuthorization,
            enablePurgeProtection: args.enablePurgeProtection ?? ExistingKeyVaultDefaults.enablePurgeProtection,
            networkAcls: { defaultAction: publicKms.has(v.name.toLowerCase()) ? "Allow" : "Deny", bypass: "AzureServices", ipRules: (networks.get(v.name.toLowerCase()) ?? []).map((value) => ({ value })) },
            publicNetworkAccess: "Enabled",
        });
        // Its existing keys, as declared (without declared operations a key allows them all, as Key Vault's default).
        for (const k of (v.keys ?? []).filter((x) => x.existing)) {
            keys.push({ vaultName: args.vaultName, name: k.name, kty: k.kty ?? EncryptionKeyDefaults.kty, keySize: k.keySize, curveName: k.curveName, keyOps: k.keyOps });
        }
    }
    // A private endpoint's group in its subnet's subscription (a hub network's) exists already, as the subnet does.
    const endpointLists = [config.vaults, config.registries, config.storageAccounts, config.cosmosDbAccounts, config.eventHubNamespaces, config.serviceBusNamespaces, config.sqlServers, config.postgresqlServers, config.mysqlServers];
    for (const entry of endpointLists.flatMap((l) => (l ?? []) as { location?: string; privateEndpoints?: { subnetResourceId: string; resourceGroupName?: string; location?: string }[] }[])) {
        for (const e of entry.privateEndpoints ?? []) {
            const subscription = /^\/subscriptions\/([^/]+)\//i.exec(e.subnetResourceId)?.[1];
            if (e.resourceGroupName !== undefined) addGroup(e.resourceGroupName, subscription, e.location ?? entry.location ?? config.location);
        }
    }
    // The keys whose owner, the stack says, grants each existing identity (grantedIdentities): offline those grants are as said.
    const grantedKeys = (identity: string) => config.vaults.filter((v) => v.existing).flatMap((v) => (v.keys ?? [])
        .filter((k) => (k.grantedIdentities ?? []).some((g) => g.toLowerCase() === identity.toLowerCase()))
        .map((k) => ({ vaultName: v.vaultName ?? v.name, keyName: k.name })));
    const identities: AzureMockOptions["identities"] = [];
    for (const i of (config.identities ?? []).filter((x) => x.existing)) {
        const resourceGroupName = i.resourceGroupName ?? config.resourceGroupName;
        addGroup(resourceGroupName, i.subscriptionId);
        const granted = grantedKeys(i.name);
        identities.push({ name: i.identityName ?? i.name, resourceGroupName, subscriptionId: i.subscriptionId, ...(granted.length > 0 ? { grantedKeys: granted } : {}) });
    }
    return { vaults, keys, identities, groups: [...groups.values()] };
}

function parsedOrUndefined(raw: Record<string, unknown>): StackConfig | undefined {
    try {
        return parseStackConfig(raw);
    } catch {
        return undefined;
    }
}

/** The versions services pin (`keyVersion`) of keys the stack creates, one entry per key and version. */
function pinnedVersions(config: StackConfig | undefined): { keyName: string; version: string }[] {
    if (config === undefined) return [];
    const created = new Set(config.vaults.flatMap((v) => (v.keys ?? []).filter((k) => !k.existing).map((k) => k.name.toLowerCase())));
    const pins = new Map<string, { keyName: string; version: string }>();
    const walk = (value: unknown): void => {
        if (Array.isArray(value)) return value.forEach(walk);
        if (value === null || typeof value !== "object") return;
        const entry = value as Record<string, unknown>;
        if (typeof entry.key === "string" && typeof entry.keyVersion === "string" && created.has(entry.key.toLowerCase())) {
            pins.set(`${entry.key}/${entry.keyVersion}`.toLowerCase(), { keyName: entry.key, version: entry.keyVersion });
        }
        Object.values(entry).forEach(walk);
    };
    walk(config);
    return [...pins.values()];
}

/** The SDK wraps a failed dependency once per output it flows through: `error serializing property "x": …`. */
function withoutSerializationChain(message: string): string {
    return message.replace(/^(error serializing property "[^"]*": )+/, "");
}

/** A dependant's failure that only repeats a refusal already reported by name. */
function echoesRefusal(message: string, refused: { type: string; name: string }[]): boolean {
    return refused.some((r) => message.startsWith(`failed to register new resource ${r.name} [${r.type}]: `));
}

/** Runs at most `n` of the tasks given to it at once, in the order given. */
function concurrencyLimit(n: number): <T>(task: () => Promise<T>) => Promise<T> {
    let running = 0;
    const queue: (() => void)[] = [];
    const release = () => {
        running--;
        queue.shift()?.();
    };
    return <T>(task: () => Promise<T>) => new Promise<T>((resolve, reject) => {
        const start = () => {
            running++;
            task().then(resolve, reject).finally(release);
        };
        if (running < n) start();
        else queue.push(start);
    });
}
