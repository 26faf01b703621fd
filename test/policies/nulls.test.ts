// ARM takes a null property in a PUT as unset, so its default applies; the engine hands it to the pack as
// null (@pulumi/policy's deserializeProperty keeps it). Held for every rule: each object property of each
// known-good resource, and of each resource of a known-good stack, set to null is judged as when removed.
import { rules } from "../../policies/rules";
import { Parameters, Profile, resolveParameters, ResourceView } from "../../policies/lib/rule";
import { good, goodStack, Path, paths, TYPES, view, withPath } from "./fixtures";

const PROFILES: Profile[] = ["baseline", "mcsb", "sovereign"];

/** Property paths whose last step is an object's key: an array entry set to null is not an absent property. */
function propertyPaths(value: unknown): Path[] {
    return paths(value).filter((path) => typeof path[path.length - 1] === "string");
}

test("every resource rule judges a null property of a known-good resource as it judges the property left out, in any profile", () => {
    const failures: string[] = [];
    for (const rule of rules) {
        if (rule.kind !== "resource") continue;
        for (const kind of Object.keys(TYPES) as (keyof typeof good)[]) {
            if (!rule.metadata.resourceTypes.includes(TYPES[kind])) continue;
            for (const path of propertyPaths(good[kind]())) {
                for (const profile of PROFILES) {
                    const judge = (to: unknown) => rule.check(view(TYPES[kind], withPath(good[kind](), path, to)), resolveParameters<Parameters>(rule.metadata, profile, {}));
                    const asNull = judge(null);
                    const absent = judge(undefined);
                    if (JSON.stringify(asNull) !== JSON.stringify(absent)) failures.push(`${rule.metadata.name} ${kind}.${path.join(".")} [${profile}]: null ${JSON.stringify(asNull)}, absent ${JSON.stringify(absent)}`);
                }
            }
        }
    }
    expect(failures).toEqual([]);
});

test("every stack rule judges a null property in a known-good stack as it judges the property left out", () => {
    const stackRules = rules.filter((r) => r.kind === "stack");
    const check = (stack: ResourceView[]) => stackRules.flatMap((rule) => rule.kind === "stack" ? rule.check(stack, resolveParameters<Parameters>(rule.metadata, "sovereign", {})).map((v) => `${rule.metadata.name}: ${v.message}`) : []);
    const failures: string[] = [];
    goodStack().forEach((resource, i) => {
        for (const path of propertyPaths(resource.props)) {
            const judge = (to: unknown) => {
                const stack = goodStack();
                stack[i] = { ...resource, props: withPath(resource.props, path, to) };
                return check(stack);
            };
            const asNull = judge(null);
            const absent = judge(undefined);
            if (JSON.stringify(asNull) !== JSON.stringify(absent)) failures.push(`${resource.name}.${path.join(".")}: null ${JSON.stringify(asNull)}, absent ${JSON.stringify(absent)}`);
        }
    });
    expect(failures).toEqual([]);
});
