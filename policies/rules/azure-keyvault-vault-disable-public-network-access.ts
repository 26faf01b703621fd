import { T, vaultNoun } from "../lib/azure";
import { widerThanSlash8, within } from "../lib/ip";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { allowedInStack } from "../lib/stack-names";
import { isUnknown, list, read, sameText, UNKNOWN } from "../lib/values";

type Params = { allowedIpRanges: string[]; allowedOpenVaults: string[] };

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-disable-public-network-access",
    description: "A vault reachable from any network exposes its keys to every leaked credential; close it, or let only named address ranges through a firewall that denies by default.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 NS-2", "CIS Azure 8.7"],
    mirrors: [
        "Azure Policy \"Azure Key Vault should have firewall enabled or public network access disabled\"",
        "Azure Policy \"Azure Key Vault should disable public network access\" (stricter: a firewall that denies does not pass it)",
        "Azure Policy \"[Preview]: Azure Key Vault Managed HSM should disable public network access\" (stricter: it reads networkAcls.defaultAction only, so a pool closed by publicNetworkAccess \"Disabled\" alone fails it; where it is assigned, set properties.networkAcls.defaultAction to \"Deny\" as well)",
        "Checkov CKV_AZURE_109 (stricter: it reads networkAcls.defaultAction alone, so a vault closed by publicNetworkAccess \"Disabled\" with no firewall fails it; where it runs, set properties.networkAcls.defaultAction to \"Deny\" as well)",
        "Checkov CKV_AZURE_189 (it reads publicNetworkAccess and networkAcls.ipRules, never defaultAction; looser: any IP rule passes it, even under defaultAction Allow, which still admits every network; stricter: a firewall that denies by default with no IP rules fails it unless publicNetworkAccess is \"Disabled\")",
        "trivy AVD-AZU-0013 (stricter: it reads networkAcls.defaultAction alone, so a vault closed by publicNetworkAccess \"Disabled\" with no firewall fails it; where it runs, set properties.networkAcls.defaultAction to \"Deny\" as well)",
        "PSRule Azure.KeyVault.Firewall",
    ],
    resourceTypes: [T.vault, T.managedHsm],
    parameters: {
        allowedIpRanges: {
            schema: { type: "array", items: { type: "string" }, description: "IPv4 addresses or CIDR ranges that firewall IP rules may open. 0.0.0.0/0 admits any named range, as the firewall anchors do; a rule wider than /8 never passes." },
            // A firewall that denies by default with named ranges is the "firewall enabled" every anchor passes; sovereign names its ranges.
            defaults: { baseline: ["0.0.0.0/0"], mcsb: ["0.0.0.0/0"], sovereign: [] },
        },
        allowedOpenVaults: {
            schema: { type: "array", items: { type: "string" }, description: "Vaults allowed to accept traffic from every network, each by its name in Azure, its Pulumi resource name or the name of the component that made it (the stack program's config name, such as `kv-aks`); `<project>/<stack>:<name>` allows it in that stack alone. Only for a vault whose keys a service reaches over the public endpoint and no firewall admits: an AKS cluster's KMS with keyVaultNetworkAccess \"Public\" (Microsoft's AKS KMS guide)." },
            defaults: everywhere([]),
        },
    },
};

const RFC1918 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];
const MANAGED_HSM_MAX_IP_RULES = 10;

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ type, props, name, urn, parent }, { allowedIpRanges, allowedOpenVaults }) {
        // Recovering a deleted vault brings its network settings back as they were; the request cannot change them (Azure Policy skips it too).
        const createMode = read(props, "properties", "createMode");
        if (createMode === UNKNOWN || sameText(createMode, "recover")) return [];
        const access = read(props, "properties", "publicNetworkAccess");
        if (access === UNKNOWN || sameText(access, "disabled")) return [];
        const action = read(props, "properties", "networkAcls", "defaultAction");
        if (action === UNKNOWN) return [];
        if (!sameText(action, "deny")) {
            const allowed = allowedInStack(allowedOpenVaults);
            const vaultName = read(props, "vaultName") ?? read(props, "name");
            const names = [name, parent?.split("::").pop(), typeof vaultName === "string" ? vaultName : undefined];
            if (names.some((n) => n !== undefined && allowed(n, urn))) return [];
            // AKS's KMS over public access reaches only a vault open to every network (Microsoft's AKS KMS guide).
            const why = type === T.vault ? ` (a vault an AKS cluster's KMS reaches with keyVaultNetworkAccess "Public" must stay open to every network: use "Private", or name the vault in allowedOpenVaults in that stack's policy config, policy-config/<stack>.json)` : "";
            return [`The ${vaultNoun(type)} accepts traffic from every network; set properties.publicNetworkAccess to \"Disabled\", or properties.networkAcls.defaultAction to \"Deny\" with IP rules inside the allowed ranges${why}.`];
        }
        const rules = list(props, "properties", "networkAcls", "ipRules");
        if (rules === UNKNOWN) return [];
        const values = rules.map((r) => read(r, "value")).filter((v): v is string => !isUnknown(v) && typeof v === "string");
        // A rule this wide is no firewall, whatever the config admits.
        const internet = values.filter(widerThanSlash8);
        if (internet.length > 0) {
            return [`The ${vaultNoun(type)} firewall opens ${internet.join(", ")}, wider than /8: in effect the internet; name the callers' own ranges in properties.networkAcls.ipRules.`];
        }
        // Azure refuses both (Key Vault's and Managed HSM's network-security guides): said here, not at deploy.
        const reserved = values.filter((v) => within(v, RFC1918));
        if (reserved.length > 0) {
            return [`The ${vaultNoun(type)} firewall names ${reserved.join(", ")}, private (RFC 1918) ranges, which Azure refuses in properties.networkAcls.ipRules; reach it from a private network through a private endpoint instead.`];
        }
        if (type === T.managedHsm && rules.length > MANAGED_HSM_MAX_IP_RULES) {
            return [`The ${vaultNoun(type)} firewall has ${rules.length} IP rules; a Managed HSM takes at most ${MANAGED_HSM_MAX_IP_RULES} in properties.networkAcls.ipRules: merge ranges into wider ones.`];
        }
        const outside = values.filter((v) => !within(v, allowedIpRanges));
        return outside.length === 0 ? [] : [`The ${vaultNoun(type)} firewall opens ${outside.join(", ")}, outside the allowed ranges [${allowedIpRanges.join(", ")}]; remove those properties.networkAcls.ipRules or add the ranges to allowedIpRanges in the policy config.`];
    },
};
