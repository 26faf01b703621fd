import * as pulumi from "@pulumi/pulumi";

/** The value of an Output (or any Input) once the mocks have answered. */
export function valueOf<T>(input: pulumi.Input<T>): Promise<pulumi.Unwrap<T>> {
    return new Promise((resolve) => pulumi.output(input).apply((v) => {
        resolve(v);
        return v;
    }));
}

/**
 * A program's outputs as `pulumi stack output --json` writes them without --show-secrets: each
 * value resolved, each secret as "[secret]".
 */
export async function stackOutputJson(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        if (await pulumi.isSecret(value)) return "[secret]";
        return stackOutputJson(await valueOf(value));
    }
    if (Array.isArray(value)) return Promise.all(value.map(stackOutputJson));
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await stackOutputJson(v)] as const)));
    }
    return value;
}
