import { NODE_RESOURCE_GROUP_MAX_LENGTH, nodeResourceGroupName } from "../components/kubernetes-node-resource-group";
import { regionHasNoZones, regionName, sameRegion } from "../components/validation";
import { ArmError, badRequest, CLOUDS, echo, identityResourceId, isGuid, list, notFound, parseArmId, providerResourceId, record, stableGuid, stableSuffix } from "./arm";
import type { AzureState, ResourceHandler } from "./azure";
import { canEncryptWithKey, mayPerform } from "./azure-access";
import { identityById, keyAtUrl, requireUsableKey } from "./azure-services";

/**
 * What AKS checks when a cluster is created with KMS etcd encryption and customer-managed node
 * disks (Microsoft's AKS KMS and BYOK-disk guides): a user-assigned control-plane identity, a
 * versioned key it can reach, and the roles AKS acts with on the vault, subnets and disk
 * encryption set.
 */

const SUBNET_TYPE = "microsoft.network/virtualnetworks/subnets";
const JOIN_SUBNET = "Microsoft.Network/virtualNetworks/subnets/join/action";

function linkedAuthorizationFailed(principalId: string, action: string, scope: string): ArmError {
    return new ArmError(403, "LinkedAuthorizationFailed", `The cluster identity with principal id '${principalId}' does not have authorization to perform action '${action}' over scope '${scope}'.`);
}

function requireSubnet(state: AzureState, id: unknown, field: string, principalId: string): void {
    const parsed = parseArmId(id);
    if (!parsed || parsed.resourceType?.toLowerCase() !== SUBNET_TYPE) {
        throw badRequest("InvalidParameter", `${field} '${String(id)}' is not a subnet id.`);
    }
    if (!mayPerform(state, principalId, String(id), JOIN_SUBNET)) {
        throw linkedAuthorizationFailed(principalId, JOIN_SUBNET, String(id));
    }
}

