import { CONFIG_NAMESPACE, ConfigError } from "./config";

/** The one setting that may hold a secret: a vault's event subscription's webhookUrl, which the component wraps in pulumi.secret. */
const SECRET_HOLDING_SETTINGS = new Set([`${CONFIG_NAMESPACE}:vaults`]);

/**
 * The config keys Pulumi marks secret, as the language host hands them to the program
 * (PULUMI_CONFIG_SECRET_KEYS, sdk/nodejs/cmd/pulumi-language-nodejs/main.go). The engine lists a
 * top-level key when any value under it is encrypted (sdk/go/common/resource/config/object.go
 * Secure()), never the path within it.
 */
export function configSecretKeys(env: NodeJS.ProcessEnv = process.env): string[] {
    const listed: unknown = JSON.parse(env.PULUMI_CONFIG_SECRET_KEYS || "[]");
    // Older language hosts spell keys `<namespace>:config:<name>`, as the SDK's cleanKey undoes.
    return Array.isArray(listed) ? listed.filter((k): k is string => typeof k === "string").map((k) => k.replace(/^([^:]+):config:/, "$1:")) : [];
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
