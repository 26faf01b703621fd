import { isUnknown, read, sameText, UNKNOWN, Unknown } from "./values";

/**
 * Whether a service's `publicNetworkAccess` lets public networks in: anything but Disabled. Left
 * out, every one of these services takes Azure's default, Enabled. `SecuredByPerimeter` counts as
 * open, as the anchors count it (Azure Policy and Checkov pass only Disabled).
 */
export function publicNetworkOpen(access: unknown): boolean | Unknown {
    if (isUnknown(access)) return UNKNOWN;
    return !sameText(access, "Disabled");
}

/** `[message]` when `access` leaves the service open to public networks; none when it is closed or unknown. */
export function reportIfOpen(access: unknown, message: string): string[] {
    return publicNetworkOpen(access) === true ? [message] : [];
}

/**
 * A flexible server (PostgreSQL, MySQL) integrated into the customer's virtual network through a
 * delegated subnet has no public endpoint, whatever `network.publicNetworkAccess` says.
 */
export function flexibleServerOpen(props: Record<string, unknown>): boolean | Unknown {
    const subnet = read(props, "network", "delegatedSubnetResourceId");
    if (isUnknown(subnet)) return UNKNOWN;
    if (typeof subnet === "string" && subnet.trim() !== "") return false;
    return publicNetworkOpen(read(props, "network", "publicNetworkAccess"));
}
