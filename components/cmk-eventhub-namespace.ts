import * as pulumi from "@pulumi/pulumi";
import * as eventhub from "@pulumi/azure-native/eventhub";
import { CmkMessagingNamespace, CmkMessagingNamespaceArgs, validateMessagingNamespaceArgs } from "./messaging-namespace";
import { ValidationIssue } from "./validation";

/** The args, defaults and rules are those of every messaging namespace (messaging-namespace.ts); capacity is in processing units. */
export type CmkEventHubNamespaceArgs = CmkMessagingNamespaceArgs;

/** Every rule CmkEventHubNamespaceArgs break; empty when valid. */
export function validateCmkEventHubNamespaceArgs(name: string, args: CmkEventHubNamespaceArgs, opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    return validateMessagingNamespaceArgs("Event Hubs", "processing-unit", name, args, opts);
}

/** A Premium Event Hubs namespace encrypted with the customer's key (CmkMessagingNamespace says how). */
export class CmkEventHubNamespace extends CmkMessagingNamespace<eventhub.Namespace> {
    constructor(name: string, args: CmkEventHubNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        const service = { token: "azure-byok:eventhub:CmkEventHubNamespace", component: "CmkEventHubNamespace", issues: validateCmkEventHubNamespaceArgs(name, args, opts) };
        super(service, name, args, (n, inputs, o) => new eventhub.Namespace(n, inputs, o), opts);
    }
}
