import * as fs from "node:fs";
import * as path from "node:path";
import { AZURE_API_VERSIONS } from "../../plan/api-versions";
import { azureHandlers } from "../../plan/azure";
import { setAzureMocks, settle } from "../../plan/mocks";
import { parseStackConfig, rawConfig } from "../../stacks/config";
import { program } from "../../stacks/program";
import { readStackConfigFile } from "../../plan/stack-config";

const SDK = path.dirname(require.resolve("@pulumi/azure-native/package.json"));

/** What the installed SDK documents for a type: the API version it manages it with, and whether it has the `azureApiVersion` output. */
function documented(type: string): { version?: string; output: boolean } {
    const [, module, resource] = type.split(":");
    const text = fs.readFileSync(path.join(SDK, module, `${resource[0].toLowerCase()}${resource.slice(1)}.d.ts`), "utf8");
    return { version: /Uses Azure REST API version ([0-9a-z-]+)\./.exec(text)?.[1], output: /readonly azureApiVersion: pulumi\.Output<string>;/.test(text) };
}

const modelled = Object.keys(azureHandlers).filter((type) => type.startsWith("azure-native:")).sort();

test.each(modelled)("%s gets the API version the installed @pulumi/azure-native documents, or none when it has no such output", (type) => {
    const { version, output } = documented(type);
    expect(AZURE_API_VERSIONS[type]).toBe(output ? version : undefined);
    if (output) expect(version).toMatch(/^\d{4}-\d{2}-\d{2}(-[a-z]+)?$/);
});

test("the table holds the modelled types alone", () => {
    expect(Object.keys(AZURE_API_VERSIONS).filter((type) => !modelled.includes(type))).toEqual([]);
});

test("the mocks answer each resource with its version, as the provider records it", async () => {
    const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "dev" });
    await program(parseStackConfig(rawConfig(readStackConfigFile("Pulumi.dev.yaml"))));
    await settle();
    const vaults = recorder.ofType("azure-native:keyvault:Vault");
    expect(vaults.length).toBeGreaterThan(0);
    expect(vaults.map((v) => v.outputs?.azureApiVersion)).toEqual(vaults.map(() => documented("azure-native:keyvault:Vault").version));
    const registries = recorder.ofType("azure-native:containerregistry:Registry");
    expect(registries.map((r) => r.outputs?.azureApiVersion)).toEqual(registries.map(() => "2023-01-01-preview"));
    expect(recorder.ofType("azure-native:keyvault:AccessPolicy").every((p) => p.outputs?.azureApiVersion === undefined)).toBe(true);
});
