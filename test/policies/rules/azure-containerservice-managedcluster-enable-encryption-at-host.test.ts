import { good, resourceMessages, TYPES, view, withField } from "../fixtures";

const RULE = "azure-containerservice-managedcluster-enable-encryption-at-host";
const cluster = (pools: unknown[]) => view(TYPES.managedCluster, withField(good.managedCluster(), "agentPoolProfiles", pools));

test("a null agentPoolProfiles entry is no pool: it is not reported, and the pools after it keep their index", () => {
    expect(resourceMessages(RULE, cluster([null]))).toEqual([]);
    expect(resourceMessages(RULE, cluster([null, { name: "user", enableEncryptionAtHost: false }]))).toEqual([
        "Node pool user's temp disks and caches are not encrypted at host; set agentPoolProfiles[1].enableEncryptionAtHost to true when creating the pool.",
    ]);
});
