import type { RecordedResource } from "../../plan/recorder";
import { deployWaves } from "../../plan/waves";

const urn = (name: string) => `urn:pulumi:s::p::t::${name}`;
function resource(name: string, custom: boolean, extra: Partial<RecordedResource> = {}): RecordedResource {
    return {
        urn: urn(name), type: "t", name, custom, parent: undefined, dependencies: [], propertyDependencies: {},
        protect: false, retainOnDelete: false, deleteBeforeReplace: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], inputs: {}, ...extra,
    };
}

describe("a resource waits for its parent, as the SDK awaits the parent's URN before registering it", () => {
    test("a child of a custom resource starts after its parent is created", () => {
        expect(deployWaves([resource("vault", true), resource("child", true, { parent: urn("vault") })])).toEqual([[urn("vault")], [urn("child")]]);
    });

    test("the children of a component that dependsOn X start after X, beside the component", () => {
        const waves = deployWaves([resource("x", true), resource("comp", false, { dependencies: [urn("x")] }), resource("leaf", true, { parent: urn("comp") })]);
        expect(waves).toEqual([[urn("x")], [urn("comp"), urn("leaf")]]);
    });

    test("a component that dependsOn its own ancestor waits for the custom resources before it, not for its own children", () => {
        const waves = deployWaves([
            resource("outer", false),
            resource("x", true, { parent: urn("outer") }),
            resource("inner", false, { parent: urn("outer"), dependencies: [urn("outer")] }),
            resource("leaf", true, { parent: urn("inner") }),
        ]);
        expect(waves).toEqual([[urn("outer"), urn("x")], [urn("inner"), urn("leaf")]]);
    });

    test("a child of a component that waits for nothing starts at once", () => {
        expect(deployWaves([resource("comp", false), resource("leaf", true, { parent: urn("comp") })])).toEqual([[urn("comp"), urn("leaf")]]);
    });
});
