import { good, resourceMessages, ruleNamed, TYPES, view, withField } from "../fixtures";

const RULE = "azure-containerservice-managedcluster-enable-encryption-at-host";
const cluster = (pools: unknown[]) => view(TYPES.managedCluster, withField(good.managedCluster(), "agentPoolProfiles", pools));

test("a null agentPoolProfiles entry is no pool: it is not reported, and the pools after it keep their index", () => {
    expect(resourceMessages(RULE, cluster([null]))).toEqual([]);
    expect(resourceMessages(RULE, cluster([null, { name: "user", enableEncryptionAtHost: false }]))).toEqual([
        "Node pool user's temp disks and caches are not encrypted at host; set agentPoolProfiles[1].enableEncryptionAtHost to true when creating the pool.",
    ]);
});

// checkov/arm/checks/resource/AKSEncryptionAtHostEnabled.py inspects properties/agentPoolProfiles/[0]/enableEncryptionAtHost only.
test("a second pool not encrypted at host is reported behind a first that is, which Checkov CKV_AZURE_227 passes, as the rule's mirror says", () => {
    expect(resourceMessages(RULE, cluster([{ name: "system", mode: "System", enableEncryptionAtHost: true }, { name: "user", mode: "User", enableEncryptionAtHost: false }]))).toEqual([
        "Node pool user's temp disks and caches are not encrypted at host; set agentPoolProfiles[1].enableEncryptionAtHost to true when creating the pool.",
    ]);
    expect(ruleNamed(RULE).metadata.mirrors.find((m) => m.startsWith("Checkov CKV_AZURE_227"))).toBe(
        "Checkov CKV_AZURE_227 (looser: on a cluster it reads agentPoolProfiles[0] alone, and its Terraform check default_node_pool, so a first pool encrypted at host passes it whatever the cluster's other profiles say; every profile is judged here)",
    );
});
