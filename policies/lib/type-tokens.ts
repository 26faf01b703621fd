import { AnalyzeRequest, AnalyzerResource } from "@pulumi/pulumi/proto/analyzer_pb";

/**
 * The type token a rule knows a resource by: azure-native's own, without the API version a program
 * may have chosen (`azure-native:keyvault/v20230701:Vault` is `azure-native:keyvault:Vault`). The
 * versioned resources take the same request body, so the same rules hold for them.
 */
export function canonicalType(type: string): string {
    return type.replace(/^(azure-native:[A-Za-z0-9]+)\/v\d{8}[a-z]*:/, "$1:");
}

type Typed = { prototype: { getType(): string } };

/**
 * Makes the analyzer see every resource under its canonical type, in `Analyze` and `AnalyzeStack`
 * alike. `@pulumi/policy` reads the type from the request, and a rule that names one type is
 * skipped for any other before it runs; without this, a program that imports a versioned
 * azure-native module would escape every such rule.
 */
export function judgeVersionedTypesAsCanonical(messages: Typed[] = [AnalyzeRequest, AnalyzerResource]): void {
    for (const message of messages) {
        const getType = message.prototype.getType;
        if ((getType as { canonical?: boolean }).canonical) continue;
        message.prototype.getType = Object.assign(function (this: unknown) {
            return canonicalType(getType.call(this));
        }, { canonical: true });
    }
}
