import type { PolicyResource } from "@pulumi/policy";
import * as policyProxy from "@pulumi/policy/proxy";
import { viewsOf } from "../../policies/lib/pack";
import { StackIndex } from "../../policies/lib/stack";

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
