import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/**
 * `@pulumi/policy` turns a resource's properties (a protobuf Struct) into JavaScript once for every
 * policy that reads them: every stack rule in AnalyzeStack, and every untyped or multi-type rule in
 * each Analyze. The conversion is pure, the request hands out the same Struct each time (protobuf
 * keeps the message field's wrapper), and every reader copies what it is given, so the pack keeps
 * the first result per Struct. On a stack of thousands of resources that conversion was the largest
 * part of the pack's answer to AnalyzeStack.
 */
export function memoizeStructConversion(struct: { prototype: Pick<Struct, "toJavaScript"> } = Struct): void {
    const convert = struct.prototype.toJavaScript;
    if ((convert as { memoized?: boolean }).memoized) return;
    const converted = new WeakMap<object, ReturnType<Struct["toJavaScript"]>>();
    const memoized = function (this: Struct) {
        let value = converted.get(this);
        if (value === undefined) {
            value = convert.call(this);
            converted.set(this, value);
        }
        return value;
    };
    struct.prototype.toJavaScript = Object.assign(memoized, { memoized: true });
}
