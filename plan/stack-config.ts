import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { CONFIG_NAMESPACE } from "../stacks/config";

/** A stack's config as the plan can read it offline. */
export interface StackConfigFile {
    /** `namespace:key` → string, structured values as JSON: what the Pulumi CLI hands a program. */
    config: Record<string, string>;
    /**
     * Keys of other namespaces (provider settings such as `azure-native:clientSecret`) whose
     * values are encrypted: left out, since the plan stands in for the providers that read them.
     */
    encryptedProviderKeys: string[];
}

/**
 * Reads `Pulumi.<stack>.yaml`. Encrypted (`secure:`) values cannot be decrypted offline: in the
 * program's own namespace they are refused by name (the program would read them); elsewhere they
 * only configure providers, which the plan replaces, so they are left out and listed.
 */
export function readStackConfig(path: string): StackConfigFile {
    const doc: unknown = parse(readFileSync(path, "utf8")) ?? {};
    const config = (doc as { config?: unknown }).config ?? {};
    if (config === null || typeof config !== "object" || Array.isArray(config)) {
        throw new Error(`${path}: "config" must be a map of "namespace:key" to values`);
    }
    const out: Record<string, string> = {};
    const encryptedProviderKeys: string[] = [];
    for (const [key, value] of Object.entries(config)) {
        if (!key.includes(":")) {
            throw new Error(`${path}: config key "${key}" has no namespace; write it as "${CONFIG_NAMESPACE}:${key}"`);
        }
        const secure = securePath(value, key);
        if (secure !== undefined) {
            if (!key.startsWith(`${CONFIG_NAMESPACE}:`)) {
                encryptedProviderKeys.push(key);
                continue;
            }
            throw new Error(`${path}: ${secure} is encrypted (secure:), which only the Pulumi CLI can decrypt; the plan needs it in plain text, and nothing in the ${CONFIG_NAMESPACE} namespace is secret`);
        }
        out[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return { config: out, encryptedProviderKeys };
}

/** The config as the program sees it (see readStackConfig); encrypted provider settings left out. */
export function readStackConfigFile(path: string): Record<string, string> {
    return readStackConfig(path).config;
}

/** Where in a config value an encrypted leaf (`{ secure: "v1:..." }`) sits, if anywhere. */
function securePath(value: unknown, at: string): string | undefined {
    if (value === null || typeof value !== "object") return undefined;
    if (!Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as { secure?: unknown }).secure === "string") return at;
    for (const [k, v] of Object.entries(value)) {
        const found = securePath(v, Array.isArray(value) ? `${at}[${k}]` : `${at}.${k}`);
        if (found !== undefined) return found;
    }
    return undefined;
}
