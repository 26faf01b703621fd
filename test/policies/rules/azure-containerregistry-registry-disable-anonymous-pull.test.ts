import { good, resourceMessages, TYPES, view, withField } from "../fixtures";

const RULE = "azure-containerregistry-registry-disable-anonymous-pull";
const registry = (anonymous: unknown) => view(TYPES.registry, withField(good.registry(), "anonymousPullEnabled", anonymous));

test("anonymousPullEnabled written as the string \"true\" is reported as true is", () => {
    expect(resourceMessages(RULE, registry("true"))).toEqual(["The registry allows anonymous pull; set anonymousPullEnabled to false."]);
    expect(resourceMessages(RULE, registry("false"))).toEqual([]);
});
