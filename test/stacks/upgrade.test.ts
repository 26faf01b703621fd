import deployed from "../support/deployed-urns.json";
import { parseStackConfig, rawConfig } from "../../stacks/config";
import { program } from "../../stacks/program";
import { RecordedResource, setAzureMocks, settle } from "../../plan/mocks";
import { existingAzure } from "../../plan/run-plan";
import { readStackConfigFile } from "../../plan/stack-config";

/** A child's URN as the engine makes it: the parent's qualified type, `$`, its own type (none under the stack). */
function urnUnder(parentUrn: string | undefined, type: string, name: string, stack: string): string {
    const parentType = parentUrn?.split("::")[2];
    const qualified = parentType === undefined || parentType === "pulumi:pulumi:Stack" ? type : `${parentType}$${type}`;
    return `urn:pulumi:${stack}::azure-byok::${qualified}::${name}`;
}

/**
 * Every URN whose state the engine gives each resource, as pulumi/pulumi's step generator works
 * them out (pkg/resource/deploy/step_generator.go): its own, its aliases (a name under its own
 * parent, or a URN), and for each of its parent's, the same name under that URN, the parent's new
 * name prefix replaced by the alias's where the child's name starts with it (inheritedChildAlias).
 */
function claimedUrns(resources: RecordedResource[], stack: string): Map<string, Set<string>> {
    const claimed = new Map<string, Set<string>>();
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    for (const r of resources) {
        const own = [r.urn, ...r.aliases.map((a) => (a.startsWith("urn:") ? a : urnUnder(r.parent, r.type, a, stack)))];
        const parent = r.parent !== undefined ? byUrn.get(r.parent) : undefined;
        const inherited = parent === undefined ? [] : [...(claimed.get(parent.urn) ?? [])].filter((u) => u !== parent.urn).flatMap((parentAlias) =>
            own.map((u) => {
                const name = u.split("::").slice(3).join("::");
                const renamed = name.startsWith(parent.name) ? parentAlias.split("::").slice(3).join("::") + name.slice(parent.name.length) : name;
                return urnUnder(parentAlias, r.type, renamed, stack);
            }),
        );
        claimed.set(r.urn, new Set([...own, ...inherited]));
    }
    return claimed;
}

// A resource deployed under a URN no resource claims any more is deleted, and its successor
// created: a grant or diagnostic setting replaced (Azure refusing the new one while the old holds
// its name or sink), a protected vault or key refused. Nothing may be renamed without an alias.
describe.each(["dev", "central", "minimal", "tenants"] as const)("a %s stack deployed with an earlier layout", (stack) => {
    test("finds each resource it deployed under exactly one resource's URN or aliases", async () => {
        const raw = rawConfig(readStackConfigFile(`Pulumi.${stack}.yaml`));
        // What the stack takes as existing (central's vault, key and identity) is in Azure, as the plan has it.
        const { recorder } = await setAzureMocks({ ...existingAzure(raw), stack });
        await program(parseStackConfig(raw));
        await settle();
        expect(recorder.refused).toEqual([]);
        const claims = [...claimedUrns(recorder.resources, stack).values()];
        const claimants = (urn: string) => claims.filter((c) => c.has(urn)).length;
        expect(deployed[stack].filter((urn) => claimants(urn) === 0)).toEqual([]);
        expect(deployed[stack].filter((urn) => claimants(urn) > 1)).toEqual([]);
    });
});
