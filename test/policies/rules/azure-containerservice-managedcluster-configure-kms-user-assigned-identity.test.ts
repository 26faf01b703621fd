import { good, IDENTITY_ID, resourceMessages, TYPES, view, withField } from "../fixtures";

const RULE = "azure-containerservice-managedcluster-configure-kms-user-assigned-identity";
const cluster = (identities: unknown[]) => view(TYPES.managedCluster, withField(good.managedCluster(), "identity.userAssignedIdentities", identities));

test("a null userAssignedIdentities entry is no identity: a list of nulls is reported as an empty list is", () => {
    const none = ["KMS etcd encryption is on, but the cluster's identity is UserAssigned with no identity listed; AKS's KMS works only with a user-assigned control-plane identity granted the key before the cluster exists: set identity { type: \"UserAssigned\", userAssignedIdentities: [<the identity's id>] }."];
    expect(resourceMessages(RULE, cluster([]))).toEqual(none);
    expect(resourceMessages(RULE, cluster([null]))).toEqual(none);
    expect(resourceMessages(RULE, cluster([null, IDENTITY_ID]))).toEqual([]);
});
