import * as pulumi from "@pulumi/pulumi";
import * as servicebus from "@pulumi/azure-native/servicebus";
import { CmkMessagingNamespace, CmkMessagingNamespaceArgs, validateMessagingNamespaceArgs } from "./messaging-namespace";
import { ValidationIssue } from "./validation";

/** The args, defaults and rules are those of every messaging namespace (messaging-namespace.ts); capacity is in messaging units. */
export type CmkServiceBusNamespaceArgs = CmkMessagingNamespaceArgs;

/** Every rule CmkServiceBusNamespaceArgs break; empty when valid. */
export function validateCmkServiceBusNamespaceArgs(name: string, args: CmkServiceBusNamespaceArgs, opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    return validateMessagingNamespaceArgs("Service Bus", "messaging-unit", name, args, opts);
}

/** A Premium Service Bus namespace encrypted with the customer's key (CmkMessagingNamespace says how). */
export class CmkServiceBusNamespace extends CmkMessagingNamespace<servicebus.Namespace> {
    constructor(name: string, args: CmkServiceBusNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        const service = { token: "azure-byok:servicebus:CmkServiceBusNamespace", component: "CmkServiceBusNamespace", issues: validateCmkServiceBusNamespaceArgs(name, args, opts) };
        super(service, name, args, (n, inputs, o) => new servicebus.Namespace(n, inputs, o), opts);
    }
}
