// ARM's JSON deserialisation in the resource providers (Newtonsoft.Json) converts "true", "false" and
// decimal-integer strings to a boolean or integer property's type, and Python programs, Go's pulumi.Any
// and config-fed values send them so. Held for every rule: each boolean or integer of each known-good
// resource, and of each resource of a known-good stack, written as a string is judged as its typed form,
// and so is the opposite boolean.
import { rules } from "../../policies/rules";
import { Parameters, Profile, resolveParameters, ResourceView } from "../../policies/lib/rule";
import { good, goodStack, Path, paths, TYPES, view, withPath } from "./fixtures";

const PROFILES: Profile[] = ["baseline", "mcsb", "sovereign"];

function valueAt(value: unknown, path: Path): unknown {
    return path.reduce<unknown>((at, part) => (at as Record<string | number, unknown>)[part], value);
}

/** [typed value, its string form] for each boolean and integer in `props`: the value itself, and a flipped boolean in upper case. */
function stringForms(props: Record<string, unknown>): [Path, unknown, string][] {
    return paths(props).flatMap((path): [Path, unknown, string][] => {
        const value = valueAt(props, path);
        if (typeof value === "boolean") return [[path, value, String(value)], [path, !value, String(!value).toUpperCase()]];
        if (typeof value === "number" && Number.isInteger(value)) return [[path, value, String(value)]];
        return [];
    });
}

test("every resource rule judges a boolean or integer of a known-good resource written as a string as the typed value, in any profile", () => {
    const failures: string[] = [];
    for (const rule of rules) {
        if (rule.kind !== "resource") continue;
        for (const kind of Object.keys(TYPES) as (keyof typeof good)[]) {
            if (!rule.metadata.resourceTypes.includes(TYPES[kind])) continue;
            for (const [path, typed, text] of stringForms(good[kind]())) {
                for (const profile of PROFILES) {
                    const judge = (to: unknown) => rule.check(view(TYPES[kind], withPath(good[kind](), path, to)), resolveParameters<Parameters>(rule.metadata, profile, {}));
                    const asText = judge(text);
                    const asTyped = judge(typed);
                    if (JSON.stringify(asText) !== JSON.stringify(asTyped)) failures.push(`${rule.metadata.name} ${kind}.${path.join(".")} = ${JSON.stringify(text)} [${profile}]: ${JSON.stringify(asText)}, typed ${JSON.stringify(asTyped)}`);
                }
            }
        }
    }
    expect(failures).toEqual([]);
});

test("every stack rule judges a boolean or integer in a known-good stack written as a string as the typed value", () => {
    const stackRules = rules.filter((r) => r.kind === "stack");
    const check = (stack: ResourceView[]) => stackRules.flatMap((rule) => rule.kind === "stack" ? rule.check(stack, resolveParameters<Parameters>(rule.metadata, "sovereign", {})).map((v) => `${rule.metadata.name}: ${v.message}`) : []);
    const failures: string[] = [];
    goodStack().forEach((resource, i) => {
        for (const [path, typed, text] of stringForms(resource.props)) {
            const judge = (to: unknown) => {
                const stack = goodStack();
                stack[i] = { ...resource, props: withPath(resource.props, path, to) };
                return check(stack);
            };
            const asText = judge(text);
            const asTyped = judge(typed);
            if (JSON.stringify(asText) !== JSON.stringify(asTyped)) failures.push(`${resource.name}.${path.join(".")} = ${JSON.stringify(text)}: ${JSON.stringify(asText)}, typed ${JSON.stringify(asTyped)}`);
        }
    });
    expect(failures).toEqual([]);
});
