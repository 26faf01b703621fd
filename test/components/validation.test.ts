import * as pulumi from "@pulumi/pulumi";
import { argTypeProblem, ArgSpec, armResourceId, checkedAllOnResolve, checkedOnResolve, closestName, kindOf, NULL_ARGUMENT, pairedRegion, resourceGroupNameIssues, shapeIssues, ShowValue, ValidationError } from "../../components/validation";
import { untyped } from "../support/expect";
import { valueOf } from "../support/outputs";

test("an ARM resource id of one type: any case, a GUID subscription, every name captured, nothing after it", () => {
    const rule = armResourceId("Microsoft.EventHub", "namespaces", "authorizationRules");
    const id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ops/providers/Microsoft.EventHub/namespaces/evh-ops/authorizationRules/send";
    expect(rule.pattern.exec(id)?.slice(1)).toEqual(["evh-ops", "send"]);
    expect(rule.pattern.test(id.toLowerCase())).toBe(true);
    expect(rule.pattern.test(`${id}/extra`)).toBe(false);
    expect(rule.pattern.test(id.replace("00000000-0000-0000-0000-000000000001", "my-subscription"))).toBe(false);
    expect(rule.pattern.test(id.replace("Microsoft.EventHub", "MicrosoftXEventHub"))).toBe(false);
    // An id pasted with its line break, or with one inside, is no id.
    expect(rule.pattern.test(`${id}\n`)).toBe(false);
    expect(rule.pattern.test(id.replace("rg-ops", "rg-ops\r"))).toBe(false);
    expect(rule.shape).toBe("/subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.EventHub/namespaces/<name>/authorizationRules/<name>");
});

describe("resourceGroupNameIssues", () => {
    test("refuses a missing, empty, blank or non-string resource group by the field given", () => {
        expect(resourceGroupNameIssues(undefined)).toEqual([{ field: "resourceGroupName", message: "is required: the resource group the component's resources are created in" }]);
        expect(resourceGroupNameIssues("")).toEqual([{ field: "resourceGroupName", message: "\"\" is blank; name the resource group the component's resources are created in" }]);
        expect(resourceGroupNameIssues(" \t", "privateEndpoints[0].resourceGroupName")).toEqual([{ field: "privateEndpoints[0].resourceGroupName", message: "\" \\t\" is blank; name the resource group the component's resources are created in" }]);
        expect(resourceGroupNameIssues(42)).toEqual([{ field: "resourceGroupName", message: "is a number (42), not a resource group's name (a string)" }]);
    });

    test("takes a name, and an Output or Promise, whose value is known only at deploy", () => {
        expect(resourceGroupNameIssues("rg-byok")).toEqual([]);
        expect(resourceGroupNameIssues(pulumi.output(""))).toEqual([]);
        expect(resourceGroupNameIssues(Promise.resolve("rg-byok"))).toEqual([]);
    });
});

