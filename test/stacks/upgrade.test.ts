import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import deployed976feec from "../support/deployed/976feec.json";
import deployed9bb6cfd from "../support/deployed/9bb6cfd.json";
import { ConfigError, parseStackConfig, rawConfig } from "../../stacks/config";
import { program } from "../../stacks/program";
import { RecordedResource, setAzureMocks, settle } from "../../plan/mocks";
import { redact } from "../../plan/report";
import { providerSettings } from "../../plan/provider-config";
import { existingAzure } from "../../plan/run-plan";
import { readStackConfigFile } from "../../plan/stack-config";
import { freezeDate } from "../support/clock";

type Deployed = { urn: string; inputs: Record<string, unknown> };

/** Each stack's deployed layout, by the commit that recorded it. */
const deployed: Record<string, Deployed[]> = (({ $comment: _older, ...older }, { $comment: _newer, ...newer }) => ({ ...older, ...newer }))(deployed976feec, deployed9bb6cfd);

/** A child's URN as the engine makes it: the parent's qualified type, `$`, its own type (none under the stack). */
function urnUnder(parentUrn: string | undefined, type: string, name: string, stack: string): string {
    const parentType = parentUrn?.split("::")[2];
    const qualified = parentType === undefined || parentType === "pulumi:pulumi:Stack" ? type : `${parentType}$${type}`;
    return `urn:pulumi:${stack}::azure-byok::${qualified}::${name}`;
}

/**
 * The day each layout was deployed. A generated certificate's end date, which its Entra credential
 * sends, is computed when the certificate is created and then kept in state; under the mocks it is
 * created again, so the program runs on that day to read the end date the state holds.
 */
const DEPLOYED_ON: Record<string, string> = { "976feec": "2026-11-27T12:00:00Z", "9bb6cfd": "2026-11-27T12:00:00Z" };

const nameOf = (urn: string) => urn.split("::").slice(3).join("::");

/**
 * Which deployed resource each registration takes the state of, as pulumi/pulumi's step generator
 * decides (pkg/resource/deploy/step_generator.go): its own URN if deployed, else the first of its
 * aliases (a name under its own parent, or a URN), else those inherited from the one alias its
 * parent took, the parent's name prefix replaced by the alias's (inheritedChildAlias). Two
 * registrations taking one deployed resource, or an alias naming a URN registered now, are the
 * engine's "duplicate" errors.
 */
function resolve(resources: RecordedResource[], deployedUrns: Set<string>, stack: string): { took: Map<string, string>; errors: string[] } {
    const took = new Map<string, string>();
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const takenBy = new Map<string, string>();
    const errors: string[] = [];
    for (const r of resources) {
        const own = r.aliases.map((a) => (a.startsWith("urn:") ? a : urnUnder(r.parent, r.type, a, stack)));
        const parent = r.parent === undefined ? undefined : byUrn.get(r.parent);
        const parentTook = parent === undefined ? undefined : took.get(parent.urn);
        const inherited = parent === undefined || parentTook === undefined || parentTook === parent.urn ? [] : [r.urn, ...own].map((u) => {
            const name = nameOf(u);
            return urnUnder(parentTook, r.type, name.startsWith(parent.name) ? nameOf(parentTook) + name.slice(parent.name.length) : name, stack);
        });
        const hit = [r.urn, ...own, ...inherited].find((u) => deployedUrns.has(u));
        if (hit === undefined) continue;
        if (hit !== r.urn && byUrn.has(hit)) errors.push(`${nameOf(r.urn)} takes ${nameOf(hit)}, which is registered too`);
        const other = takenBy.get(hit);
        if (other !== undefined) errors.push(`${nameOf(r.urn)} and ${nameOf(other)} both take ${nameOf(hit)}`);
        takenBy.set(hit, r.urn);
        took.set(r.urn, hit);
    }
    return { took, errors };
}

/** Inputs as the engine diffs them: secrets as the plan shows them, what ignoreChanges names left out. */
function diffed(inputs: Record<string, unknown>, ignored: readonly string[]): unknown {
    const kept = JSON.parse(JSON.stringify(redact(inputs))) as Record<string, unknown>;
    for (const path of ignored) without(kept, path);
    return kept;
}

/**
 * Drops one ignoreChanges path (Pulumi's `a.b.c` form) from inputs: a key's `expires`, computed from
 * the day the program runs, sits under `properties.attributes`, so comparing only top-level names
 * made this test pass on the day its layout was recorded and fail every day after.
 */
