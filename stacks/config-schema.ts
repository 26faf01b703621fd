import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { CONFIG_NAMESPACE } from "./config";
import { stackConfigSchema } from "./schema";

/** Where the generated schema lives, beside the schema it is made from. */
export const STACK_CONFIG_SCHEMA_FILE = path.join(__dirname, "stack-config.schema.json");

/**
 * A JSON Schema for a `Pulumi.<stack>.yaml` file, made from the stack config's zod schema, so an
 * editor's YAML language server completes and checks the `azure-byok:` keys as they are typed.
 * It judges shapes, names and enums; Azure's rules on values (and what the program reads from
 * Azure) stay the program's, which names each problem by its path. No key is required here: a
 * stack may take `location` from `azure-native:location`, and any key from the project's
 * Pulumi.yaml. Other namespaces (`azure-native:`, `pulumi:`) are left alone; of this one, only a
 * webhook destination's `webhookUrl`, which the program keeps secret, may be encrypted. A key
 * written without a namespace is judged as this project's (azure-byok), as the CLI reads it.
 */
export function stackFileJsonSchema(): Record<string, unknown> {
    const config = z.toJSONSchema(stackConfigSchema, { io: "input", unrepresentable: "any" }) as { properties: Record<string, unknown> };
    allowEncrypted(config, "webhookUrl");
    // The CLI puts a key written without a namespace in the project's (this project's is azure-byok): `location:` is `azure-byok:location`.
    const properties = Object.fromEntries(Object.entries(config.properties).flatMap(([name, schema]) => {
        const setting = topLevelForms(name, schema, { $ref: `#/$defs/${name}` });
        return [[`${CONFIG_NAMESPACE}:${name}`, setting], [name, setting]];
    }));
    return {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        title: "azure-byok stack config (Pulumi.<stack>.yaml)",
        type: "object",
        properties: {
            config: {
                type: "object",
                properties,
                // A key of this program's namespace, written with it or without any, that the program does not read is refused, as the program refuses it.
                propertyNames: { anyOf: [{ pattern: ":", not: { pattern: `^${CONFIG_NAMESPACE}:` } }, { enum: Object.keys(properties) }] },
                additionalProperties: true,
            },
        },
        additionalProperties: true,
        $defs: config.properties,
    };
}

/** The top-level text settings for which a whole number's text is a value the program takes. */
const NUMBER_AS_TEXT = new Set(["resourceGroupName"]);

/**
 * A top-level setting in the forms the program takes it in besides its own: `pulumi config set`
 * without --path stores every value as text ("Top level entries are always treated as strings",
 * pkg/cmd/pulumi/config/config.go), which the program reads as JSON for a switch, map or list
 * (`"false"`, `'{"env":"dev"}'`), and a text setting written as a whole number (`resourceGroupName: 2024`)
 * reaches the program as its text: only where digits alone are a valid value (not a region or a
 * wait such as "30s"). Within a setting, values keep their types.
 */
function topLevelForms(name: string, schema: unknown, ref: Record<string, unknown>): Record<string, unknown> {
    const type = typeof schema === "object" && schema !== null ? (schema as { type?: unknown }).type : undefined;
    const json = (opening: string) => ({ type: "string", pattern: `^\\s*\\${opening}`, contentMediaType: "application/json" });
    const other = type === "boolean" ? { type: "string", enum: ["true", "false"] }
        : type === "object" ? json("{")
        : type === "array" ? json("[")
        : type === "string" && NUMBER_AS_TEXT.has(name) ? { type: "integer", minimum: 0 }
        : undefined;
    return other === undefined ? ref : { anyOf: [ref, other] };
}

/**
 * Lets the settings the program keeps secret be written as the Pulumi CLI encrypts them
 * (`pulumi config set --secret --path`: `{ secure: <ciphertext> }`) as well as in plain text.
 */
function allowEncrypted(schema: unknown, property: string): void {
    if (typeof schema !== "object" || schema === null) return;
    const node = schema as Record<string, unknown>;
    const properties = node.properties as Record<string, unknown> | undefined;
    if (properties && property in properties) {
        properties[property] = { anyOf: [properties[property], { type: "object", properties: { secure: { type: "string" } }, required: ["secure"], additionalProperties: false }] };
    }
    for (const [key, value] of Object.entries(node)) {
        if (key === "properties" && properties) {
            for (const [name, child] of Object.entries(properties)) if (name !== property) allowEncrypted(child, property);
        } else if (typeof value === "object") {
            allowEncrypted(value, property);
        }
    }
}

if (require.main === module) {
    writeFileSync(STACK_CONFIG_SCHEMA_FILE, `${JSON.stringify(stackFileJsonSchema(), null, 2)}\n`);
    process.stdout.write(`wrote ${path.relative(process.cwd(), STACK_CONFIG_SCHEMA_FILE)}\n`);
}
