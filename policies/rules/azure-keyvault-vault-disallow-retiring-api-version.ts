import { T, vaultNoun } from "../lib/azure";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { read } from "../lib/values";

type Params = { minimumApiVersion: string };

/** The Key Vault resources whose outputs name the API version azure-native manages them with. */
const HOMES: readonly string[] = [T.vault, T.managedHsm];
const CHILDREN: readonly string[] = [T.key, T.secret, T.vaultEndpointConnection, T.hsmEndpointConnection];

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-disallow-retiring-api-version",
    description: "Azure stops serving Key Vault management API versions before 2026-02-01 on 27 February 2027: a vault, Managed HSM or key managed through an older one can no longer be changed, refreshed or deleted by Pulumi after that date (keys keep working for the services that use them).",
    severity: "high",
    // Nothing is lost or opened on the day, and a program cannot choose the version: the installed @pulumi/azure-native does.
    levels: everywhere("advisory"),
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["None: the version a resource is managed with is in Pulumi's outputs (azureApiVersion), not in Azure's resource model"],
    resourceTypes: [...HOMES, ...CHILDREN],
    parameters: {
        minimumApiVersion: {
            schema: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "The oldest Key Vault management API version (YYYY-MM-DD) Azure still serves; older ones are reported." },
            defaults: everywhere("2026-02-01"),
        },
    },
};

/** The date part of an API version (`2024-12-01-preview` is 2024-12-01), or undefined when unknown or of another form. */
function versionDate(value: unknown): string | undefined {
    return typeof value === "string" ? /^(\d{4}-\d{2}-\d{2})(?:-[a-z]+)?$/.exec(value)?.[1] : undefined;
}

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources, { minimumApiVersion }) {
        const retiring = resources.filter((r) => {
            const version = versionDate(read(r.props, "azureApiVersion"));
            return version !== undefined && version < minimumApiVersion && [...HOMES, ...CHILDREN].includes(r.type);
        });
        const homes = retiring.filter((r) => HOMES.includes(r.type));
        // A vault's keys and secrets go with it; they are named one by one only when the stack makes no such vault (keys in another team's vault).
        const reported = homes.length > 0 ? homes : retiring;
        const violations: StackViolation[] = [];
        for (const resource of reported) {
            const version = String(read(resource.props, "azureApiVersion"));
            const what = HOMES.includes(resource.type) ? `The ${vaultNoun(resource.type)} and what the stack makes in it are` : `This ${resource.type.split(":").pop()} is`;
            violations.push({
                urn: resource.urn,
                message: `${what} managed through Key Vault management API ${version}, which Azure stops serving on 27 February 2027 (every version before ${minimumApiVersion}); after that day pulumi up cannot change them, pulumi refresh cannot read them and pulumi destroy cannot delete them. Upgrade @pulumi/azure-native to a release whose keyvault module uses ${minimumApiVersion} or later (the type tokens stay, so nothing is replaced), and keep properties.enableRbacAuthorization set: from 2026-02-01 a vault made without it uses Azure RBAC.`,
            });
        }
        return violations;
    },
};
