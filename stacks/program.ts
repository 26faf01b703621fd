import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources";
import { EncryptionKey } from "../components/encryption-key";
import { KeyAccess } from "../components/key-access";
import { KeyVault } from "../components/key-vault";
import { ManagedIdentity } from "../components/managed-identity";

/** What a stack asks for: where to put its keys. */
export interface StackConfig {
    resourceGroupName: string;
    location: string;
}

export interface StackOutputs {
    resourceGroupName: pulumi.Output<string>;
    vaultUri: pulumi.Output<string>;
    keyId: pulumi.Output<string>;
    keyUri: pulumi.Output<string>;
    keyUriWithVersion: pulumi.Output<string>;
    identityClientId: pulumi.Output<string>;
}

/**
 * The smallest useful BYOK foundation: a resource group holding a premium vault, an HSM key
 * for customer-managed encryption, and a user-assigned identity granted that one key.
 */
export function program(config: StackConfig): StackOutputs {
    const group = new resources.ResourceGroup("rg", { resourceGroupName: config.resourceGroupName, location: config.location });
    const vault = new KeyVault("kv", { resourceGroupName: group.name, location: group.location });
    const key = new EncryptionKey("cmk", { keyVault: vault });
    const identity = new ManagedIdentity("id-cmk", { resourceGroupName: group.name, location: group.location });
    new KeyAccess("id-cmk-on-cmk", { key, principalId: identity.principalId, permissions: "cmkService" });
    return {
        resourceGroupName: group.name,
        vaultUri: vault.vaultUri,
        keyId: key.id,
        keyUri: key.keyUri,
        keyUriWithVersion: key.keyUriWithVersion,
        identityClientId: identity.clientId,
    };
}
