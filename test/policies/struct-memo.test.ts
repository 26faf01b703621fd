import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { memoizeStructConversion } from "../../policies/lib/struct-memo";

/** A stand-in for the protobuf class, so the real one stays as the rest of the tests found it. */
function fakeStruct() {
    const calls: object[] = [];
    class Fake {
        constructor(readonly fields: Record<string, unknown>) {}
        toJavaScript(): Record<string, unknown> {
            calls.push(this);
            return { ...this.fields };
        }
    }
    return { Fake, calls };
}

test("converts each Struct once and hands every later reader the same result", () => {
    const { Fake, calls } = fakeStruct();
    memoizeStructConversion(Fake as unknown as typeof Struct);
    const a = new Fake({ name: "kv" });
    const b = new Fake({ name: "kv" });
    const first = a.toJavaScript();
    expect(a.toJavaScript()).toBe(first);
    expect(first).toEqual({ name: "kv" });
    // Another Struct with equal fields is its own conversion.
    expect(b.toJavaScript()).not.toBe(first);
    expect(calls).toEqual([a, b]);
});

test("installing twice wraps once", () => {
    const { Fake, calls } = fakeStruct();
    memoizeStructConversion(Fake as unknown as typeof Struct);
    memoizeStructConversion(Fake as unknown as typeof Struct);
    const s = new Fake({ a: 1 });
    s.toJavaScript();
    s.toJavaScript();
    expect(calls).toHaveLength(1);
});

test("on the real protobuf Struct, a converted request's properties read the same as before", () => {
    const struct = Struct.fromJavaScript({ properties: { enablePurgeProtection: true, networkAcls: { defaultAction: "Deny" } }, tags: ["a"] });
    const plain = struct.toJavaScript();
    class Wrapped extends Struct {}
    memoizeStructConversion(Wrapped);
    const wrapped = Object.setPrototypeOf(Struct.fromJavaScript(plain), Wrapped.prototype) as Wrapped;
    expect(wrapped.toJavaScript()).toEqual(plain);
    expect(wrapped.toJavaScript()).toBe(wrapped.toJavaScript());
});