describe("argument shapes", () => {
    test("says what was given: a string with its text, a number, a list, an Output, a Promise", () => {
        expect(kindOf("30")).toBe('a string ("30")');
        expect(kindOf(30)).toBe("a number (30)");
        expect(kindOf(["get"])).toBe("a list");
        expect(kindOf({ keys: ["get"] })).toBe("an object");
        expect(kindOf(pulumi.output(false))).toBe("an Output");
        expect(kindOf(Promise.resolve(false))).toBe("a Promise");
    });

    test("refuses an Output or a Promise where a plain value decides, and takes one where the value is passed on", () => {
        for (const type of ["string", "number", "boolean", "list", "strings", "object"] as const) {
            expect(argTypeProblem(pulumi.output(1), type)).toBe("is an Output; this argument takes a plain value (it decides what is created before deploy), not one known only at deploy");
        }
        expect(argTypeProblem(pulumi.output(1), "input")).toBeUndefined();
        expect(argTypeProblem(undefined, "number")).toBeUndefined();
        expect(argTypeProblem("30", "number")).toBe('is a string ("30"), not a number');
        expect(argTypeProblem({}, "list")).toBe("is an object, not a list ([…])");
    });

    test("takes tags as a plain map only, its values checked on their own, and says so of an Output of it", () => {
        expect(argTypeProblem({ owner: pulumi.output("team-a") }, "tags")).toBeUndefined();
        expect(argTypeProblem(pulumi.output({ owner: "team-a" }), "tags")).toBe("is an Output; give a plain map, whose values may be Outputs: Azure's limits on tag names and their count are checked before deploy");
        expect(argTypeProblem(["owner"], "tags")).toBe("is a list, not a map of tag names to values ({ name: value })");
    });

    test("refuses null for every type, an Output's place included, and tells to leave the argument out", () => {
        for (const type of ["input", "region", "inputs", "string", "number", "boolean", "list", "strings", "object"] as const) {
            expect(argTypeProblem(null, type)).toBe("is null; leave the argument out to take its default");
        }
        expect(NULL_ARGUMENT).toBe("is null; leave the argument out to take its default");
    });

    test("reports a null optional argument by its path, a null required one once as missing, and a null list item as no string", () => {
        const spec = { name: "string", notes: "string", lock: "object", sizes: "strings", zones: "inputs" } as const;
        expect(shapeIssues({ name: null, notes: null, lock: null, sizes: ["a", null], zones: [null, undefined] }, spec, "entry", { required: { name: "the entry's name" } })).toEqual([
            { field: "entry.name", message: "is required: the entry's name" },
            { field: "entry.notes", message: "is null; leave the argument out to take its default" },
            { field: "entry.lock", message: "is null; leave the argument out to take its default" },
            { field: "entry.sizes[1]", message: "is null, not a string" },
            { field: "entry.zones[0]", message: "is null, not a string" },
            { field: "entry.zones[1]", message: "is undefined, not a string" },
        ]);
    });

    test("takes a string, an Output or a Promise at an Input<string>, and refuses another plain value", () => {
        for (const type of ["input", "region"] as const) {
            expect(argTypeProblem("westeurope", type)).toBeUndefined();
            expect(argTypeProblem(pulumi.output(42), type)).toBeUndefined();
            expect(argTypeProblem(Promise.resolve("x"), type)).toBeUndefined();
        }
        expect(argTypeProblem(42, "input")).toBe("is a number (42), not a string");
        expect(argTypeProblem(true, "input")).toBe("is a boolean (true), not a string");
        expect(argTypeProblem({}, "input")).toBe("is an object, not a string");
        expect(argTypeProblem([], "input")).toBe("is a list, not a string");
        expect(argTypeProblem(42, "region")).toBe("is a number (42), not a region's name (a string)");
        expect(argTypeProblem("", "region")).toBe('"" is blank; name a region, such as "westeurope", or leave location out to take the default');
        expect(argTypeProblem(" ", "region")).toBe('" " is blank; name a region, such as "westeurope", or leave location out to take the default');
        expect(argTypeProblem("", "input")).toBeUndefined();
    });

    test("takes strings, Outputs and Promises in a list of Input<string>, and refuses other items by index", () => {
        const spec = { ids: "inputs" } as const;
        expect(shapeIssues({ ids: ["a", pulumi.output("b"), Promise.resolve("c")] }, spec, "")).toEqual([]);
        expect(shapeIssues({ ids: ["a", 42, {}] }, spec, "")).toEqual([
            { field: "ids[1]", message: "is a number (42), not a string" },
            { field: "ids[2]", message: "is an object, not a string" },
        ]);
        expect(shapeIssues({ ids: "a" }, spec, "")).toEqual([{ field: "ids", message: 'is a string ("a"), not a list of strings ([…])' }]);
    });

    test("reads input, region and inputs only where the interface says Input<string>", () => {
        interface Args { id?: pulumi.Input<string>; ids?: pulumi.Input<string>[]; days?: number; tags?: pulumi.Input<Record<string, string>> }
        const honest = { id: "region", ids: "inputs", days: "number", tags: "object" } as const satisfies ArgSpec<Args>;
        expect(honest.id).toBe("region");
        // @ts-expect-error a number is no Input<string>
        const days = { id: "input", ids: "list", days: "input", tags: "object" } as const satisfies ArgSpec<Args>;
        // @ts-expect-error tags are a map, not a string
        const tags = { id: "input", ids: "list", days: "number", tags: "input" } as const satisfies ArgSpec<Args>;
        // @ts-expect-error one id is no list
        const ids = { id: "inputs", ids: "list", days: "number", tags: "object" } as const satisfies ArgSpec<Args>;
        // @ts-expect-error a number is no map of tags
        const daysAsTags = { id: "input", ids: "list", days: "tags", tags: "object" } as const satisfies ArgSpec<Args>;
        expect([days, tags, ids, daysAsTags]).toHaveLength(4);
        const plainTags = { name: "string", tags: "tags" } as const satisfies ArgSpec<{ name: string; tags?: Record<string, pulumi.Input<string>> }>;
        expect(plainTags.tags).toBe("tags");
    });

    test("reports every shape problem of an object at once, each under its path, and a missing object by what it needs", () => {
        const spec = { name: "string", sizes: "strings", on: "boolean", id: "input" } as const;
        expect(shapeIssues({ sizes: ["a", 2, pulumi.output("c")], on: "yes", id: pulumi.output("x") }, spec, "entry", { required: { name: "the entry's name" } })).toEqual([
            { field: "entry.name", message: "is required: the entry's name" },
            { field: "entry.sizes[1]", message: "is a number (2), not a string" },
            { field: "entry.sizes[2]", message: "is an Output; this argument takes a plain value (it decides what is created before deploy), not one known only at deploy" },
            { field: "entry.on", message: 'is a string ("yes"), not true or false' },
        ]);
        expect(shapeIssues(undefined, spec, "", { required: { name: "the name", id: "the id" } })).toEqual([{ field: "args", message: "is required: an object with at least name, id" }]);
        expect(shapeIssues(["x"], spec, "entry")).toEqual([{ field: "entry", message: "is a list, not an object ({…})" }]);
    });

    test("quotes no string given where a credential may have been pasted, the object's own or its arguments'", () => {
        const spec = { name: "string", on: "boolean" } as const;
        const pasted = "DefaultEndpointsProtocol=https;AccountKey=c2VjcmV0";
        expect(shapeIssues(pasted, spec, "queue", { quoted: false })).toEqual([{ field: "queue", message: "is a string, not an object ({…})" }]);
        expect(shapeIssues({ on: pasted }, spec, "queue", { quoted: false })).toEqual([{ field: "queue.on", message: "is a string, not true or false" }]);
        expect(kindOf(pasted, false)).toBe("a string");
        // A password given as a number is held back too.
        expect(shapeIssues({ name: 123456 }, spec, "certificate", { quoted: false })).toEqual([{ field: "certificate.name", message: "is a number, not a string" }]);
    });
});

