import type { RecordedResource } from "./recorder";

/**
 * Groups every resource into deploy waves: wave 0 depends on nothing, wave n on something in
 * wave n-1. The number of waves is the deploy's critical path. Components create nothing in
 * Azure, so a dependency on one counts as a dependency on every resource beneath it; a component
 * itself sits at the depth of its own dependencies (usually wave 0). A resource made through an
 * explicit provider, registered after a read through one, or a component given one in `providers`,
 * waits for it; a child waits for a custom parent to be created and sits no earlier than a
 * component parent.
 */
export function deployWaves(resources: RecordedResource[]): string[][] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const children = new Map<string, RecordedResource[]>();
    for (const r of resources) {
        if (r.parent !== undefined) {
            children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
        }
    }
    // `outside`'s own subtree is left out: a component's children do not exist yet when it registers.
    const customBeneath = (urn: string, outside: string): string[] => {
        const r = byUrn.get(urn);
        if (r === undefined || urn === outside) {
            return [];
        }
        if (r.custom) {
            return [urn];
        }
        return (children.get(urn) ?? []).flatMap((c) => customBeneath(c.urn, outside));
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
        const deps = waitsFor(r).flatMap((dep) => customBeneath(dep, urn));
        // The SDK sends a registration only once its parent's URN is known: a custom parent's once
        // it is created, a component's once its own registration went out (runtime/resource.js).
        const parent = r?.parent === undefined ? undefined : byUrn.get(r.parent);
        const afterParent = parent === undefined ? 0 : depthOf(parent.urn) + (parent.custom ? 1 : 0);
        const d = Math.max(afterParent, deps.length === 0 ? 0 : 1 + Math.max(...deps.map(depthOf)));
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

/**
 * What a registration waits for beside its parent: its dependencies, the explicit provider it is
 * made through, those the program read through before it, and a component's own `providers` (the
 * engine makes a provider before anything made or read through it, and the SDK registers a
 * component's providers before the component). Possibly unrecorded URNs, repeats included.
 */
export function waitsFor(r: RecordedResource | undefined): string[] {
    if (r === undefined) return [];
    return [...r.dependencies, ...(r.provider === undefined ? [] : [r.provider]), ...(r.readProviders ?? []), ...(r.componentProviders ?? [])];
}
