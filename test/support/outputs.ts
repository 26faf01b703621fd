import * as pulumi from "@pulumi/pulumi";

/** The value of an Output (or any Input) once the mocks have answered. */
export function valueOf<T>(input: pulumi.Input<T>): Promise<pulumi.Unwrap<T>> {
    return new Promise((resolve) => pulumi.output(input).apply((v) => {
        resolve(v);
        return v;
    }));
}
