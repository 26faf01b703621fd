import { T } from "../lib/azure";
import { refusesCurve } from "../lib/key-vault-limits";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = { allowedCurves: string[] };

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-configure-allowed-curves",
    description: "Some elliptic curves (P-256K) are not approved for government and regulated use.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-6", "NIST SP 800-186"],
    mirrors: ["Azure Policy \"Keys using elliptic curve cryptography should have the specified curve names\" (its default list under baseline and mcsb; sovereign leaves out P-256K)"],
    resourceTypes: [T.key],
    parameters: {
        allowedCurves: { schema: { type: "array", items: { type: "string", enum: ["P-256", "P-384", "P-521", "P-256K"] }, description: "EC curves allowed." }, defaults: { baseline: ["P-256", "P-256K", "P-384", "P-521"], mcsb: ["P-256", "P-256K", "P-384", "P-521"], sovereign: ["P-256", "P-384", "P-521"] } },
    },
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { allowedCurves }) {
        const kty = read(props, "properties", "kty");
        const curve = read(props, "properties", "curveName");
        if (kty === UNKNOWN || curve === UNKNOWN || typeof kty !== "string" || !kty.toUpperCase().startsWith("EC")) return [];
        // A curve Key Vault refuses is azure-keyvault-key-configure-supported-parameters' to report.
        if (refusesCurve(curve)) return [];
        // Key Vault creates P-256 keys when curveName is omitted.
        const name = typeof curve === "string" ? curve : "P-256";
        // Enum values are read in any case, as the other rules read them.
        return allowedCurves.some((c) => c.toUpperCase() === name.toUpperCase()) ? [] : [`The EC key uses curve ${name}, not one of ${allowedCurves.join(", ")}; set properties.curveName to one of them.`];
    },
};
