import { nodeResourceGroupIssues, nodeResourceGroupName } from "../../components/kubernetes-node-resource-group";

// AKS names the nodes' group MC_<group>_<cluster>_<region> and refuses one over 80 characters
// (400 InvalidParameter "The length of the node resource group name is too long. The maximum length is 80 ...").
describe("the node resource group AKS makes", () => {
    test("is MC_<group>_<cluster>_<region>, the region by its name", () => {
        expect(nodeResourceGroupName("rg-byok", "aks-byok", "West Europe")).toBe("MC_rg-byok_aks-byok_westeurope");
    });

    test("takes a 53-character cluster name in rg-byok-test and westeurope: 80 characters", () => {
        expect(nodeResourceGroupName("rg-byok-test", "c".repeat(53), "westeurope")).toHaveLength(80);
        expect(nodeResourceGroupIssues("rg-byok-test", "westeurope", { clusterName: "c".repeat(53) })).toEqual([]);
        // A generated name is the prefix, "-" and 6 random characters: a 46-character prefix makes 53.
        expect(nodeResourceGroupIssues("rg-byok-test", "westeurope", { name: "k".repeat(46), prefix: "k".repeat(46) })).toEqual([]);
    });

    test("refuses a given 63-character cluster name, naming clusterName, the group it would make and the longest that fits", () => {
        expect(nodeResourceGroupIssues("rg-byok-test", "westeurope", { clusterName: "c".repeat(63) })).toEqual([{
            field: "clusterName",
            message: `"${"c".repeat(63)}" (63 characters) is too long for AKS's node resource group: MC_rg-byok-test_${"c".repeat(63)}_westeurope is 90 characters, over the 80 AKS allows (it refuses the cluster; https://aka.ms/aks-naming-rules); in resource group "rg-byok-test" and westeurope, use a cluster name of at most 53 characters`,
        }]);
    });

    test("refuses a generated name's prefix too long for the group, naming name and both fixes", () => {
        expect(nodeResourceGroupIssues("rg-byok-test", "westeurope", { name: "k".repeat(56), prefix: "k".repeat(56) })).toEqual([{
            field: "name",
            message: `"${"k".repeat(56)}" makes a 63-character cluster name, too long for AKS's node resource group: MC_rg-byok-test_${"k".repeat(56)}-<6 random>_westeurope is 90 characters, over the 80 AKS allows (it refuses the cluster; https://aka.ms/aks-naming-rules); in resource group "rg-byok-test" and westeurope, keep the name's prefix "${"k".repeat(56)}" to at most 46 characters, or set a clusterName of at most 53`,
        }]);
    });

    test("asks for a clusterName when no generated name fits but a short one does", () => {
        // 3 + 60 + 2 + 10 = 75: room for 5 characters, less than a generated name's 8.
        const [issue] = nodeResourceGroupIssues("r".repeat(60), "westeurope", { name: "aks", prefix: "aks" });
        expect(issue).toEqual({ field: "name", message: expect.stringMatching(/ is 85 characters.*set a clusterName of at most 5 characters \(a generated one is at least 8\), or use a shorter resource group$/) });
    });

    test("names resourceGroupName when the group leaves no room for any cluster name", () => {
        // 3 + 70 + 2 + 10 = 85 before the cluster name: the group must lose 6 characters for a 1-character one.
        expect(nodeResourceGroupIssues("r".repeat(70), "westeurope", { clusterName: "a" })).toEqual([{
            field: "resourceGroupName",
            message: `"${"r".repeat(70)}" (70 characters) leaves no room for a cluster name in AKS's node resource group: MC_${"r".repeat(70)}_a_westeurope is 86 characters, over the 80 AKS allows (it refuses the cluster; https://aka.ms/aks-naming-rules); in westeurope, use a resource group name of at most 64 characters`,
        }]);
        expect(nodeResourceGroupIssues("r".repeat(64), "westeurope", { clusterName: "a" })).toEqual([]);
    });

    test("names location, not the group, when the region alone leaves no room for a group and a cluster name", () => {
        // MC_ + r + _ + a + _ = 7 characters: a region of 74 or more leaves no 1-character group room.
        const region = "x".repeat(300);
        expect(nodeResourceGroupIssues("rg", region, { clusterName: "a" })).toEqual([{
            field: "location",
            message: `"${"x".repeat(40)}…" (300 characters) leaves no room for a resource group or cluster name in AKS's node resource group, MC_<group>_<cluster>_<region>, of at most 80 characters; no Azure region's name is that long: use the region's name, such as westeurope`,
        }]);
        expect(nodeResourceGroupIssues("rg", "x".repeat(73), { clusterName: "a" })).toEqual([expect.objectContaining({ field: "resourceGroupName" })]);
    });

    test("counts a region given by display name as AKS writes it", () => {
        expect(nodeResourceGroupIssues("rg-byok-test", "West Europe", { clusterName: "c".repeat(53) })).toEqual([]);
        expect(nodeResourceGroupIssues("rg-byok-test", "West Europe", { clusterName: "c".repeat(54) }).map((i) => i.field)).toEqual(["clusterName"]);
    });

    test("leaves a group or region known only at deploy to AKS", () => {
        expect(nodeResourceGroupIssues(undefined, "westeurope", { clusterName: "c".repeat(63) })).toEqual([]);
        expect(nodeResourceGroupIssues("rg-byok-test", undefined, { clusterName: "c".repeat(63) })).toEqual([]);
    });
});