describe("unknown argument names", () => {
    test("suggest a near spelling first, then the one name containing it, else none", () => {
        const known = ["resourceGroupName", "vaultName", "softDeleteRetentionInDays", "enablePurgeProtection", "protect"];
        expect(closestName("softDeleteRetentionDays", known)).toBe("softDeleteRetentionInDays");
        expect(closestName("enablePurgeProtecton", known)).toBe("enablePurgeProtection");
        expect(closestName("VAULTNAME", known)).toBe("vaultName");
        expect(closestName("retention", known)).toBe("softDeleteRetentionInDays");
        // "name" is in two names: neither is offered.
        expect(closestName("name", known)).toBeUndefined();
        expect(closestName("colour", known)).toBeUndefined();
    });

    test("are refused in a closed object only, an AVM name pointed to its own, and an undefined one let be", () => {
        const spec = { vaultName: "string", sku: "string" } as const;
        expect(shapeIssues({ name: "kv", skuu: "premium", extra: undefined }, spec, "", { closed: true, renamed: { name: "vaultName" } })).toEqual([
            { field: "name", message: 'is not an argument here; did you mean "vaultName"?' },
            { field: "skuu", message: 'is not an argument here; did you mean "sku"?' },
        ]);
        expect(shapeIssues({ name: "kv" }, spec, "")).toEqual([]);
    });
});

