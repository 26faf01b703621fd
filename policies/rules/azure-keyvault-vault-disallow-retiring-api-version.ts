import { T, vaultNoun } from "../lib/azure";
import { everywhere, ResourceView, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
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

/** What the rule knows of the API version a resource is managed with: the version as named, its date, and whether it is the major's default. */
interface Managed {
    version: string;
    date: string;
    /** The azure-native major whose default it is, when read off the provider's version rather than the resource. */
    major?: number;
}

/**
 * The version a resource is managed with: the `azureApiVersion` output azure-native 3.x records; else
 * the version in the type token a program chose (`azure-native:keyvault/v20230701:Vault`, kept in the
 * URN where the pack judges it as keyvault:Vault); else, for a provider before 3.x (whose resources
 * carry no such output), the version that major manages Key Vault with: 2.x's default is 2023-02-01
 * (each resource's "In version 2.x of the Azure Native provider, it used API version 2023-02-01"), and
 * 1.x predates it. An unknown output (a preview of a change) or a 3.x resource without one (a first
 * preview) tells nothing.
 */
function managedWith(resource: ResourceView): Managed | undefined {
    const output = read(resource.props, "azureApiVersion");
    if (output !== undefined) {
        const date = versionDate(output);
        return date === undefined ? undefined : { version: String(output), date };
    }
    const type = resource.urn.split("::")[2]?.split("$").pop() ?? "";
    const chosen = /^azure-native:keyvault\/v(\d{4})(\d{2})(\d{2})([a-z]*):/.exec(type);
    if (chosen) {
        const date = `${chosen[1]}-${chosen[2]}-${chosen[3]}`;
        return { version: chosen[4] ? `${date}-${chosen[4]}` : date, date };
    }
    const major = Number(/^v?(\d+)\./.exec(resource.providerVersion ?? "")?.[1]);
    if (major === 2) return { version: "2023-02-01", date: "2023-02-01", major };
    // 1.x's versions are all older than 2.x's; the latest date one could be stands for them.
    if (major === 1) return { version: "2023-01-31", date: "2023-01-31", major };
    return undefined;
}

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources, { minimumApiVersion }) {
        const managed = new Map<ResourceView, Managed>();
        for (const r of resources) {
            if (!HOMES.includes(r.type) && !CHILDREN.includes(r.type)) continue;
            const found = managedWith(r);
            if (found !== undefined && found.date < minimumApiVersion) managed.set(r, found);
        }
        const retiring = [...managed.keys()];
        const homes = retiring.filter((r) => HOMES.includes(r.type));
        // A vault's keys and secrets go with it; they are named one by one only when the stack makes no such vault (keys in another team's vault).
        const reported = homes.length > 0 ? homes : retiring;
        const violations: StackViolation[] = [];
        for (const resource of reported) {
            const { version, major } = managed.get(resource) as Managed;
            const through =
                major === undefined
                    ? `Key Vault management API ${version},`
                    : `${major === 2 ? `Key Vault management API ${version}, the one` : "Key Vault management APIs older than 2023-02-01, the ones"} @pulumi/azure-native ${major}.x uses (this stack's provider is ${major}.x),`;
            const upgrade = major === undefined ? "(the type tokens stay, so nothing is replaced)" : `(a new major from ${major}.x: follow its migration guide; the keyvault type tokens stay, so nothing is replaced)`;
            const what = HOMES.includes(resource.type) ? `The ${vaultNoun(resource.type)} and what the stack makes in it are` : `This ${resource.type.split(":").pop()} is`;
            violations.push({
                urn: resource.urn,
                message: `${what} managed through ${through} which Azure stops serving on 27 February 2027 (every version before ${minimumApiVersion}); after that day pulumi up cannot change them, pulumi refresh cannot read them and pulumi destroy cannot delete them. Upgrade @pulumi/azure-native to a release whose keyvault module uses ${minimumApiVersion} or later ${upgrade}, and keep properties.enableRbacAuthorization set: from 2026-02-01 a vault made without it uses Azure RBAC.`,
            });
        }
        return violations;
    },
};