const managedClusterHandler: ResourceHandler = (inputs, _name, state) => {
    const rg = state.resourceGroup(inputs.resourceGroupName);
    const name = inputs.resourceName;
    if (typeof name !== "string" || !/^[a-zA-Z0-9](?:[a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?$/.test(name)) {
        throw badRequest("InvalidParameter", `resourceName '${String(name)}' is invalid: 1-63 letters, digits, hyphens and underscores, starting and ending with a letter or digit.`);
    }
    const dnsPrefix = inputs.dnsPrefix;
    if (typeof dnsPrefix !== "string" || !/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,52}[a-zA-Z0-9])?$/.test(dnsPrefix)) {
        throw badRequest("InvalidDnsPrefix", `dnsPrefix '${String(dnsPrefix)}' is invalid: 1-54 letters, digits and hyphens, starting and ending with a letter or digit.`);
    }
    // ARM names the region by its name in what it makes from it (the node resource group, the FQDNs).
    const location = regionName(String(inputs.location ?? rg.location));
    const nodeResourceGroup = inputs.nodeResourceGroup !== undefined ? String(inputs.nodeResourceGroup) : nodeResourceGroupName(rg.name, name, location);
    if (nodeResourceGroup.length > NODE_RESOURCE_GROUP_MAX_LENGTH) {
        // AKS's own words (https://aka.ms/aks-naming-rules), for a group it names or one it is given.
        throw badRequest("InvalidParameter", `The length of the node resource group name is too long. The maximum length is ${NODE_RESOURCE_GROUP_MAX_LENGTH} and the length of the value provided is ${nodeResourceGroup.length}. Please see https://aka.ms/aks-naming-rules for more details.`);
    }

    const identity = record(inputs.identity);
    const kms = record(record(inputs.securityProfile).azureKeyVaultKms);
    const assigned = list(identity.userAssignedIdentities);
    if (identity.type !== "UserAssigned" && assigned.length > 0) {
        throw badRequest("InvalidParameter", `identity.userAssignedIdentities can be given only when identity.type is 'UserAssigned'; it is '${String(identity.type)}'.`);
    }
    if (identity.type === "UserAssigned" && assigned.length !== 1) {
        throw badRequest("InvalidParameter", `A cluster takes exactly one user-assigned control-plane identity; ${assigned.length} given.`);
    }
    const controlPlane = identity.type === "UserAssigned" ? identityById(state, assigned[0], "identity.userAssignedIdentities") : undefined;

    const aad = record(inputs.aadProfile);
    if (inputs.disableLocalAccounts === true && aad.managed !== true) {
        throw badRequest("BadRequest", "disableLocalAccounts can be set only on a cluster with managed Microsoft Entra integration (aadProfile.managed).");
    }
    if (aad.enableAzureRBAC === true && aad.managed !== true) {
        throw badRequest("BadRequest", "aadProfile.enableAzureRBAC needs aadProfile.managed.");
    }
    const groups = list(aad.adminGroupObjectIDs);
    if (groups.some((g) => !isGuid(g))) {
        throw badRequest("InvalidParameter", `aadProfile.adminGroupObjectIDs must be object ids; got [${groups.map(String).join(", ")}].`);
    }

    const pools = list(inputs.agentPoolProfiles).map(record);
    if (!pools.some((p) => p.mode === "System")) {
        throw badRequest("InvalidParameter", "A cluster needs at least one agent pool of mode System.");
    }
    for (const pool of pools) {
        if (typeof pool.name !== "string" || !/^[a-z][a-z0-9]{0,11}$/.test(pool.name)) {
            throw badRequest("InvalidParameter", `Agent pool name '${String(pool.name)}' is invalid: 1-12 lowercase letters and digits, starting with a letter.`);
        }
        // AKS's answer, target agentPoolProfile.availabilityZone, for zones in a region without any (Microsoft's regions list), as seen from westus and northcentralus.
        if (list(pool.availabilityZones).length > 0 && regionHasNoZones(location)) {
            throw badRequest("AvailabilityZoneNotSupported", `Availability zone is not supported in region ${location}.`);
        }
        // A user pool may be scaled to zero nodes; a system pool keeps at least one.
        const count = Number(pool.count ?? 1);
        const min = pool.mode === "User" ? 0 : 1;
        if (!Number.isInteger(count) || count < min || count > 1000) {
            throw badRequest("InvalidParameter", `Agent pool '${pool.name}' count ${String(pool.count)} is outside ${min}-1000.`);
        }
        // With a bring-your-own subnet, AKS joins the nodes to it as the cluster's identity.
        if (pool.vnetSubnetID !== undefined && controlPlane) {
            requireSubnet(state, pool.vnetSubnetID, `agentPoolProfiles['${pool.name}'].vnetSubnetID`, controlPlane.principalId);
        }
    }

    const apiServer = record(inputs.apiServerAccessProfile);
    if (apiServer.enableVnetIntegration === true) {
        if (apiServer.subnetId === undefined) {
            throw badRequest("InvalidParameter", "apiServerAccessProfile.subnetId is required with a bring-your-own network and enableVnetIntegration.");
        }
        // API Server VNet Integration injects the API server into a subnet delegated to AKS, which nodes cannot share.
        if (pools.some((p) => String(p.vnetSubnetID ?? "").toLowerCase() === String(apiServer.subnetId).toLowerCase())) {
            throw badRequest("InvalidParameter", `apiServerAccessProfile.subnetId '${String(apiServer.subnetId)}' is also an agent pool's subnet; the API server needs a subnet of its own, delegated to Microsoft.ContainerService/managedClusters.`);
        }
        if (controlPlane) {
            requireSubnet(state, apiServer.subnetId, "apiServerAccessProfile.subnetId", controlPlane.principalId);
        }
    }

    const desId = inputs.diskEncryptionSetID;
    if (desId !== undefined) {
        const parsed = parseArmId(desId);
        if (!parsed || parsed.resourceType?.toLowerCase() !== "microsoft.compute/diskencryptionsets") {
            throw badRequest("InvalidParameter", `diskEncryptionSetID '${String(desId)}' is not a disk encryption set id.`);
        }
        const desLocation = state.diskEncryptionSetLocations.get(String(desId).toLowerCase());
        if (desLocation === undefined) {
            throw notFound("Microsoft.Compute/diskEncryptionSets", parsed.names.join("/"), String(parsed.resourceGroup));
        }
        // Microsoft's BYOK-disk guide: the set must be in the cluster's region.
        if (!sameRegion(desLocation, location)) {
            throw badRequest("InvalidParameter", `diskEncryptionSetID '${String(desId)}' is in ${desLocation}; a cluster in ${location} needs a disk encryption set in its own region.`);
        }
        // AKS's troubleshooting guide: CreateVMSSAgentPoolFailed with this subcode when the set's key vault is elsewhere.
        const vault = state.diskEncryptionSetVaults.get(String(desId).toLowerCase());
        if (vault !== undefined && !sameRegion(vault.location, desLocation)) {
            throw badRequest("KeyVaultAndDiskInDifferentRegions", `CreateVMSSAgentPoolFailed: the key vault ${vault.name} of disk encryption set '${String(desId)}' is in ${vault.location}, the set in ${desLocation}; the key vault and the disk encryption set must be in the same region.`);
        }
        // The nodes' disks reach the set's key as Azure Disk Storage, a trusted service (Key Vault's trusted-services list), which
        // a firewall without the bypass keeps out; the disks fail as a VM's do on a set that cannot reach its key (KeyVaultAccessForbidden).
        if (vault !== undefined && state.vaults.get(vault.name.toLowerCase())?.trustedServicesBlocked) {
            throw badRequest("KeyVaultAccessForbidden", `CreateVMSSAgentPoolFailed: disk encryption set '${String(desId)}' cannot reach its key: vault '${vault.name}' admits no public network and no trusted Azure service (networkAcls.bypass 'None'); Key Vault answered 403 ForbiddenByFirewall. Set the vault's networkAcls.bypass to 'AzureServices'.`);
        }
        // AKS reads the set as the cluster's identity (Microsoft's BYOK-disk guide: "read access to the DiskEncryptionSet").
        if (controlPlane && !mayPerform(state, controlPlane.principalId, String(desId), "Microsoft.Compute/diskEncryptionSets/read")) {
            throw linkedAuthorizationFailed(controlPlane.principalId, "Microsoft.Compute/diskEncryptionSets/read", String(desId));
        }
    }

    if (kms.keyVaultNetworkAccess !== undefined && kms.keyVaultNetworkAccess !== "Public" && kms.keyVaultNetworkAccess !== "Private") {
        throw badRequest("InvalidParameter", `securityProfile.azureKeyVaultKms.keyVaultNetworkAccess '${String(kms.keyVaultNetworkAccess)}' is not 'Public' or 'Private'.`);
    }
    if (kms.enabled === true) {
        if (!controlPlane) {
            throw badRequest("InvalidParameter", "KMS etcd encryption needs a user-assigned control-plane identity; a system-assigned one does not exist until the cluster does.");
        }
        const found = keyAtUrl(state, kms.keyId, "securityProfile.azureKeyVaultKms.keyId", { notFound: "InvalidParameter", versionNotFound: "InvalidParameter" });
        if (found.version === undefined) {
            throw badRequest("InvalidParameter", `securityProfile.azureKeyVaultKms.keyId '${String(kms.keyId)}' has no key version; KMS takes a versioned key id.`);
        }
        const key = found.key;
        if (!key.kty.startsWith("RSA")) {
            throw badRequest("InvalidParameter", `KMS supports RSA and RSA-HSM keys only; key '${key.keyName}' is ${key.kty}.`);
        }
        const missing = ["encrypt", "decrypt"].filter((op) => !key.keyOps.includes(op));
        if (missing.length > 0) {
            throw badRequest("InvalidParameter", `Key '${key.keyName}' does not allow ${missing.join(", ")}, which KMS needs.`);
        }
        requireUsableKey(key, "the KMS key");
        const vault = state.vaults.get(key.vaultName.toLowerCase());
        if (!vault) {
            throw notFound("Microsoft.KeyVault/vaults", key.vaultName, "");
        }
        if (kms.keyVaultNetworkAccess === "Private") {
            if (String(kms.keyVaultResourceId ?? "").toLowerCase() !== vault.id.toLowerCase()) {
                throw badRequest("InvalidParameter", `securityProfile.azureKeyVaultKms.keyVaultResourceId '${String(kms.keyVaultResourceId)}' must be the id of vault '${vault.name}', which holds the key.`);
            }
            if (apiServer.enableVnetIntegration !== true) {
                throw badRequest("InvalidParameter", "KMS with a private key vault needs API Server VNet Integration (apiServerAccessProfile.enableVnetIntegration).");
            }
            // AKS makes the private endpoint to the vault as the cluster's identity; it cannot check key permissions there.
            const action = "Microsoft.KeyVault/vaults/privateEndpointConnectionsApproval/action";
            if (!mayPerform(state, controlPlane.principalId, vault.id, action)) {
                throw linkedAuthorizationFailed(controlPlane.principalId, action, vault.id);
            }
        } else {
            if (kms.keyVaultResourceId !== undefined && kms.keyVaultResourceId !== "") {
                throw badRequest("InvalidParameter", "securityProfile.azureKeyVaultKms.keyVaultResourceId is given only with keyVaultNetworkAccess 'Private'.");
            }
            const acls = record(vault.networkAcls);
            if (vault.publicNetworkAccess?.toLowerCase() === "disabled" || String(acls.defaultAction ?? "Allow").toLowerCase() === "deny") {
                throw new ArmError(400, "KeyVaultAuthenticationFailure", `KMS reaches vault '${vault.name}' over public access, which the vault's firewall denies (Key Vault answered 403 ForbiddenByFirewall); use keyVaultNetworkAccess 'Private'.`);
            }
            if (!canEncryptWithKey(state, controlPlane.principalId, key)) {
                throw new ArmError(400, "KeyVaultAuthenticationFailure", `The cluster identity with principal id '${controlPlane.principalId}' cannot encrypt and decrypt with key '${key.keyName}' in vault '${vault.name}' (Key Vault answered 403). Grant it before creating the cluster.`);
            }
        }
    }

    const id = state.claim(providerResourceId(state.subscriptionId, rg.name, "Microsoft.ContainerService", "managedClusters", name), "AKS cluster");
    const domain = CLOUDS[state.options.cloud].kubernetes;
    const host = `${dnsPrefix}-${stableSuffix(8, id)}`;
    const kubelet = identityResourceId(state.subscriptionId, nodeResourceGroup, `${name}-agentpool`);
    return {
        id,
        state: {
            ...echo(inputs, "resourceGroupName", "resourceName"),
            name,
            location,
            fqdn: `${host}.hcp.${location}.${domain}`,
            ...(apiServer.enablePrivateCluster === true ? { privateFQDN: `${host}.${stableGuid(id, "private")}.privatelink.${location}.${domain}` } : {}),
            nodeResourceGroup,
            identityProfile: { kubeletidentity: { resourceId: kubelet, clientId: stableGuid(kubelet, "clientId"), objectId: stableGuid(kubelet, "principalId") } },
            ...(typeof inputs.kubernetesVersion === "string" ? { currentKubernetesVersion: inputs.kubernetesVersion } : {}),
            provisioningState: "Succeeded",
            powerState: { code: "Running" },
            type: "Microsoft.ContainerService/ManagedClusters",
        },
    };
};

export const kubernetesHandlers: Record<string, ResourceHandler> = {
    "azure-native:containerservice:ManagedCluster": managedClusterHandler,
};
