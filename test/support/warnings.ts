import * as pulumi from "@pulumi/pulumi";

export type Warning = { message: string; resource?: pulumi.Resource };

/**
 * The program's `pulumi.log.warn` calls in each test of the enclosing describe, with the resource
 * each names: under the mocks the SDK has no engine to send them to.
 */
export function capturedWarnings(): Warning[] {
    const warnings: Warning[] = [];
    beforeEach(() => {
        warnings.length = 0;
        jest.spyOn(pulumi.log, "warn").mockImplementation(async (message: string, resource?: pulumi.Resource) => {
            warnings.push({ message, resource });
        });
    });
    afterEach(() => jest.restoreAllMocks());
    return warnings;
}
