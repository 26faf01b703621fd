import type { ResourceHandler } from "./azure";

/** The time provider's (hashicorp/time, which @pulumiverse/time bridges) check of `create_duration` and `destroy_duration`. */
const DURATION = /^[0-9]+(\.[0-9]+)?(ms|s|m|h)$/;
const DURATION_RULE = 'must be a number immediately followed by ms (milliseconds), s (seconds), m (minutes), or h (hours). For example, "30s" for 30 seconds.';

/**
 * `time.Sleep`: the provider waits `createDuration` before it reports the resource created; offline
 * there is nothing to wait for, so only its checks and its state are the provider's. Its id is the
 * creation time, RFC 3339 in UTC to the second.
 */
const sleepHandler: ResourceHandler = (inputs) => {
    const durations = { create_duration: inputs.createDuration, destroy_duration: inputs.destroyDuration };
    if (durations.create_duration === undefined && durations.destroy_duration === undefined) {
        throw new Error("Invalid Attribute Combination: At least one attribute out of [destroy_duration,create_duration] must be specified");
    }
    for (const [attribute, value] of Object.entries(durations)) {
        if (value !== undefined && (typeof value !== "string" || !DURATION.test(value))) {
            throw new Error(`Invalid Attribute Value Match: Attribute ${attribute} ${DURATION_RULE}, got: ${String(value)}`);
        }
    }
    const triggers = inputs.triggers;
    if (triggers !== undefined && (typeof triggers !== "object" || triggers === null || Object.values(triggers).some((v) => typeof v !== "string"))) {
        throw new Error("Incorrect attribute value type: Inappropriate value for attribute \"triggers\": map of string required.");
    }
    return { id: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"), state: { ...inputs } };
};

export const timeHandlers: Record<string, ResourceHandler> = {
    "time:index/sleep:Sleep": sleepHandler,
};
