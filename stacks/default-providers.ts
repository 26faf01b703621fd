/**
 * `pulumi:disable-default-providers` as the engine reads it (pkg/resource/deploy/providers/
 * default_providers.go): empty is none disabled, each name trimmed; undefined when it is no JSON list of names.
 */
export function parseDisabledDefaultProviders(value: string): string[] | undefined {
    if (value.trim() === "") return [];
    let list: unknown;
    try {
        list = JSON.parse(value);
    } catch {
        return undefined;
    }
    return Array.isArray(list) && list.every((p) => typeof p === "string") ? list.map((p: string) => p.trim()) : undefined;
}
