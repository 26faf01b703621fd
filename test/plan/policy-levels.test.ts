import { policiesAsRun, profileConfigured } from "../../plan/policy-levels";
import type { PolicyDescription } from "../../plan/policy-client";
import type { Level, Profile } from "../../policies/lib/rule";
import { rules } from "../../policies/rules";

const description = (name: string, enforcementLevel: PolicyDescription["enforcementLevel"]): PolicyDescription => ({ name, displayName: "", description: `${name} rule`, enforcementLevel, severity: "medium", required: [] });
const levels = new Map<string, Record<Profile, Level>>(rules.map((r) => [r.metadata.name, r.metadata.levels]));
const levelsOf = (name: string) => levels.get(name);

const ROTATION = "azure-keyvault-key-configure-rotation-policy"; // advisory, mandatory, mandatory
const WIDE_SCOPE = "azure-keyvault-vault-disallow-wide-scope-data-roles"; // advisory, advisory, mandatory
const PURGE = "azure-keyvault-vault-enable-purge-protection"; // mandatory everywhere

describe("policiesAsRun: each policy at the level its violations carry", () => {
    test("the levels these cases rest on are the rules' own", () => {
        expect([levelsOf(ROTATION), levelsOf(WIDE_SCOPE), levelsOf(PURGE)]).toEqual([
            { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
            { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
            { baseline: "mandatory", mcsb: "mandatory", sovereign: "mandatory" },
        ]);
    });

    test("a profile that raises a rule sets its level over the configured one, an explicit advisory included, and says so", () => {
        const policies = [description(ROTATION, "advisory"), description(WIDE_SCOPE, "advisory")];
        expect(policiesAsRun(policies, { [ROTATION]: "advisory" }, "mcsb", levelsOf).map((p) => [p.name, p.enforcementLevel, p.levelFromProfile])).toEqual([
            [ROTATION, "mandatory", "mcsb"],
            [WIDE_SCOPE, "advisory", undefined],
        ]);
        expect(policiesAsRun(policies, {}, "sovereign", levelsOf).map((p) => [p.enforcementLevel, p.levelFromProfile])).toEqual([["mandatory", "sovereign"], ["mandatory", "sovereign"]]);
    });

    test("a rule no profile raises keeps the configured level, lowered or not, then the pack's", () => {
        const policies = [description(PURGE, "mandatory"), description(ROTATION, "advisory")];
        expect(policiesAsRun(policies, { [PURGE]: "advisory" }, "sovereign", levelsOf).map((p) => [p.name, p.enforcementLevel, p.levelFromProfile])).toEqual([
            [PURGE, "advisory", undefined],
            [ROTATION, "mandatory", "sovereign"],
        ]);
        expect(policiesAsRun(policies, { [ROTATION]: "mandatory" }, "baseline", levelsOf).map((p) => [p.enforcementLevel, p.levelFromProfile])).toEqual([["mandatory", undefined], ["mandatory", undefined]]);
    });

    test("a disabled rule stays disabled under a profile that raises it, as the analyzer never runs it", () => {
        expect(policiesAsRun([description(ROTATION, "advisory")], { [ROTATION]: "disabled" }, "mcsb", levelsOf)).toEqual([description(ROTATION, "disabled")]);
    });

    test("a policy that is no rule of the pack keeps its configured level", () => {
        expect(policiesAsRun([description("azure-byok-profile", "advisory")], { "azure-byok-profile": "mandatory" }, "sovereign", levelsOf)).toEqual([description("azure-byok-profile", "mandatory")]);
    });
});

describe("profileConfigured: the profile as the pack reads it from Configure", () => {
    test("is the profile policy's profile property, else baseline", () => {
        expect(profileConfigured({ "azure-byok-profile": { profile: "mcsb" } })).toBe("mcsb");
        expect(profileConfigured({ "azure-byok-profile": { profile: "baseline" } })).toBe("baseline");
        expect(profileConfigured({})).toBe("baseline");
    });
});
