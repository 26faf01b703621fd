import type { Input } from "@pulumi/pulumi";
import type { KeyVaultArgs, KeyVaultNetworkAcls } from "./key-vault";
import { subnetIdProblem, vaultIpRuleProblem } from "./network";
import { ArgSpec, isRecord, known, shapeIssues, ValidationIssue } from "./validation";

/** What decides who reaches the vault over its public endpoint: the firewall and whether that endpoint is on. */
type VaultNetworkArgs = Pick<KeyVaultArgs, "networkAcls" | "publicNetworkAccess">;

/** How many rules of each kind Key Vault's firewall takes (MicrosoftDocs/azure-docs articles/key-vault/general/network-security.md). */
export const VAULT_FIREWALL_LIMITS = { ipRules: 1000, virtualNetworkRules: 200 } as const;

const NETWORK_ACLS_ARGS = { bypass: "string", defaultAction: "string", ipRules: "strings", virtualNetworkRules: "inputs" } as const satisfies ArgSpec<KeyVaultNetworkAcls>;

/** The shape of the firewall from an untyped caller: its fields, of their types, and no others. */
export function networkAclsShapeIssues(networkAcls: unknown): ValidationIssue[] {
    return isRecord(networkAcls) ? shapeIssues(networkAcls, NETWORK_ACLS_ARGS, "networkAcls", { closed: true }) : [];
}

/** Every rule the firewall and publicNetworkAccess break: values Azure takes, IP and subnet rules Key Vault's firewall takes, rules only with the public endpoint on. */
export function vaultNetworkIssues(args: VaultNetworkArgs): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const add = (field: string, message: string) => issues.push({ field, message });
    const acls = args.networkAcls ?? {};
    if (acls.defaultAction !== undefined && acls.defaultAction !== "Deny" && acls.defaultAction !== "Allow") {
        add("networkAcls.defaultAction", `"${String(acls.defaultAction)}" is not "Deny" or "Allow"`);
    }
    if (acls.bypass !== undefined && acls.bypass !== "AzureServices" && acls.bypass !== "None") {
        add("networkAcls.bypass", `"${String(acls.bypass)}" is not "AzureServices" or "None"`);
    }
    (acls.ipRules ?? []).forEach((rule, i, rules) => {
        const problem = vaultIpRuleProblem(rule);
        if (problem) add(`networkAcls.ipRules[${i}]`, problem);
        // Key Vault keeps a rule listed twice as two, which the portal then cannot remove (Azure/azure-powershell#20605).
        else if (rules.indexOf(rule) < i) add(`networkAcls.ipRules[${i}]`, `"${rule}" is ipRules[${rules.indexOf(rule)}] too; list each address or range once`);
    });
    (acls.virtualNetworkRules ?? []).forEach((rule, i) => {
        const id = known<string>(rule);
        const problem = id === undefined ? undefined : subnetIdProblem(id);
        if (problem) add(`networkAcls.virtualNetworkRules[${i}]`, problem);
    });
    const ipRuleCount = acls.ipRules?.length ?? 0;
    if (ipRuleCount > VAULT_FIREWALL_LIMITS.ipRules) {
        add("networkAcls.ipRules", `has ${ipRuleCount} rules, over the ${VAULT_FIREWALL_LIMITS.ipRules} IPv4 rules Key Vault's firewall takes; merge addresses into wider CIDR ranges, or reach the vault through a private endpoint`);
    }
    const subnetRuleCount = acls.virtualNetworkRules?.length ?? 0;
    if (subnetRuleCount > VAULT_FIREWALL_LIMITS.virtualNetworkRules) {
        add("networkAcls.virtualNetworkRules", `has ${subnetRuleCount} rules, over the ${VAULT_FIREWALL_LIMITS.virtualNetworkRules} virtual network rules Key Vault's firewall takes; reach the vault through a private endpoint from fewer subnets`);
    }
    const hasRules = (acls.ipRules?.length ?? 0) + (acls.virtualNetworkRules?.length ?? 0) > 0;
    if (args.publicNetworkAccess !== undefined && args.publicNetworkAccess !== "Enabled" && args.publicNetworkAccess !== "Disabled") {
        add("publicNetworkAccess", `"${String(args.publicNetworkAccess)}" is not "Enabled" or "Disabled"`);
    } else if (args.publicNetworkAccess === undefined && acls.defaultAction === "Allow" && !hasRules) {
        // vaultNetwork turns the public endpoint off for a vault with no rule: "Allow" alone would open nothing, silently.
        add("networkAcls.defaultAction", `is "Allow", but with no IP or subnet rule the vault's public endpoint stays off unless publicNetworkAccess is written "Enabled", so "Allow" alone opens nothing; write publicNetworkAccess: "Enabled" to open the vault to every network by name, or remove defaultAction`);
    } else if (args.publicNetworkAccess === undefined && acls.defaultAction === "Allow") {
        // Rules turn the public endpoint on; under "Allow" they admit nothing more, so the vault would be open to every network unasked.
        add("networkAcls.defaultAction", `is "Allow", which admits every network, so the vault's IP and subnet rules (and applications' allowedNetworks) admit nothing more; remove defaultAction to admit only them, or write publicNetworkAccess: "Enabled" beside it to open the vault to every network by name`);
    } else if (args.publicNetworkAccess === "Disabled" && hasRules) {
        add("publicNetworkAccess", `is "Disabled", which turns off the public endpoint the vault's IP and subnet rules (and applications' allowedNetworks) apply to; remove the rules or leave publicNetworkAccess unset`);
    }
    return issues;
}

/**
 * The firewall Azure is sent: the rules given, the default action and bypass from `defaults`
 * unless given, and the public endpoint on only when there are rules for it, unless
 * publicNetworkAccess says.
 */
export function vaultNetwork(args: VaultNetworkArgs, defaults: Required<Pick<KeyVaultNetworkAcls, "defaultAction" | "bypass">>): {
    publicNetworkAccess: "Enabled" | "Disabled";
    networkAcls: Required<Pick<KeyVaultNetworkAcls, "defaultAction" | "bypass">> & { ipRules: { value: string }[]; virtualNetworkRules: { id: Input<string> }[] };
} {
    const acls = args.networkAcls ?? {};
    const ipRules = acls.ipRules ?? [];
    const virtualNetworkRules = acls.virtualNetworkRules ?? [];
    return {
        publicNetworkAccess: args.publicNetworkAccess ?? (ipRules.length + virtualNetworkRules.length > 0 ? "Enabled" : "Disabled"),
        networkAcls: {
            defaultAction: acls.defaultAction ?? defaults.defaultAction,
            bypass: acls.bypass ?? defaults.bypass,
            ipRules: ipRules.map((value) => ({ value })),
            virtualNetworkRules: virtualNetworkRules.map((id) => ({ id })),
        },
    };
}
