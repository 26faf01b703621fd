import type { RecordedResource } from "./recorder";

/**
 * Groups every resource into deploy waves: wave 0 depends on nothing, wave n on something in
 * wave n-1. The number of waves is the deploy's critical path. Components create nothing in
 * Azure, so a dependency on one counts as a dependency on every resource beneath it; a component
 * itself sits at the depth of its own dependencies (usually wave 0). A resource made through an
 * explicit provider waits for it.
 */
export function deployWaves(resources: RecordedResource[]): string[][] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const children = new Map<string, RecordedResource[]>();
    for (const r of resources) {
        if (r.parent !== undefined) {
            children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
        }
    }
    const customBeneath = (urn: string): string[] => {
        const r = byUrn.get(urn);
        if (r === undefined) {
            return [];
        }
        if (r.custom) {
            return [urn];
        }
        return (children.get(urn) ?? []).flatMap((c) => customBeneath(c.urn));
    };
    const depth = new Map<string, number>();
    const visiting = new Set<string>();
    const depthOf = (urn: string): number => {
        const known = depth.get(urn);
        if (known !== undefined) {
            return known;
        }
        if (visiting.has(urn)) {
            throw new Error(`dependency cycle through ${urn}`);
        }
        visiting.add(urn);
        const r = byUrn.get(urn);
        // The engine makes an explicit provider before anything made through it.
        const deps = [...(r?.dependencies ?? []), ...(r?.provider === undefined ? [] : [r.provider])].flatMap(customBeneath).filter((d) => d !== urn);
        const d = deps.length === 0 ? 0 : 1 + Math.max(...deps.map(depthOf));
        visiting.delete(urn);
        depth.set(urn, d);
        return d;
    };
    const waves: string[][] = [];
    for (const r of resources) {
        const d = depthOf(r.urn);
        (waves[d] ??= []).push(r.urn);
    }
    return waves.map((w) => w ?? []);
}
