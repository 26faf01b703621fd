import * as ipaddr from "ipaddr.js";
import { armResourceId } from "./validation";

/**
 * Why an IP rule would be refused or would not mean what it says, or `undefined` when it is
 * a usable IPv4 address or CIDR range. Key Vault and Storage firewalls take IPv4 only.
 */
export function ipRuleProblem(value: unknown): string | undefined {
    if (typeof value !== "string") {
        return `${JSON.stringify(value)} is not a string; write an IPv4 address or CIDR range such as "203.0.113.0/24"`;
    }
    if (value.includes("/")) {
        if (!ipaddr.IPv4.isValidCIDR(value) || !ipaddr.IPv4.isValidFourPartDecimal(value.split("/")[0])) {
            return `"${value}" is not an IPv4 address or CIDR range`;
        }
        const network = ipaddr.IPv4.networkAddressFromCIDR(value).toString();
        const [address, prefix] = value.split("/");
        if (network !== address) {
            return `"${value}" has host bits set; the range it names is "${network}/${prefix}"`;
        }
        return undefined;
    }
    if (!ipaddr.IPv4.isValidFourPartDecimal(value)) {
        return `"${value}" is not an IPv4 address or CIDR range`;
    }
    return undefined;
}

/**
 * Key Vault's firewall takes public addresses only: "IP network rules are only allowed for public
 * IP addresses"; private (RFC 1918) ranges are refused, and private traffic comes through
 * virtual-network rules or a private endpoint instead.
 */
export function vaultIpRuleProblem(value: unknown): string | undefined {
    const problem = ipRuleProblem(value);
    if (problem !== undefined || typeof value !== "string") {
        return problem;
    }
    if (ipaddr.IPv4.parse(value.split("/")[0]).range() === "private") {
        return `"${value}" is a private (RFC 1918) range, which Key Vault's firewall refuses; reach the vault from private networks through virtualNetworkRules or a private endpoint`;
    }
    return undefined;
}

export const SUBNET_ID = armResourceId("Microsoft.Network", "virtualNetworks", "subnets").pattern;

/** Why a virtual-network rule is not a subnet's ARM id, or `undefined` when it is one. */
export function subnetIdProblem(value: unknown): string | undefined {
    if (typeof value === "string" && SUBNET_ID.test(value)) {
        return undefined;
    }
    return `${JSON.stringify(value)} is not a subnet id (/subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>)`;
}

/**
 * Storage's firewall is stricter than Key Vault's: it refuses private (RFC 1918) ranges and
 * /31 or /32 prefixes, which must be written as single addresses.
 */
export function storageIpRuleProblem(value: unknown): string | undefined {
    const problem = ipRuleProblem(value);
    if (problem !== undefined || typeof value !== "string") {
        return problem;
    }
    const [address, prefix] = value.split("/");
    if (prefix === "31" || prefix === "32") {
        return `"${value}" uses a /${prefix} prefix, which Storage refuses; list the addresses singly`;
    }
    const range = ipaddr.IPv4.parse(address).range();
    if (["private", "loopback", "linkLocal", "unspecified", "multicast", "broadcast"].includes(range)) {
        return `"${value}" is in the ${range} range; Storage IP rules take public addresses only (use virtual-network rules or private endpoints for private traffic)`;
    }
    return undefined;
}
