import { armResourceId } from "../../components/validation";

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
