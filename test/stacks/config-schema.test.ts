import { readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { parse } from "yaml";
import { STACK_CONFIG_SCHEMA_FILE, stackFileJsonSchema } from "../../stacks/config-schema";

const root = path.resolve(__dirname, "..", "..");
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(stackFileJsonSchema());
const errorsOf = (file: unknown) => (validate(file) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`));

test("the committed schema is the one the stack config's schema makes (npm run schema:config)", () => {
    expect(JSON.parse(readFileSync(STACK_CONFIG_SCHEMA_FILE, "utf8"))).toEqual(stackFileJsonSchema());
});

test.each(["Pulumi.dev.yaml", "Pulumi.minimal.yaml", "Pulumi.central.yaml", "Pulumi.tenants.yaml"])("the example %s is valid, and names the schema for editors", (file) => {
    const text = readFileSync(path.join(root, file), "utf8");
    expect(errorsOf(parse(text))).toEqual([]);
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=./stacks/stack-config.schema.json");
});

test("an editor is told of a misspelt key, a value outside its enum and a wrong type, and not of other namespaces", () => {
    const file = {
        config: {
            "azure-native:location": "westeurope",
            "pulumi:disable-default-providers": ["*"],
            "azure-byok:resourceGroupName": "rg",
            "azure-byok:vault": [],
            "azure-byok:vaults": [{ name: "kv", sku: "gold", keys: [{ name: "cmk", keySize: "3072" }] }],
        },
    };
    const errors = errorsOf(file);
    expect(errors).toEqual(expect.arrayContaining([
        "/config/azure-byok:vaults/0/sku must be equal to one of the allowed values",
        "/config/azure-byok:vaults/0/keys/0/keySize must be number",
    ]));
    expect(errors.some((e) => e.startsWith("/config property name must"))).toBe(true);
    expect(errors.filter((e) => e.includes("azure-native") || e.includes("pulumi:"))).toEqual([]);
    // Valid once those are mended; nothing is required, since Pulumi.yaml and azure-native:location may supply it.
    expect(errorsOf({ config: { "azure-byok:vaults": [{ name: "kv", sku: "standard", keys: [{ name: "cmk", keySize: 3072 }] }] } })).toEqual([]);
});

test("a webhook URL may be written encrypted, as pulumi config set --secret --path writes it, and nothing else may", () => {
    const vault = (webhookUrl: unknown) => ({ config: { "azure-byok:vaults": [{ name: "kv", eventSubscriptions: [{ name: "to-siem", webhookUrl }] }] } });
    expect(errorsOf(vault({ secure: "AAABAHq3bnvk3+Y=" }))).toEqual([]);
    expect(errorsOf(vault("https://siem.example.com/hook"))).toEqual([]);
    expect(errorsOf(vault({ secure: "AAAB", extra: 1 })).length).toBeGreaterThan(0);
    expect(errorsOf({ config: { "azure-byok:resourceGroupName": { secure: "AAAB" } } }).length).toBeGreaterThan(0);
});

test("a key written without a namespace is judged as this project's, as the CLI namespaces it", () => {
    expect(errorsOf({ config: { resourceGroupName: "rg", vaults: [{ name: "kv", keys: [{ name: "cmk" }] }] } })).toEqual([]);
    expect(errorsOf({ config: { vaults: [{ name: "kv", sku: "gold" }] } })).toEqual(expect.arrayContaining(["/config/vaults/0/sku must be equal to one of the allowed values"]));
    expect(errorsOf({ config: { resourceGroupNme: "rg" } }).some((e) => e.startsWith("/config property name must"))).toBe(true);
});

test("a top-level setting may be written as pulumi config set (no --path) stores it, as text the program reads; within a setting, types stay", () => {
    // pulumi config set azure-byok:createResourceGroup false; pulumi config set azure-byok:tags '{"env":"dev"}'; resourceGroupName: 2024 reaches the program as "2024".
    expect(errorsOf({ config: { "azure-byok:createResourceGroup": "false", "azure-byok:tags": "{\"env\":\"dev\"}", "azure-byok:vaults": "[{\"name\":\"kv\"}]", "azure-byok:resourceGroupName": 2024, location: "westeurope" } })).toEqual([]);
    expect(errorsOf({ config: { "azure-byok:createResourceGroup": "yes" } }).length).toBeGreaterThan(0);
    expect(errorsOf({ config: { "azure-byok:tags": "env=dev" } }).length).toBeGreaterThan(0);
    expect(errorsOf({ config: { "azure-byok:vaults": [{ name: "kv", enablePurgeProtection: "true" }] } })).toEqual(expect.arrayContaining(["/config/azure-byok:vaults/0/enablePurgeProtection must be boolean"]));
    expect(errorsOf({ config: { "azure-byok:tags": { costCenter: 1234 } } })).toEqual(expect.arrayContaining(["/config/azure-byok:tags/costCenter must be string"]));
    // A number is a value only where its digits are one: a wait is "30s" or "2m", a region is a name.
    expect(errorsOf({ config: { "azure-byok:rbacPropagationWait": 120 } }).length).toBeGreaterThan(0);
    expect(errorsOf({ config: { location: 2024 } }).length).toBeGreaterThan(0);
});