describe("checkedOnResolve", () => {
    const problemOf = jest.fn((v: string, show: ShowValue) => (v.startsWith("ok") ? undefined : `${show(v)} is not ok`));
    beforeEach(() => problemOf.mockClear());
    /** What the checked value comes to: its value, or the error it fails with. */
    const outcome = (value: pulumi.Input<string>) => valueOf(pulumi.recover(pulumi.output(value), (err: unknown) => `failed: ${err instanceof ValidationError ? err.message : String(err)}`));
    /** The message validation gives the same value plain: the rule's own, quoted. */
    const plainMessage = (value: string) => new ValidationError("KeyVault \"kv\"", [{ field: "tenantId", message: problemOf(value, (v) => `"${v}"`) ?? "" }]).message;

    test("gives a plain value back as given, unchecked: validation checked it, and nothing registered changes", () => {
        expect(checkedOnResolve("KeyVault \"kv\"", "tenantId", "bad", problemOf)).toBe("bad");
        expect(checkedOnResolve("KeyVault \"kv\"", "tenantId", undefined, problemOf)).toBeUndefined();
        expect(problemOf).not.toHaveBeenCalled();
    });

    test("passes an Output's or a Promise's value that keeps the rule on, a secret still a secret", async () => {
        expect(await outcome(checkedOnResolve("KeyVault \"kv\"", "tenantId", pulumi.output("ok-1"), problemOf))).toBe("ok-1");
        expect(await outcome(checkedOnResolve("KeyVault \"kv\"", "tenantId", Promise.resolve("ok-2"), problemOf))).toBe("ok-2");
        const secret = checkedOnResolve("KeyVault \"kv\"", "tenantId", pulumi.secret("ok-3"), problemOf);
        expect(await pulumi.isSecret(pulumi.output(secret))).toBe(true);
        expect(await outcome(secret)).toBe("ok-3");
    });

    test("fails with the message the same value gets plain, once an Output's value breaks the rule", async () => {
        expect(await outcome(checkedOnResolve("KeyVault \"kv\"", "tenantId", pulumi.output("contoso.onmicrosoft.com"), problemOf))).toBe(`failed: ${plainMessage("contoso.onmicrosoft.com")}`);
        expect(plainMessage("contoso.onmicrosoft.com")).toBe('KeyVault "kv": invalid arguments:\n  - tenantId: "contoso.onmicrosoft.com" is not ok');
        expect(await outcome(checkedOnResolve("KeyVault \"kv\"", "tenantId", Promise.resolve("bad"), problemOf))).toBe(`failed: ${plainMessage("bad")}`);
    });

    test("shows a secret's value as [secret], also where the rule quotes it without show", async () => {
        expect(await outcome(checkedOnResolve("KeyVault \"kv\"", "tenantId", pulumi.secret("contoso.onmicrosoft.com"), problemOf))).toBe('failed: KeyVault "kv": invalid arguments:\n  - tenantId: [secret] is not ok');
        const quoting = (v: string) => `${JSON.stringify(v)} is not a subnet id`;
        expect(await outcome(checkedOnResolve("KeyVault \"kv\"", "subnet", pulumi.secret("a\\b"), quoting))).toBe('failed: KeyVault "kv": invalid arguments:\n  - subnet: [secret] is not a subnet id');
    });

    test("holds an Output of another type to a string, as a plain value is, without quoting it", async () => {
        const untypedNumber = pulumi.output(42).apply((n) => untyped<string>(n));
        expect(await outcome(checkedOnResolve("KeyVault \"kv\"", "tenantId", untypedNumber, problemOf))).toBe('failed: KeyVault "kv": invalid arguments:\n  - tenantId: is a number, not a string');
        expect(problemOf).not.toHaveBeenCalled();
    });

    test("checks nothing while the value is unknown (a preview before the resource it comes from exists)", async () => {
        const unknownValue = pulumi.output(pulumi.unknown).apply(() => "never");
        let ran = false;
        pulumi.output(checkedOnResolve("KeyVault \"kv\"", "tenantId", unknownValue, problemOf)).apply(() => (ran = true));
        await new Promise((r) => setImmediate(r));
        expect(ran).toBe(false);
        expect(problemOf).not.toHaveBeenCalled();
    });
});

test("a ValidationError is a RunError: a pulumi up prints its message without the stack of a crashed program", () => {
    const error = new ValidationError('KeyVault "kv"', [{ field: "tenantId", message: "is not a GUID" }]);
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect(error.message).toBe('KeyVault "kv": invalid arguments:\n  - tenantId: is not a GUID');
});

