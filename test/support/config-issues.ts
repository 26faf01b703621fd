import { ConfigError, parseStackConfig } from "../../stacks/config";

/** The problems parseStackConfig finds in a config it must refuse; a config it takes fails the test. */
export function configIssuesOf(raw: Record<string, unknown>): ConfigError["issues"] {
    try {
        parseStackConfig(raw);
    } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).issues;
    }
    throw new Error("parseStackConfig took a config it should refuse");
}
