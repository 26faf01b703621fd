import type { PolicyResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import * as policyProxy from "@pulumi/policy/proxy";
import { complianceFramework, noteAnalyzed, toPolicies, viewsOf } from "../../../policies/lib/pack";
import { rules } from "../../../policies/rules";
import { StackIndex } from "../../../policies/lib/stack";
import { UNKNOWN_STRING } from "../fixtures";

// The analyzer's own proxy (@internal in its typings), as server.js wraps each resource's properties.
const { unknownCheckingProxy } = policyProxy as unknown as { unknownCheckingProxy(props: object): Record<string, unknown> };

const VAULT = "urn:pulumi:dev::azure-byok::azure-native:keyvault:Vault::vault";
const KEY = "urn:pulumi:dev::azure-byok::azure-native:keyvault:Key::key";

/** What server.js builds for one stack rule: its own objects around the request's properties. */
function policyResource(urn: string, type: string, props: object, dependencies: PolicyResource[] = []): PolicyResource {
    return {
        type,
        name: urn.split("::").pop() as string,
        urn,
        props: unknownCheckingProxy(props),
        opts: { protect: true, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
        dependencies,
        propertyDependencies: { vaultName: dependencies },
        isType: () => false,
        asType: () => undefined,
    };
}

/** One stack rule's resources over the request's (frozen, shared) properties. */
function resourcesFor(vaultProps: object, keyProps: object): PolicyResource[] {
    const vault = policyResource(VAULT, "azure-native:keyvault:Vault", vaultProps);
    return [vault, policyResource(KEY, "azure-native:keyvault:Key", keyProps, [vault])];
}

describe("the views the pack hands its stack rules", () => {
    const vaultProps = Object.freeze({ name: "kv-prod", properties: Object.freeze({ enablePurgeProtection: true }) });
    const keyProps = Object.freeze({ name: "cmk", vaultName: "kv-prod" });

    test("read each resource as the analyzer gave it", () => {
        const [vault, key] = viewsOf(resourcesFor(vaultProps, keyProps));
        expect(vault).toMatchObject({ urn: VAULT, type: "azure-native:keyvault:Vault", name: "vault", protect: true, dependencies: [] });
        expect(key).toMatchObject({ urn: KEY, dependencies: [VAULT], propertyDependencies: { vaultName: [VAULT] } });
        expect(Object.getOwnPropertyDescriptor(vault.props, "name")?.value).toBe("kv-prod");
    });

    test("are one list, with one index, for every rule of the same request", () => {
        const first = viewsOf(resourcesFor(vaultProps, keyProps));
        const second = viewsOf(resourcesFor(vaultProps, keyProps));
        expect(second).toBe(first);
        expect(StackIndex.of(second)).toBe(StackIndex.of(first));
        expect(StackIndex.of(first).keys.get("kv-prod/cmk")).toBe(first[1]);
    });

    test("are a new list for another request, whose properties are other objects", () => {
        const first = viewsOf(resourcesFor(vaultProps, keyProps));
        const other = viewsOf(resourcesFor(Object.freeze({ ...vaultProps }), keyProps));
        expect(other).not.toBe(first);
        expect(other[1]).toBe(first[1]);
        expect(StackIndex.of(other)).not.toBe(StackIndex.of(first));
    });

    test("are never kept for properties that are not frozen (nothing shares them)", () => {
        const open = { name: "kv-dev" };
        const first = viewsOf(resourcesFor(open, keyProps));
        const second = viewsOf(resourcesFor(open, keyProps));
        expect(second).not.toBe(first);
        expect(second[0]).not.toBe(first[0]);
    });
});

test("a view carries the path parameters its resource's Analyze request gave", () => {
    noteAnalyzed(KEY, { vaultName: "kv-good", keyName: "cmk" });
    noteAnalyzed(VAULT);
    const [key, vault] = viewsOf([policyResource(KEY, "azure-native:keyvault:Key", { name: UNKNOWN_STRING }), policyResource(VAULT, "azure-native:keyvault:Vault", {})]);
    expect(key.pathParameters).toEqual({ vaultName: "kv-good", keyName: "cmk" });
    expect(vault.pathParameters).toBeUndefined();
});

describe("resources the program only reads", () => {
    const policies = toPolicies(rules);
    const privileged = policies.find((p) => p.name === "azure-keyvault-vault-disallow-privileged-workload-roles") as StackValidationPolicy;
    const ADMIN = "/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleDefinitions/00482a5a-887f-4fb3-b363-3b7fe8e74483";
    const grant = (urn: string) => policyResource(urn, "azure-native:authorization:RoleAssignment", { principalId: "11111111-1111-1111-1111-111111111111", principalType: "ServicePrincipal", roleDefinitionId: ADMIN, scope: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv" });
    // What each Analyze request does as it is decoded (requests.ts).
    const analyze = noteAnalyzed;
    const reported = (resources: PolicyResource[]) => {
        const urns: (string | undefined)[] = [];
        (privileged.validateStack as (args: unknown, report: ReportViolation) => void)({ resources, getConfig: () => ({}) }, ((_message: string, urn?: string) => urns.push(urn)) as ReportViolation);
        return urns;
    };
    const REGISTERED = "urn:pulumi:dev::azure-byok::azure-native:authorization:RoleAssignment::registered";
    const READ = "urn:pulumi:dev::azure-byok::azure-native:authorization:RoleAssignment::read";

    test("a stack with no resource analyzed in this run (AnalyzeStack driven alone) is judged whole", () => {
        analyze("urn:pulumi:elsewhere::p::azure-native:keyvault:Vault::v");
        expect(reported([grant(READ)])).toEqual([READ]);
    });

    test("beside the resources analyzed in this run, one never analyzed (read) is not reported; a new run starts afresh", () => {
        analyze(REGISTERED);
        expect(reported([grant(REGISTERED), grant(READ)])).toEqual([REGISTERED]);
        // The next run analyzes the other one: the first run's URNs do not carry over.
        analyze(READ);
        expect(reported([grant(REGISTERED), grant(READ)])).toEqual([READ]);
        // Nor does what the first run worked out, even for the same (frozen, shared) properties, whose views the pack keeps.
        const frozen = (urn: string) => policyResource(urn, "azure-native:authorization:RoleAssignment", Object.freeze({ principalId: "11111111-1111-1111-1111-111111111111", principalType: "ServicePrincipal", roleDefinitionId: ADMIN, scope: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv" }));
        const same = [frozen(REGISTERED), frozen(READ)];
        analyze(REGISTERED);
        expect(reported(same)).toEqual([REGISTERED]);
        analyze(READ);
        expect(reported(same)).toEqual([READ]);
    });
});

describe("the compliance framework each policy is filed under in Pulumi Cloud", () => {
    test("is the first Microsoft cloud security benchmark control the rule cites, else the first CIS Azure one, else none", () => {
        expect(complianceFramework(["CIS Azure 3.7", "MCSB v2 PA-7"])).toEqual({ name: "Microsoft cloud security benchmark", version: "v2", reference: "PA-7", specification: "MCSB v2 PA-7" });
        expect(complianceFramework(["CIS Azure v3.0 4.3 (key rotation reminders)"])).toEqual({ name: "CIS Microsoft Azure Foundations Benchmark", version: "v3.0", reference: "4.3", specification: "CIS Azure v3.0 4.3 (key rotation reminders)" });
        expect(complianceFramework(["CIS Azure 3.3.7 (v3)"])).toMatchObject({ version: "v3", reference: "3.3.7" });
        expect(complianceFramework(["PCI DSS 3.6.4"])).toBeUndefined();
    });

    test("goes on every policy whose rule cites one, beside the tags that keep every control", () => {
        const policies = toPolicies(rules);
        for (const rule of rules) {
            const policy = policies.find((p) => p.name === rule.metadata.name);
            expect(policy?.tags).toEqual(rule.metadata.frameworks);
            if (rule.metadata.frameworks.some((f) => f.startsWith("MCSB v2 "))) expect(policy?.framework?.name).toBe("Microsoft cloud security benchmark");
        }
    });
});
