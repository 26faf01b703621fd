// The README's promise that an unknown (a value a preview does not know yet) is never a violation,
// held for every rule: each property of each known-good resource, and of each resource of a
// known-good stack, replaced in turn by the engine's unknown; no rule may report or throw.
import { rules } from "../../policies/rules";
import { Parameters, resolveParameters, ResourceView } from "../../policies/lib/rule";
import { good, goodStack, paths, TYPES, UNKNOWN_STRING, view, withPath } from "./fixtures";

test("no resource rule reports or throws on an unknown anywhere in a known-good resource, in any profile", () => {
    const failures: string[] = [];
    for (const rule of rules) {
        if (rule.kind !== "resource") continue;
        for (const kind of Object.keys(TYPES) as (keyof typeof good)[]) {
            if (!rule.metadata.resourceTypes.includes(TYPES[kind])) continue;
            for (const path of paths(good[kind]())) {
                const props = withPath(good[kind](), path, UNKNOWN_STRING);
                for (const profile of ["baseline", "mcsb", "sovereign"] as const) {
                    try {
                        const messages = rule.check(view(TYPES[kind], props), resolveParameters<Parameters>(rule.metadata, profile, {}));
                        if (messages.length > 0) failures.push(`${rule.metadata.name} ${kind}.${path.join(".")} [${profile}]: ${messages.join(" | ")}`);
                    } catch (e) {
                        failures.push(`${rule.metadata.name} ${kind}.${path.join(".")} [${profile}] threw ${(e as Error).message}`);
                    }
                }
            }
        }
    }
    expect(failures).toEqual([]);
});

test("no stack rule reports or throws on an unknown anywhere in a known-good stack", () => {
    const rulesOfStack = rules.filter((r) => r.kind === "stack");
    const check = (stack: ResourceView[]) => rulesOfStack.flatMap((rule) => rule.kind === "stack" ? rule.check(stack, resolveParameters<Parameters>(rule.metadata, "sovereign", {})).map((v) => `${rule.metadata.name}: ${v.message}`) : []);
    expect(check(goodStack())).toEqual([]);
    const failures: string[] = [];
    goodStack().forEach((resource, i) => {
        for (const path of paths(resource.props)) {
            const stack = goodStack();
            stack[i] = { ...resource, props: withPath(resource.props, path, UNKNOWN_STRING) };
            try {
                failures.push(...check(stack).map((m) => `${resource.name}.${path.join(".")}: ${m}`));
            } catch (e) {
                failures.push(`${resource.name}.${path.join(".")} threw ${(e as Error).message}`);
            }
        }
    });
    expect(failures).toEqual([]);
});
