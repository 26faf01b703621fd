import * as pulumi from "@pulumi/pulumi";
import { setAzureMocks, settle } from "../../plan/mocks";
import { entraProviderArgs, stackProviders, subscriptionProviderArgs, subscriptionProviders } from "../../stacks/providers";
import { valueOf } from "../support/outputs";

const platform = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";

describe("a provider for another subscription", () => {
    test("is given the stack's own azure-native settings, since Pulumi hands stack config to default providers only", async () => {
        await setAzureMocks();
        const args = subscriptionProviderArgs(platform, {
            "azure-native:location": "westeurope",
            "azure-native:environment": "usgovernment",
            "azure-native:tenantId": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
            "azure-native:clientId": "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
            "azure-native:clientSecret": "s3cr3t-value",
            "azure-native:useOidc": "true",
            "azure-native:useMsi": "false",
            "azure-native:auxiliaryTenantIds": "[\"6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d\"]",
            "azure-byok:location": "northeurope",
        });
        expect(args).toMatchObject({
            subscriptionId: platform,
            location: "westeurope",
            environment: "usgovernment",
            tenantId: "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
            clientId: "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
            useOidc: true,
            useMsi: false,
            auxiliaryTenantIds: ["6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d"],
        });
        // A secret stays one.
        const secret = pulumi.output(args.clientSecret);
        expect(await pulumi.isSecret(secret)).toBe(true);
        expect(await valueOf(secret)).toBe("s3cr3t-value");
        // What the stack does not set is left to the provider (environment variables, the Azure CLI).
        expect(Object.entries(subscriptionProviderArgs(platform, {})).filter(([, v]) => v !== undefined)).toEqual([["subscriptionId", platform]]);
    });

    test("keeps a setting the stack holds encrypted a secret, whichever it is, and no other", async () => {
        await setAzureMocks();
        pulumi.runtime.setAllConfig({}, ["azure-native:tenantId", "azure-native:auxiliaryTenantIds"]);
        try {
            const args = subscriptionProviderArgs(platform, {
                "azure-native:tenantId": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
                "azure-native:clientId": "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
                "azure-native:auxiliaryTenantIds": "[\"6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d\"]",
            });
            expect(await pulumi.isSecret(pulumi.output(args.tenantId))).toBe(true);
            expect(await valueOf(pulumi.output(args.tenantId))).toBe("0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e");
            expect(await pulumi.isSecret(pulumi.output(args.auxiliaryTenantIds))).toBe(true);
            expect(args.clientId).toBe("5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b");
            pulumi.runtime.setAllConfig({}, ["azuread:tenantId"]);
            expect(await pulumi.isSecret(pulumi.output(entraProviderArgs({ "azuread:tenantId": "t" }).tenantId))).toBe(true);
        } finally {
            pulumi.runtime.setAllConfig({});
        }
    });

    test("refuses a setting the provider could not read, naming it", () => {
        expect(() => subscriptionProviderArgs(platform, { "azure-native:useOidc": "yes" })).toThrow('azure-native:useOidc: "yes" is not true or false');
        expect(() => subscriptionProviderArgs(platform, { "azure-native:auxiliaryTenantIds": "[1]" })).toThrow("azure-native:auxiliaryTenantIds: [1] is not a list of tenant ids");
    });

    test("is made once per subscription, whatever its case, and not at all for the stack's own", async () => {
        const { recorder } = await setAzureMocks();
        const providerFor = subscriptionProviders({ "azure-native:location": "westeurope" });
        expect(providerFor(undefined)).toBeUndefined();
        expect(providerFor(platform)).toBe(providerFor(platform.toUpperCase()));
        await settle();
        expect(recorder.ofType("pulumi:providers:azure-native").map((p) => [p.name, p.inputs.subscriptionId, p.inputs.location])).toEqual([[`subscription-${platform}`, platform, "westeurope"]]);
    });
});

describe("the stack's own providers", () => {
    test("are none while default providers are on", async () => {
        await setAzureMocks();
        expect(stackProviders({ "azure-native:location": "westeurope" })).toEqual({ providers: [], azureNative: undefined });
    });

    test("are one per package the stack turns the default provider off for, given that package's settings", async () => {
        const { recorder } = await setAzureMocks();
        const { providers, azureNative } = stackProviders({
            "pulumi:disable-default-providers": JSON.stringify(["azure-native", "azuread", "aws"]),
            "azure-native:subscriptionId": platform,
            "azure-native:useOidc": "true",
            "azuread:tenantId": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
        });
        expect(providers).toHaveLength(2);
        expect(azureNative).toBe(providers[0]);
        await settle();
        expect(recorder.resources.map((r) => [r.type, r.name, r.inputs.subscriptionId ?? r.inputs.tenantId, r.inputs.useOidc]).sort()).toEqual([
            ["pulumi:providers:azure-native", "stack", platform, "true"],
            ["pulumi:providers:azuread", "stack", "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e", undefined],
        ]);
    });

    test("refuse a list that is not one, and a subscription that is not a GUID, naming the key", async () => {
        await setAzureMocks();
        expect(() => stackProviders({ "pulumi:disable-default-providers": "azure-native" })).toThrow('pulumi:disable-default-providers: "azure-native" is not a list of package names (or "*")');
        expect(() => stackProviders({ "pulumi:disable-default-providers": "[\"*\"]", "azure-native:subscriptionId": "payments" })).toThrow('azure-native:subscriptionId: "payments" is not a subscription id (a GUID)');
    });

    test("are read as the engine reads the list: empty is none disabled, each name trimmed", async () => {
        await setAzureMocks();
        expect(stackProviders({ "pulumi:disable-default-providers": "" })).toEqual({ providers: [], azureNative: undefined });
        expect(() => stackProviders({ "pulumi:disable-default-providers": JSON.stringify([" azure-native "]) })).toThrow("azure-native:subscriptionId: is required when pulumi:disable-default-providers turns azure-native's default provider off");
    });

    test("for Entra, take the stack's azuread settings, secrets kept secret", async () => {
        await setAzureMocks();
        const args = entraProviderArgs({ "azuread:tenantId": "t", "azuread:clientSecret": "s3cr3t", "azuread:useCli": "false", "azure-native:clientId": "not-azuread's" });
        expect(args).toMatchObject({ tenantId: "t", useCli: false, clientId: undefined });
        expect(await pulumi.isSecret(pulumi.output(args.clientSecret))).toBe(true);
    });
});

test("a provider setting no provider could read is refused by name before anything is registered, whether or not a provider of the stack's uses it", async () => {
    const { recorder } = await setAzureMocks();
    expect(() => stackProviders({ "azure-native:useOidc": "yes", "azuread:useCli": "1", "azure-native:auxiliaryTenantIds": "t1" })).toThrow([
        "The stack config has 3 problems:",
        '  - azure-native:useOidc: "yes" is not true or false',
        '  - azuread:useCli: "1" is not true or false',
        "  - azure-native:auxiliaryTenantIds: t1 is not a list of tenant ids",
    ].join("\n"));
    await settle();
    expect(recorder.requests).toEqual([]);
});
