import type { PlanReport } from "../../plan/report";

export type ReportResource = PlanReport["resources"][number];

/** One resource of a plan report, as the dev stack's would be recorded: no inputs, parent or dependencies unless given. */
export function reportResource(name: string, type: string, extra: Partial<ReportResource> = {}): ReportResource {
    return {
        urn: `urn:pulumi:dev::azure-byok::${type}::${name}`,
        type,
        name,
        parent: null,
        dependencies: [],
        protect: false,
        inputs: {},
        ...extra,
    };
}
