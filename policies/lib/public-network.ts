import { widerThanSlash8 } from "./ip";
import { isUnknown, list, read, sameText, UNKNOWN, Unknown } from "./values";

/**
 * Whether a service's `publicNetworkAccess` lets public networks in: anything but Disabled. Left
 * out, every one of these services takes Azure's default, Enabled. `SecuredByPerimeter` counts as
 * open, as the anchors count it (Azure Policy and Checkov pass only Disabled).
 */
function publicNetworkOpen(access: unknown): boolean | Unknown {
    if (isUnknown(access)) return UNKNOWN;
    return !sameText(access, "Disabled");
}

/** `[message]` when `access` leaves the service open to public networks; none when it is closed or unknown. */
export function reportIfOpen(access: unknown, message: string): string[] {
    return publicNetworkOpen(access) === true ? [message] : [];
}

/**
 * An Event Hubs or Service Bus namespace's messages: the namespace's own publicNetworkAccess, or
 * its network rule set's, which carries the same setting (Enabled unless written) and writes it.
 * `tierFix` gives the message for an open namespace whose known `sku.name` has no private endpoints,
 * where closing it as the plain message says would leave it no way in; a rule set names no SKU.
 */
export function namespaceOpenMessages(isRuleSet: boolean, props: Record<string, unknown>, tierFix?: (sku: string) => string | undefined): string[] {
    const sku = read(props, "sku", "name");
    const forTier = !isRuleSet && typeof sku === "string" ? tierFix?.(sku) : undefined;
    return reportIfOpen(
        read(props, "publicNetworkAccess"),
        isRuleSet
            ? "The namespace's network rule set opens it to public networks (its publicNetworkAccess is Enabled unless written); set publicNetworkAccess to \"Disabled\" on the rule set as on the namespace."
            : forTier ?? "The namespace accepts traffic from public networks; set publicNetworkAccess to \"Disabled\" and connect through private endpoints.",
    );
}

/**
 * A flexible server (PostgreSQL, MySQL) integrated into the customer's virtual network through a
 * delegated subnet has no public endpoint, whatever `network.publicNetworkAccess` says. PostgreSQL's
 * built-in also asks for the private DNS zone beside the subnet: see `delegatedWithoutDnsZone`.
 */
export function flexibleServerOpen(props: Record<string, unknown>): boolean | Unknown {
    const subnet = read(props, "network", "delegatedSubnetResourceId");
    if (isUnknown(subnet)) return UNKNOWN;
    if (typeof subnet === "string" && subnet.trim() !== "") return false;
    return publicNetworkOpen(read(props, "network", "publicNetworkAccess"));
}

/**
 * Whether a flexible server has a delegated subnet but no private DNS zone at `network.<zoneField>`, which Azure
 * Policy's PostgreSQL built-in (5e1de0e3) finds non-compliant; `UNKNOWN` while the subnet is not known, or is given
 * and the zone is not known. With no subnet the zone does not matter: the server is judged by its public access.
 */
export function delegatedWithoutDnsZone(props: Record<string, unknown>, zoneField: string): boolean | Unknown {
    const given = (v: unknown) => typeof v === "string" && v.trim() !== "";
    const subnet = read(props, "network", "delegatedSubnetResourceId");
    if (isUnknown(subnet)) return UNKNOWN;
    if (!given(subnet)) return false;
    const zone = read(props, "network", zoneField);
    return isUnknown(zone) ? UNKNOWN : !given(zone);
}

/**
 * The known ranges of a firewall's IP rules that are wider than /8, read from each rule's `field`
 * (`iPAddressOrRange` for a registry or storage account); `UNKNOWN` while the list itself is not known.
 */
export function wideIpRules(props: Record<string, unknown>, path: string[], field: string): string[] | Unknown {
    const rules = list(props, ...path);
    if (rules === UNKNOWN) return UNKNOWN;
    return rules.map((r) => read(r, field)).filter((v): v is string => typeof v === "string" && widerThanSlash8(v));
}
