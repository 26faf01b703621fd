import { BinaryWriter } from "google-protobuf";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as pulumi from "@pulumi/pulumi";
import { writeStruct } from "../../plan/struct-writer";

function written(props: Record<string, unknown>): Buffer {
    const writer = new BinaryWriter();
    writeStruct(props, writer);
    return Buffer.from(writer.getResultBuffer());
}

function library(json: Record<string, unknown>): Buffer {
    return Buffer.from(Struct.fromJavaScript(json as Record<string, never>).serializeBinary());
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

describe("writeStruct: properties straight into Struct bytes", () => {
    test.each([
        ["scalars", { s: "westeurope", empty: "", n: 3072, zero: 0, negative: -1.5, t: true, f: false, nothing: null }],
        ["nesting, in any key order", { z: { b: [1, "two", false, null, { y: 1, x: [] }], a: {} }, a: [[], [[]]], "é": 1, B: 2, b: 3 }],
        ["a preview's unknowns and a secret's envelope", { keyUri: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", value: { [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270", value: "pfx" } }],
        ["nothing", {}],
    ])("writes the bytes Struct.fromJavaScript writes: %s", (_, props) => {
        expect(written(props).equals(library(props))).toBe(true);
    });

    test("writes an unknown as the recorder keeps it (the SDK's Unknown) as the engine's sentinel string", () => {
        const kept = pulumi.runtime.deserializeProperties(Struct.fromJavaScript({ keyUri: pulumi.runtime.unknownValue, list: [pulumi.runtime.unknownValue] }), true);
        expect(pulumi.isUnknown(kept.keyUri)).toBe(true);
        const sentinel = { keyUri: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", list: ["04da6b54-80e4-46f7-96ec-b56ff0331ba9"] };
        expect(written(kept).equals(library(sentinel))).toBe(true);
    });

    test("leaves out what JSON leaves out, and writes null where JSON would", () => {
        const props = { gone: undefined, fn: () => 1, list: [undefined, () => 1, Number.NaN, Infinity, 1], big: BigInt(1), n: Number.NaN };
        expect(written(props).equals(library({ list: [null, null, null, null, 1], big: null, n: null }))).toBe(true);
        expect(Struct.deserializeBinary(written(props)).toJavaScript()).toEqual({ list: [null, null, null, null, 1], big: null, n: null });
    });
});
