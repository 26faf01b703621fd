import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as policyDeserialize from "@pulumi/policy/deserialize";

/** `@pulumi/policy`'s internal deserialize module, which its server calls through the module object. */
export interface PropertyDeserializer {
    deserializeProperties(struct: Struct, proxySecrets: boolean): Record<string, unknown>;
}

const MEMOIZED = Symbol.for("azure-byok.memoized-deserialization");

/**
 * `@pulumi/policy` deserializes a resource's properties (a protobuf Struct into a fresh JavaScript
 * object) once for every policy that reads them: every stack rule in AnalyzeStack, and every
 * untyped or multi-type rule in each Analyze. The request hands out the same Struct each time
 * (protobuf keeps a message field's wrapper), so the pack keeps the first result per Struct, frozen
 * all the way down: every rule here only reads, and a rule that wrote would throw instead of
 * changing what the next rule sees. Remediation's secret-preserving form is left as it is. On a
 * stack of thousands of resources those copies were most of what the pack allocated.
 */
export function memoizePropertyDeserialization(deserializer: PropertyDeserializer = policyDeserializer()): void {
    const deserialize = deserializer.deserializeProperties;
    if ((deserialize as { [MEMOIZED]?: boolean })[MEMOIZED]) return;
    const deserialized = new WeakMap<Struct, Record<string, unknown>>();
    const memoized = (struct: Struct, proxySecrets: boolean): Record<string, unknown> => {
        if (proxySecrets) return deserialize(struct, proxySecrets);
        let props = deserialized.get(struct);
        if (props === undefined) {
            props = deepFreeze(deserialize(struct, proxySecrets));
            deserialized.set(struct, props);
        }
        return props;
    };
    deserializer.deserializeProperties = Object.assign(memoized, { [MEMOIZED]: true });
}

function policyDeserializer(): PropertyDeserializer {
    // Its typings export nothing (the function is @internal); server.js calls it through this module object.
    return policyDeserialize as unknown as PropertyDeserializer;
}

/** `value` with it and everything it holds frozen. */
export function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
    }
    return value;
}
