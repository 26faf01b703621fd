import type { BinaryWriter } from "google-protobuf";
import { isUnknown } from "@pulumi/pulumi/output";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";

/**
 * Writes resource properties straight into the bytes of a `google.protobuf.Struct`, as the engine
 * marshals them for an analyzer: plain JSON, unknowns as the SDK's sentinel strings, secrets in
 * Pulumi's envelope object. The bytes are those `Struct.fromJavaScript(json).serializeBinary()`
 * writes (keys sorted, `undefined` and functions left out of objects, `null` for them in arrays and
 * for numbers JSON cannot hold), without building the Struct's message objects first: a plan
 * encodes every resource twice (Analyze and AnalyzeStack), on the thread that also runs the program.
 */
export function writeStruct(props: Record<string, unknown>, writer: BinaryWriter): void {
    for (const key of Object.keys(props).filter((k) => kept(props[k])).sort()) {
        // struct.proto: `map<string, Value> fields = 1;`, each entry `{ string key = 1; Value value = 2; }`.
        writer.writeMessage(1, key, (k: string, entry: BinaryWriter) => {
            entry.writeString(1, k);
            entry.writeMessage(2, [props[k]], writeBoxedValue);
        });
    }
}

/** Whether an object keeps the property, as JSON does. */
function kept(value: unknown): boolean {
    return value !== undefined && typeof value !== "function";
}

/** The writer skips a null message, so every Value goes boxed: a null property is still written. */
function writeBoxedValue([value]: [unknown], writer: BinaryWriter): void {
    // struct.proto's Value: null_value = 1, number_value = 2, string_value = 3, bool_value = 4,
    // struct_value = 5, list_value = 6 (a ListValue, `repeated Value values = 1;`).
    // The recorder keeps an unknown as the SDK's Unknown object; the engine sends the sentinel string.
    if (isUnknown(value)) {
        writer.writeString(3, unknownValue);
    } else if (typeof value === "number" && Number.isFinite(value)) {
        writer.writeDouble(2, value);
    } else if (typeof value === "string") {
        writer.writeString(3, value);
    } else if (typeof value === "boolean") {
        writer.writeBool(4, value);
    } else if (Array.isArray(value)) {
        writer.writeMessage(6, value, (items: unknown[], list: BinaryWriter) => {
            for (const item of items) list.writeMessage(1, [item], writeBoxedValue);
        });
    } else if (value !== null && typeof value === "object") {
        writer.writeMessage(5, value, writeStruct);
    } else {
        writer.writeEnum(1, 0);
    }
}