describe("checkedAllOnResolve", () => {
    /** The plain rule: both regions one, shown as its message shows them (unquoted) unless hidden. */
    const problemOf = jest.fn(([vault, region]: string[], [showVault = (v: string) => v, showRegion = (v: string) => v]: (ShowValue | undefined)[]) =>
        (vault === region ? undefined : `is a key of a vault in ${showVault(vault)}, but the server is in ${showRegion(region)}`));
    beforeEach(() => problemOf.mockClear());
    const outcome = (value: pulumi.Input<string>) => valueOf(pulumi.recover(pulumi.output(value), (err: unknown) => `failed: ${err instanceof ValidationError ? err.message : String(err)}`));
    const plainMessage = (vault: string, region: string) => new ValidationError("CmkDiskEncryptionSet \"des\"", [{ field: "customerManagedKey.key", message: problemOf([vault, region], []) ?? "" }]).message;
    const check = (value: pulumi.Input<string>, compared: (pulumi.Input<string> | undefined)[]) => checkedAllOnResolve("CmkDiskEncryptionSet \"des\"", "customerManagedKey.key", value, compared, problemOf);

    test("gives the value back as given while every compared value is plain, or one is not given", () => {
        const keyUrl = pulumi.output("https://kv.vault.azure.net/keys/k/1");
        expect(check(keyUrl, ["northeurope", "westeurope"])).toBe(keyUrl);
        expect(check("plain", [pulumi.output("northeurope"), undefined])).toBe("plain");
        expect(problemOf).not.toHaveBeenCalled();
    });

    test("passes the value once the compared values resolve and keep the rule, secret if any of them is, as pulumi.all", async () => {
        const passed = check(pulumi.output("url"), [pulumi.output("westeurope"), "westeurope"]);
        expect(await outcome(passed)).toBe("url");
        expect(await pulumi.isSecret(pulumi.output(passed))).toBe(false);
        expect(await pulumi.isSecret(pulumi.output(check(pulumi.output("url"), [pulumi.secret("westeurope"), "westeurope"])))).toBe(true);
        const secret = check(pulumi.secret("url"), [pulumi.output("westeurope"), "westeurope"]);
        expect(await pulumi.isSecret(pulumi.output(secret))).toBe(true);
        expect(await outcome(secret)).toBe("url");
    });

    test("fails with the message the same values get plain, once they resolve and break the rule", async () => {
        expect(await outcome(check(pulumi.output("url"), [pulumi.output("northeurope"), "westeurope"]))).toBe(`failed: ${plainMessage("northeurope", "westeurope")}`);
        expect(plainMessage("northeurope", "westeurope")).toBe('CmkDiskEncryptionSet "des": invalid arguments:\n  - customerManagedKey.key: is a key of a vault in northeurope, but the server is in westeurope');
        expect(await outcome(check("url", [Promise.resolve("northeurope"), pulumi.output("westeurope")]))).toBe(`failed: ${plainMessage("northeurope", "westeurope")}`);
    });

    test("shows a secret compared value as [secret], the others as their message does", async () => {
        expect(await outcome(check("url", [pulumi.secret("northeurope"), "westeurope"]))).toBe('failed: CmkDiskEncryptionSet "des": invalid arguments:\n  - customerManagedKey.key: is a key of a vault in [secret], but the server is in westeurope');
    });

    test("checks nothing while a compared value is unknown, or of another type", async () => {
        let ran = false;
        pulumi.output(check("url", [pulumi.output(pulumi.unknown).apply(() => "northeurope"), "westeurope"])).apply(() => (ran = true));
        await new Promise((r) => setImmediate(r));
        expect(ran).toBe(false);
        expect(await outcome(check("url", [pulumi.output(42).apply((n) => untyped<string>(n)), "westeurope"]))).toBe("url");
        expect(problemOf).not.toHaveBeenCalled();
    });
});

describe("pairedRegion", () => {
    test("names a region's pair however the region is written", () => {
        expect(pairedRegion("westeurope")).toBe("northeurope");
        expect(pairedRegion("West Europe")).toBe("northeurope");
        expect(pairedRegion("northeurope")).toBe("westeurope");
        expect(pairedRegion("EastUS2")).toBe("centralus");
        expect(pairedRegion("usgovvirginia")).toBe("usgovtexas");
    });

    test("follows a pair Microsoft lists one way only, and not back", () => {
        expect(pairedRegion("westus3")).toBe("eastus");
        expect(pairedRegion("eastus")).toBe("westus");
        expect(pairedRegion("brazilsouth")).toBe("southcentralus");
        expect(pairedRegion("southcentralus")).toBe("northcentralus");
        expect(pairedRegion("westindia")).toBe("southindia");
        expect(pairedRegion("southindia")).toBe("centralindia");
    });

    test("gives none for a region without a pair, or a name that is no region", () => {
        for (const region of ["italynorth", "polandcentral", "spaincentral", "israelcentral", "qatarcentral", "mexicocentral", "newzealandnorth", "constructor", "westeurop"]) {
            expect(pairedRegion(region)).toBeUndefined();
        }
    });
});
