import { AnalyzeRequest, AnalyzerResource } from "@pulumi/pulumi/proto/analyzer_pb";

/**
 * The type token a rule knows a resource by: azure-native's own, without the API version a program
 * may have chosen (`azure-native:keyvault/v20230701:Vault` and v1's `azure-native:keyvault/latest:Vault`
 * are `azure-native:keyvault:Vault`), and
 * under v3's name where an earlier major named it otherwise. The versioned resources take the same
 * request body, so the same rules hold for them.
 */
export function canonicalType(type: string): string {
    // The 2017 APIs (and MySQL's 2018 private preview) are the retired single servers', whose shape the flexible servers' rules do not read;
    // so is v1's `latest` Server, which was v1's default version, 2017-12-01.
    const single = /^azure-native:(dbforpostgresql|dbformysql)\/(v2017\d{4}[a-z]*|v20180601privatepreview|latest):Server$/.exec(type);
    if (single) return `azure-native:${single[1]}:SingleServer`;
    // Versions are vYYYYMMDD with an optional preview, privatepreview or beta; v1 also had a `latest` module per service.
    const unversioned = type.replace(/^(azure-native:[A-Za-z0-9]+)\/(?:v\d{8}[a-z]*|latest):/, "$1:");
    return ALIASES[unversioned] ?? unversioned;
}

/** Tokens of earlier azure-native majors that v3 lists as aliases of its own (v2 programs still send them). */
const ALIASES: Record<string, string> = {
    "azure-native:insights:DiagnosticSetting": "azure-native:monitor:DiagnosticSetting",
    "azure-native:documentdb:DatabaseAccount": "azure-native:cosmosdb:DatabaseAccount",
    "azure-native:network:InterfaceEndpoint": "azure-native:network:PrivateEndpoint",
};

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
