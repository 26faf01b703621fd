import * as pulumi from "@pulumi/pulumi";
import { armResourceId, resourceGroupNameIssues } from "../../components/validation";

test("an ARM resource id of one type: any case, a GUID subscription, every name captured, nothing after it", () => {
    const rule = armResourceId("Microsoft.EventHub", "namespaces", "authorizationRules");
    const id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ops/providers/Microsoft.EventHub/namespaces/evh-ops/authorizationRules/send";
    expect(rule.pattern.exec(id)?.slice(1)).toEqual(["evh-ops", "send"]);
    expect(rule.pattern.test(id.toLowerCase())).toBe(true);
    expect(rule.pattern.test(`${id}/extra`)).toBe(false);
    expect(rule.pattern.test(id.replace("00000000-0000-0000-0000-000000000001", "my-subscription"))).toBe(false);
    expect(rule.pattern.test(id.replace("Microsoft.EventHub", "MicrosoftXEventHub"))).toBe(false);
    expect(rule.shape).toBe("/subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.EventHub/namespaces/<name>/authorizationRules/<name>");
});

describe("resourceGroupNameIssues", () => {
    test("refuses a missing, empty, blank or non-string resource group by the field given", () => {
        expect(resourceGroupNameIssues(undefined)).toEqual([{ field: "resourceGroupName", message: "is required: the resource group the component's resources are created in" }]);
        expect(resourceGroupNameIssues("")).toEqual([{ field: "resourceGroupName", message: "\"\" is blank; name the resource group the component's resources are created in" }]);
        expect(resourceGroupNameIssues(" \t", "privateEndpoints[0].resourceGroupName")).toEqual([{ field: "privateEndpoints[0].resourceGroupName", message: "\" \\t\" is blank; name the resource group the component's resources are created in" }]);
        expect(resourceGroupNameIssues(42)).toEqual([{ field: "resourceGroupName", message: "is a number, not a resource group's name (a string)" }]);
    });

    test("takes a name, and an Output or Promise, whose value is known only at deploy", () => {
        expect(resourceGroupNameIssues("rg-byok")).toEqual([]);
        expect(resourceGroupNameIssues(pulumi.output(""))).toEqual([]);
        expect(resourceGroupNameIssues(Promise.resolve("rg-byok"))).toEqual([]);
    });
});
