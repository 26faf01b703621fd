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
 * Pulumi.yaml. Other namespaces (`azure-native:`, `pulumi:`) and secure values are left alone.
 */
export function stackFileJsonSchema(): Record<string, unknown> {
    const config = z.toJSONSchema(stackConfigSchema, { io: "input", unrepresentable: "any" }) as { properties: Record<string, unknown> };
    const properties = Object.fromEntries(Object.entries(config.properties).map(([name, schema]) => [`${CONFIG_NAMESPACE}:${name}`, schema]));
    return {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        title: "azure-byok stack config (Pulumi.<stack>.yaml)",
        type: "object",
        properties: {
            config: {
                type: "object",
                properties,
                // A key of this program's namespace that it does not read is refused, as the program refuses it.
                propertyNames: { anyOf: [{ not: { pattern: `^${CONFIG_NAMESPACE}:` } }, { enum: Object.keys(properties) }] },
                additionalProperties: true,
            },
        },
        additionalProperties: true,
    };
}

if (require.main === module) {
    writeFileSync(STACK_CONFIG_SCHEMA_FILE, `${JSON.stringify(stackFileJsonSchema(), null, 2)}\n`);
    process.stdout.write(`wrote ${path.relative(process.cwd(), STACK_CONFIG_SCHEMA_FILE)}\n`);
}
