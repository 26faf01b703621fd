import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { memoizePropertyDeserialization, PropertyDeserializer } from "../../../policies/lib/struct-memo";

/** A deserializer module like @pulumi/policy's, counting its calls, so the real one stays as the rest of the tests found it. */
function counting(): PropertyDeserializer & { calls: [Struct, boolean][] } {
    const calls: [Struct, boolean][] = [];
    return {
        calls,
        deserializeProperties(struct: Struct, proxySecrets: boolean) {
            calls.push([struct, proxySecrets]);
            return struct.toJavaScript() as Record<string, unknown>;
        },
    };
}

const PROPS = { properties: { enablePurgeProtection: true, networkAcls: { defaultAction: "Deny", ipRules: [{ value: "203.0.113.0/24" }] } }, tags: { team: "platform" } };

test("deserializes each Struct once and hands every later reader the same object", () => {
    const module = counting();
    memoizePropertyDeserialization(module);
    const a = Struct.fromJavaScript(PROPS);
    const b = Struct.fromJavaScript(PROPS);
    const first = module.deserializeProperties(a, false);
    expect(module.deserializeProperties(a, false)).toBe(first);
    expect(first).toEqual(PROPS);
    // Another Struct with equal fields is its own object.
    expect(module.deserializeProperties(b, false)).not.toBe(first);
    expect(module.calls).toEqual([[a, false], [b, false]]);
});

test("freezes what it shares, all the way down, so no rule can change what the next one reads", () => {
    const module = counting();
    memoizePropertyDeserialization(module);
    const props = module.deserializeProperties(Struct.fromJavaScript(PROPS), false) as typeof PROPS;
    expect(() => {
        props.properties.networkAcls.ipRules[0].value = "0.0.0.0/0";
    }).toThrow(TypeError);
    expect(() => props.properties.networkAcls.ipRules.push({ value: "0.0.0.0/0" })).toThrow(TypeError);
    expect(props).toEqual(PROPS);
});

test("leaves remediation's secret-preserving form unshared", () => {
    const module = counting();
    memoizePropertyDeserialization(module);
    const s = Struct.fromJavaScript(PROPS);
    const first = module.deserializeProperties(s, true);
    expect(module.deserializeProperties(s, true)).not.toBe(first);
    expect(Object.isFrozen(first)).toBe(false);
    expect(module.calls).toHaveLength(2);
});

test("installing twice wraps once", () => {
    const module = counting();
    memoizePropertyDeserialization(module);
    memoizePropertyDeserialization(module);
    const s = Struct.fromJavaScript({ a: 1 });
    module.deserializeProperties(s, false);
    module.deserializeProperties(s, false);
    expect(module.calls).toHaveLength(1);
});
