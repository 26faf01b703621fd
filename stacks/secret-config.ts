import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { CONFIG_NAMESPACE, ConfigError } from "./config";

/** The one setting that may hold a secret: a vault's event subscription's webhookUrl, which the component wraps in pulumi.secret. */
const SECRET_HOLDING_SETTINGS = new Set([`${CONFIG_NAMESPACE}:vaults`]);

/**
 * Which of `keys` Pulumi marks secret. The engine marks a top-level key when any value under it is
 * encrypted (sdk/go/common/resource/config/object.go Secure()), never the path within it; the
 * language host lists them in PULUMI_CONFIG_SECRET_KEYS (the Automation API through setAllConfig),
 * which the SDK's isConfigSecret reads. That function is exported at run time but left out of the
 * SDK's typings (@internal), so it is looked up; without it the variable is read directly.
 */
export function secretConfigKeys(keys: readonly string[]): string[] {
    const sdk: unknown = "isConfigSecret" in runtimeConfig ? runtimeConfig.isConfigSecret : undefined;
    const listed = envSecretKeys();
    return keys.filter((k) => (typeof sdk === "function" ? sdk(k) === true : listed.includes(k)));
}

/** PULUMI_CONFIG_SECRET_KEYS as the language host sets it (sdk/nodejs/cmd/pulumi-language-nodejs/main.go): a JSON list of keys. */
export function envSecretKeys(env: NodeJS.ProcessEnv = process.env): string[] {
    const listed: unknown = JSON.parse(env.PULUMI_CONFIG_SECRET_KEYS || "[]");
    return Array.isArray(listed) ? listed.filter((k): k is string => typeof k === "string") : [];
}

/**
 * This program's settings given as secrets (`pulumi config set --secret`), refused: `allConfig()`
 * hands them over decrypted, and the program would deploy them in plain text into resource inputs,
 * the state and the stack outputs. Only `vaults` may hold one, for a webhook destination's
 * webhookUrl; since Pulumi names only the top-level key, any other secret inside `vaults` is not
 * told apart. Names keys only, never values.
 */
export function secretConfigIssues(secretKeys: readonly string[]): ConfigError | undefined {
    const refused = secretKeys.filter((k) => k.startsWith(`${CONFIG_NAMESPACE}:`) && !SECRET_HOLDING_SETTINGS.has(k));
    if (refused.length === 0) return undefined;
    return new ConfigError(refused.map((path) => ({
        path,
        message: `is a secret (pulumi config set --secret), which this program would deploy in plain text (state, resource inputs, stack outputs): of the ${CONFIG_NAMESPACE}: settings only a webhook destination's webhookUrl (${CONFIG_NAMESPACE}:vaults[].eventSubscriptions[].webhookUrl) is kept secret; set this one again without --secret`,
    })));
}
