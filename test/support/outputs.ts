import * as pulumi from "@pulumi/pulumi";

/** The value of an Output once the mocks have answered. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => {
        resolve(v);
        return v;
    }));
}

/** Whether an Output is marked secret. */
export function isSecretOutput<T>(output: pulumi.Output<T>): Promise<boolean> {
    return pulumi.isSecret(output) as unknown as Promise<boolean>;
}
