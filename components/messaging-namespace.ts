import * as pulumi from "@pulumi/pulumi";
import { validateCustomerManagedKey } from "./customer-managed-key";
import { NAME_SUFFIX_LENGTH } from "./naming";
import { CustomerManagedKey } from "./types";
import { ValidationIssue } from "./validation";

/**
 * What Event Hubs and Service Bus namespaces share: one DNS zone and naming rule, Premium units
 * of capacity, and the same customer-managed-key block, each key entry naming its identity.
 */
export interface MessagingNamespaceArgs {
    namespaceName?: string;
    customerManagedKey: CustomerManagedKey;
    capacity?: number;
    publicNetworkAccess?: "Enabled" | "Disabled";
}

const NAMESPACE_NAME = /^[A-Za-z][A-Za-z0-9-]{4,48}[A-Za-z0-9]$/;
export const PREMIUM_CAPACITIES = [1, 2, 4, 8, 16] as const;

/** Every rule a namespace's args break, `service` naming it ("Event Hubs", "Service Bus") and `unit` its capacity unit. */
export function validateMessagingNamespaceArgs(service: string, unit: string, name: string, args: MessagingNamespaceArgs): ValidationIssue[] {
    const issues = validateCustomerManagedKey(args.customerManagedKey);
    const add = (field: string, message: string) => issues.push({ field, message });
    if (args.namespaceName !== undefined) {
        if (!NAMESPACE_NAME.test(args.namespaceName)) {
            add("namespaceName", `"${args.namespaceName}" is not a ${service} namespace name: 6–50 letters, digits and hyphens, starting with a letter and ending with a letter or digit`);
        } else if (/-(sb|mgmt)$/i.test(args.namespaceName)) {
            add("namespaceName", `"${args.namespaceName}" ends in "-sb" or "-mgmt", which Azure reserves for its own endpoints`);
        }
    } else {
        const prefix = namespacePrefix(name);
        if (!/^[a-z]/.test(prefix) || prefix.length > 50 - 1 - NAME_SUFFIX_LENGTH) {
            add("name", `"${name}" leaves "${prefix}" as the namespace name's prefix, which needs 1–${50 - 1 - NAME_SUFFIX_LENGTH} letters, digits and hyphens starting with a letter; rename the resource or set namespaceName`);
        }
    }
    if (args.capacity !== undefined && !(PREMIUM_CAPACITIES as readonly number[]).includes(args.capacity)) {
        add("capacity", `${String(args.capacity)} is not a Premium ${unit} count; use one of ${PREMIUM_CAPACITIES.join(", ")}`);
    }
    if (args.publicNetworkAccess !== undefined && args.publicNetworkAccess !== "Enabled" && args.publicNetworkAccess !== "Disabled") {
        add("publicNetworkAccess", `"${String(args.publicNetworkAccess)}" is not "Enabled" or "Disabled"`);
    }
    return issues;
}

/** The identity and encryption inputs of a namespace wrapping its data keys with `cmk` as `identityId`, double-encrypted. */
export function messagingEncryption(cmk: CustomerManagedKey, identityId: pulumi.Input<string>) {
    return {
        identity: { type: "UserAssigned" as const, userAssignedIdentities: [identityId] },
        encryption: {
            keySource: "Microsoft.KeyVault" as const,
            // No keyVersion unless pinned: the namespace then follows the key's rotation.
            keyVaultProperties: [{ keyVaultUri: cmk.key.keyVault.vaultUri, keyName: cmk.key.keyName, keyVersion: cmk.keyVersion, identity: { userAssignedIdentity: identityId } }],
            // Fixed at creation.
            requireInfrastructureEncryption: true,
        },
    };
}

export function namespacePrefix(name: string): string {
    return name.toLowerCase().replace(/[^a-z0-9-]/g, "").replace(/-+/g, "-").replace(/^-+|-+$/g, "");
}
