import { readFileSync } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { stackConfigSchema } from "../../stacks/schema";

/** The README's stack config table, row by row: the key cell (`vaults[]`, `vaults[].keys[]`, ...) and the whole row. */
function configRows(): { key: string; text: string }[] {
    const readme = readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Stack config"), readme.indexOf("### Stack outputs"));
    return section.split("\n").filter((l) => l.startsWith("| `")).map((text) => ({ key: /^\| `([^`]+)`/.exec(text)?.[1] ?? "", text }));
}

/** The object schema inside optional and array wrappers, if there is one. */
function entryShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
    let s: z.ZodType = schema;
    for (;;) {
        if (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType;
        else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
        else break;
    }
    return s instanceof z.ZodObject ? (s.shape as Record<string, z.ZodType>) : undefined;
}

// Service Bus namespaces take the Event Hubs namespaces' settings, and their row says so.
const SAME_SETTINGS_AS: Record<string, string> = { serviceBusNamespaces: "eventHubNamespaces" };

describe("the README's stack config table", () => {
    const rows = configRows();
    const rowText = (key: string) => rows.filter((r) => r.key === key || r.key === `${key}[]`).map((r) => r.text).join("\n");
    const top = Object.entries(stackConfigSchema.shape as Record<string, z.ZodType>);

    test.each(top.map(([key]) => key))("has a row for %s", (key) => {
        expect(rowText(key)).not.toBe("");
    });

    const fields = top.flatMap(([key, schema]) => Object.keys(entryShape(schema) ?? {}).map((field) => [key, field] as const));
    test.each(fields)("names %s's setting %s", (key, field) => {
        expect({ key, field, documented: new RegExp(`\\b${field}\\b`).test(rowText(SAME_SETTINGS_AS[key] ?? key)) }).toEqual({ key, field, documented: true });
    });

    const keyFields = Object.keys(entryShape((entryShape(stackConfigSchema.shape.vaults) ?? {}).keys) ?? {});
    test.each(keyFields)("names the key setting %s", (field) => {
        expect({ field, documented: new RegExp(`\\b${field}\\b`).test(rowText("vaults[].keys")) }).toEqual({ field, documented: true });
    });
});

describe("the README's stack outputs", () => {
    test("name every output the program exports", async () => {
        const { setAzureMocks, settle } = await import("../../plan/mocks");
        const { parseStackConfig, rawConfig } = await import("../../stacks/config");
        const { program } = await import("../../stacks/program");
        const { readStackConfigFile } = await import("../../plan/stack-config");
        await setAzureMocks({ resourceGroups: [], stack: "dev" });
        const outputs = await program(parseStackConfig(rawConfig(readStackConfigFile("Pulumi.dev.yaml"))));
        await settle();
        const readme = readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
        const section = readme.slice(readme.indexOf("### Stack outputs"), readme.indexOf("## Policy pack"));
        expect(Object.keys(outputs).filter((key) => !section.includes(`\`${key}\``) && !section.includes(`\`${key}.`))).toEqual([]);
    });
});
