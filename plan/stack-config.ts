import { readFileSync } from "node:fs";
import { parse } from "yaml";

/**
 * A stack's `Pulumi.<stack>.yaml` as the Pulumi CLI hands it to a program: `namespace:key` →
 * string, structured values as JSON. Secure (`secure:`) values cannot be decrypted offline and
 * are refused by name.
 */
export function readStackConfigFile(path: string): Record<string, string> {
    const doc: unknown = parse(readFileSync(path, "utf8")) ?? {};
    const config = (doc as { config?: unknown }).config ?? {};
    if (config === null || typeof config !== "object" || Array.isArray(config)) {
        throw new Error(`${path}: "config" must be a map of "namespace:key" to values`);
    }
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) {
        if (!key.includes(":")) {
            throw new Error(`${path}: config key "${key}" has no namespace; write it as "azure-byok:${key}"`);
        }
        if (value !== null && typeof value === "object" && "secure" in value) {
            throw new Error(`${path}: ${key} is encrypted (secure:), which only the Pulumi CLI can decrypt`);
        }
        out[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return out;
}