function without(inputs: Record<string, unknown>, path: string): void {
    if (/[[\]"*]/.test(path)) throw new Error(`ignoreChanges path ${path}: only dotted names are followed here`);
    const names = path.split(".");
    const last = names.pop() as string;
    let at: unknown = inputs;
    for (const name of names) at = typeof at === "object" && at !== null ? (at as Record<string, unknown>)[name] : undefined;
    if (typeof at === "object" && at !== null) delete (at as Record<string, unknown>)[last];
}

/**
 * Inputs changed on purpose since 976feec, each an update Azure makes in place at the next
 * `pulumi up` (the preview shows it): a registry refuses ARM-audience Entra tokens. The deployed
 * inputs with these applied must be today's; anything else that changed is still reported.
 */
const INTENDED_UPDATES: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>> = {
    "azure-native:containerregistry:Registry": (inputs) => ({ ...inputs, policies: { ...(inputs.policies as Record<string, unknown>), azureADAuthenticationAsArmPolicy: { status: "disabled" } } }),
};

/**
 * The same by resource name: kv-backup opens to its backup vendor's egress range (198.51.100.0/28),
 * without which the vendor, outside Azure, never reached its key through the vault's closed endpoint.
 */
const KV_BACKUP_OPENED: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>> = {
    "kv-backup-vault": (inputs) => {
        const properties = inputs.properties as Record<string, unknown>;
        const networkAcls = properties.networkAcls as Record<string, unknown>;
        return { ...inputs, properties: { ...properties, publicNetworkAccess: "Enabled", networkAcls: { ...networkAcls, ipRules: [{ value: "198.51.100.0/28" }] } } };
    },
};

/** The upgrade stack's config as deployed at 976feec, unedited: "same config, new code". */
const UPGRADE_FILE = path.join(__dirname, "..", "support", "deployed", "Pulumi.upgrade.yaml");
/** Flexible servers as deployed at 9bb6cfd, before geo-redundant backup: off, nothing about them may change. */
const FLEX_FILE = path.join(__dirname, "..", "support", "deployed", "Pulumi.flex.yaml");

type Raw = Record<string, unknown>;
/** The upgrade stack's config with one way out given to its backup vendor, applications[0], as the README's upgrade note asks. */
const vendorGiven = (change: Raw) => (raw: Raw): Raw => ({ ...raw, applications: (raw.applications as Raw[]).map((a, i) => (i === 0 ? { ...a, ...change } : a)) });

test("the upgrade stack's config as deployed is refused before anything is registered: its vendor's grant on closed kv-backup, naming both ways out", () => {
    let caught: unknown;
    try {
        parseStackConfig(rawConfig(readStackConfigFile(UPGRADE_FILE)));
    } catch (e) {
        caught = e;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).issues).toEqual([{
        path: "azure-byok:applications[0].access[0]",
        message: "reaches vault \"kv-backup\", which admits no traffic from this application: its public network access is off (the default: no IP or subnet rule opens it) and it has no private endpoint, so Key Vault takes only private endpoint traffic and trusted Azure services there; give the application's public egress ranges as azure-byok:applications[0].allowedNetworks (they open the vault's firewall to those ranges alone), a private endpoint on the vault (azure-byok:vaults[0].privateEndpoints) when the application reaches it from a network joined to it, or azure-byok:applications[0].privateNetworkAccess: true when it reaches the vault through a private endpoint this stack does not make (a hub's, over peering, VPN or ExpressRoute)",
    }]);
});

// A deployed resource no registration takes is deleted, and its successor created: a grant or a
// diagnostic setting replaced (Azure refusing the new one while the old holds its name or sink), a
// protected vault or key refused. So nothing is renamed without an alias, and an alias must bring
// the state of the resource it replaces, with the inputs it had.
describe.each([
    { title: "dev", stack: "dev", edit: (raw: Raw) => raw, byName: KV_BACKUP_OPENED, layout: "976feec" },
    { title: "central", stack: "central", edit: (raw: Raw) => raw, byName: {}, layout: "976feec" },
    { title: "minimal", stack: "minimal", edit: (raw: Raw) => raw, byName: {}, layout: "976feec" },
    { title: "tenants", stack: "tenants", edit: (raw: Raw) => raw, byName: {}, layout: "976feec" },
    // The upgrade note's two ways out: the vendor's range opens kv-backup in place; privateNetworkAccess changes nothing at all.
    { title: "upgrade (its vendor given allowedNetworks)", stack: "upgrade", edit: vendorGiven({ allowedNetworks: ["198.51.100.0/28"] }), byName: KV_BACKUP_OPENED, layout: "976feec" },
    { title: "upgrade (its vendor given privateNetworkAccess)", stack: "upgrade", edit: vendorGiven({ privateNetworkAccess: true }), byName: {}, layout: "976feec" },
    { title: "flex", stack: "flex", edit: (raw: Raw) => raw, byName: {}, layout: "9bb6cfd" },
] as const)("a $title stack deployed with the $layout layout", ({ stack, edit, byName, layout }) => {
    beforeEach(() => freezeDate(new Date(DEPLOYED_ON[layout])));
    afterEach(() => jest.useRealTimers());
    test("has each resource taken by exactly one registration now, with the inputs it was deployed with", async () => {
        const file = stack === "upgrade" ? UPGRADE_FILE : stack === "flex" ? FLEX_FILE : `Pulumi.${stack}.yaml`;
        const config = readStackConfigFile(file);
        const raw = edit(rawConfig(config));
        // As the plan runs it: the stack's config (the providers read theirs from it), and what the stack takes
        // as existing (central's vault, key and identity) in Azure.
        pulumi.runtime.setAllConfig(config);
        const settings = parseStackConfig(raw);
        // The version my-two pins exists in Azure, as run-plan tells the mocks of a pinned key's versions.
        const pinnedVersions = stack === "flex" ? [{ keyName: "cmk-my", version: "0123456789abcdef0123456789abcdef" }] : [];
        const { recorder } = await setAzureMocks({ ...providerSettings(config), ...existingAzure(raw), pinnedVersions, stack });
        await program(settings);
        await settle();
        expect(recorder.refused).toEqual([]);
        const before = deployed[stack];
        const { took, errors } = resolve(recorder.resources, new Set(before.map((d) => d.urn)), stack);
        expect(errors).toEqual([]);
        const taken = new Set(took.values());
        expect(before.filter((d) => !taken.has(d.urn)).map((d) => nameOf(d.urn))).toEqual([]);
        const updates: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>> = byName;
        const changed = recorder.resources.flatMap((r) => {
            const was = before.find((d) => d.urn === took.get(r.urn));
            if (was === undefined) return [];
            const byType = INTENDED_UPDATES[r.type]?.(was.inputs) ?? was.inputs;
            const updated = updates[r.name]?.(byType) ?? byType;
            return isDeepStrictEqual(diffed(updated, r.ignoreChanges), diffed(r.inputs, r.ignoreChanges)) ? [] : [`${nameOf(was.urn)} -> ${nameOf(r.urn)}`];
        });
        expect(changed).toEqual([]);
    });
});

// Before aaba1c4 a shared identity's access-policy grant was named for its first service's key
// (`<identity>-on-<key>`), and the vault-wide grant keeps that name as an alias. With
// prepareRbacMigration the role-only grant of that key is registered under exactly that name.
describe("a shared identity's access-policy grant on a vault that prepares its move to RBAC", () => {
    const settings = (prepare: boolean) => parseStackConfig({
        resourceGroupName: "rg-day2",
        location: "westeurope",
        vaults: [{ name: "kv-day2", enableRbacAuthorization: false, ...(prepare ? { prepareRbacMigration: true } : {}), keys: [{ name: "cmk-shared" }, { name: "cmk-orders" }] }],
        identities: [{ name: "id-shared" }],
        registries: [{ name: "acrday2", key: "cmk-shared", identity: "id-shared" }],
        eventHubNamespaces: [{ name: "evh-day2", key: "cmk-orders", identity: "id-shared" }],
        storageAccounts: [{ name: "stday2", key: "cmk-shared" }],
    });
    async function plan(prepare: boolean): Promise<RecordedResource[]> {
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "day2" });
        await program(settings(prepare));
        await settle();
        expect(recorder.refused).toEqual([]);
        return recorder.resources;
    }
    /** Each alias that names another registration's URN in the same run: the engine's duplicate error where that URN is deployed. */
    const overlaps = (resources: RecordedResource[]) => {
        const urns = new Set(resources.map((r) => r.urn));
        return resources.flatMap((r) => r.aliases
            .map((a) => (a.startsWith("urn:") ? a : urnUnder(r.parent, r.type, a, "day2")))
            .filter((u) => u !== r.urn && urns.has(u))
            .map((u) => `${r.name} aliases ${nameOf(u)}`)).sort();
    };
    const pre = (urn: string) => urn.replace("::id-shared-on-vault-kv-day2", "::id-shared-on-cmk-shared");
    let unprepared: RecordedResource[];
    let prepared: RecordedResource[];
    beforeAll(async () => {
        unprepared = await plan(false);
        prepared = await plan(true);
    });

    test("aliases another registration's URN only with prepareRbacMigration on, and only the per-key role grants'", () => {
        expect(overlaps(unprepared)).toEqual([]);
        expect(overlaps(prepared)).toEqual([
            "id-shared-on-vault-kv-day2 aliases id-shared-on-cmk-orders",
            "id-shared-on-vault-kv-day2 aliases id-shared-on-cmk-shared",
        ]);
    });

    test("a stack still holding the pre-aaba1c4 name deploys once without prepareRbacMigration, as the README asks, then prepares", () => {
        const old = new Set(unprepared.map((r) => pre(r.urn)));
        expect(old.has("urn:pulumi:day2::azure-byok::azure-byok:keyvault:KeyAccess::id-shared-on-cmk-shared")).toBe(true);
        // Prepared straight away, the engine refuses the deploy: the alias and the role grant both claim the deployed grant.
        expect(resolve(prepared, old, "day2").errors).toContain("id-shared-on-vault-kv-day2 takes id-shared-on-cmk-shared, which is registered too");
        // Once without it, the vault-wide grant takes the old state by its alias, with the policy it had ...
        const first = resolve(unprepared, old, "day2");
        expect(first.errors).toEqual([]);
        expect([...old].filter((u) => ![...first.took.values()].includes(u)).map(nameOf)).toEqual([]);
        // ... and the prepared deploy after it keeps every resource and only adds the roles.
        const then = resolve(prepared, new Set(unprepared.map((r) => r.urn)), "day2");
        expect(then.errors).toEqual([]);
        expect(unprepared.filter((r) => !then.took.has(r.urn) || then.took.get(r.urn) !== r.urn).map((r) => r.name)).toEqual([]);
    });
});
