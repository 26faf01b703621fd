import { parseProfile, PROFILE_POLICY, profileLevel } from "../policies/lib/pack";
import type { Level, Profile } from "../policies/lib/rule";
import type { EnforcementLevel, PolicyDescription } from "./policy-client";
import type { PlanPolicy } from "./report";

/** The profile a Configure request's properties choose, as the pack reads it (policies/lib/requests.ts profileOf). */
export function profileConfigured(properties: Record<string, Record<string, unknown>>): Profile {
    return parseProfile(properties[PROFILE_POLICY]?.profile);
}

/**
 * Each of the pack's policies at the level its violations carry, for SARIF's rule metadata. That
 * is the level Configure sent it (the policy config's, else the pack's own), but where the profile
 * raises the rule: the pack then reports at the profile's level whatever the config gives
 * (policies/lib/pack.ts reportAt, through profileLevel), `advisory` included. `disabled` stays
 * disabled: the analyzer never runs such a policy. `levelsOf` gives a rule's level per profile
 * (its metadata), undefined for a policy that is no rule of this pack's.
 */
export function policiesAsRun(
    policies: readonly PolicyDescription[],
    configured: Readonly<Record<string, EnforcementLevel>>,
    profile: Profile,
    levelsOf: (policy: string) => Record<Profile, Level> | undefined,
): PlanPolicy[] {
    return policies.map((p) => {
        const level = configured[p.name] ?? p.enforcementLevel;
        const levels = level === "disabled" ? undefined : levelsOf(p.name);
        const raised = levels === undefined ? undefined : profileLevel(levels, profile);
        return raised === undefined ? { ...p, enforcementLevel: level } : { ...p, enforcementLevel: raised, levelFromProfile: profile };
    });
}
