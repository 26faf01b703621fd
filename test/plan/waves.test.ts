import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { RegisterResourceRequest, RegisterResourceResponse } from "@pulumi/pulumi/proto/resource_pb";
import { setAzureMocks, settle } from "../../plan/mocks";
import { providerSettings } from "../../plan/provider-config";
import type { RecordedResource, Recorder } from "../../plan/recorder";
import { existingAzure } from "../../plan/run-plan";
import { readProjectFile, readStackConfig } from "../../plan/stack-config";
import { deployWaves } from "../../plan/waves";
import { rawConfig } from "../../stacks/config";

// A stack run here must plan where its config says, not where ambient credentials point.
for (const key of Object.keys(process.env)) if (key.startsWith("ARM_")) delete process.env[key];

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

test("a resource registered after a read through an explicit provider starts after that provider", () => {
    const waves = deployWaves([
        resource("platform", true),
        resource("early", true),
        resource("late", true, { readProviders: [urn("platform")] }),
        resource("group", false, { readProviders: [urn("platform")] }),
    ]);
    expect(waves).toEqual([[urn("platform"), urn("early")], [urn("late"), urn("group")]]);
});

describe("each stack's waves are the order the engine really starts its resources in", () => {
    const root = path.resolve(__dirname, "..", "..");
    // central reads its existing vault, key and identity through the platform subscription's provider before registering anything else.
    test.each(["dev", "tenants", "minimal", "central"])("%s", async (stack) => {
        const { recorder, arrivals } = await timedStackRun(stack, root);
        const waves = deployWaves(recorder.resources);
        const planned = new Map(waves.flatMap((wave, i) => wave.map((u) => [u, i] as const)));
        const off = [...arrivals].filter(([u, a]) => planned.get(u) !== a.wave).map(([u, a]) => `${u}: planned ${planned.get(u)}, really ${a.wave}`);
        expect(off).toEqual([]);
        expect(arrivals.size).toBe(recorder.resources.length);
        expect(waves).toHaveLength(1 + Math.max(...[...arrivals.values()].filter((a) => a.custom).map((a) => a.wave)));
    });

    // Every component is then given the stack's providers, which the SDK registers (and waits for) before the component.
    test("dev with every default provider disabled", async () => {
        const { recorder, arrivals } = await timedStackRun("dev", root, { "pulumi:disable-default-providers": JSON.stringify(["*"]), "azure-native:subscriptionId": "00000000-0000-4000-8000-000000000001" });
        const waves = deployWaves(recorder.resources);
        const planned = new Map(waves.flatMap((wave, i) => wave.map((u) => [u, i] as const)));
        expect([...arrivals].filter(([u, a]) => planned.get(u) !== a.wave).map(([u, a]) => `${u}: planned ${planned.get(u)}, really ${a.wave}`)).toEqual([]);
        expect(recorder.resources.filter((r) => r.componentProviders !== undefined).length).toBeGreaterThan(0);
    });
});

test("a component given providers starts after them, and so do its children", () => {
    const waves = deployWaves([
        resource("stack", true),
        resource("comp", false, { componentProviders: [urn("stack")] }),
        resource("leaf", true, { parent: urn("comp") }),
    ]);
    expect(waves).toEqual([[urn("stack")], [urn("comp"), urn("leaf")]]);
});

type Callback = (err: unknown, resp: RegisterResourceResponse | undefined) => void;

interface TimedMonitor {
    registerResource(req: RegisterResourceRequest, callback: Callback): Promise<void>;
}

/** Event-loop turns without a new registration after which the program is taken to wait on held answers. */
const IDLE_TURNS = 300;

/**
 * Runs a stack's program under the plan's mocks, answering each custom resource's registration
 * only once the program can make no more progress, as the engine answers it only once the
 * resource is created: then every held answer is released at once (one deploy wave). Each
 * registration's wave is the number of releases before it reached the engine, i.e. the earliest
 * it could start with unlimited parallelism, whatever the program awaited on the way (inputs,
 * dependsOn, parents, provider references, reads). A logical clock: CPU time does not count, and
 * the program and mocks do no I/O that could look like a stall.
 */
async function timedStackRun(stack: string, projectDir: string, extraConfig: Record<string, string> = {}): Promise<{ recorder: Recorder; arrivals: Map<string, { custom: boolean; wave: number }> }> {
    const projectFile = readProjectFile(projectDir);
    const config = { ...readStackConfig(path.join(projectDir, `Pulumi.${stack}.yaml`), projectFile.config).config, ...extraConfig };
    const { recorder } = await setAzureMocks({ ...providerSettings(config), ...existingAzure(rawConfig(config)), project: projectFile.name, stack });
    const arrivals = holdCustomAnswers();
    pulumi.runtime.setAllConfig(config);
    const entry = (await import("../../stacks/index")).default;
    await entry();
    await settle();
    return { recorder, arrivals };
}

function holdCustomAnswers(): Map<string, { custom: boolean; wave: number }> {
    // The mock monitor's registerResource is a method of the object: replaced as setAzureMocks replaces it.
    const monitor = pulumi.runtime.getMonitor() as unknown as TimedMonitor;
    const inner = monitor.registerResource.bind(monitor);
    const arrivals = new Map<string, { custom: boolean; wave: number }>();
    let wave = 0;
    let idle = 0;
    let held: (() => void)[] = [];
    let ticking = false;
    const tick = () => {
        if (++idle >= IDLE_TURNS) {
            idle = 0;
            if (held.length === 0) {
                ticking = false;
                return;
            }
            const release = held;
            held = [];
            wave++;
            release.forEach((answer) => answer());
        }
        setImmediate(tick);
    };
    monitor.registerResource = (req, callback) => {
        idle = 0;
        const at = wave;
        const custom = req.getCustom();
        if (!ticking) {
            ticking = true;
            setImmediate(tick);
        }
        return inner(req, (err, resp) => {
            if (resp) arrivals.set(resp.getUrn(), { custom, wave: at });
            if (custom) held.push(() => callback(err, resp));
            else callback(err, resp);
        });
    };
    return arrivals;
}
