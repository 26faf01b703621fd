import { AzureMocks, mockAzureDefaults, Recorder } from "../../plan/mocks";

const SLEEP = "time:index/sleep:Sleep";

function sleep(inputs: Record<string, unknown>) {
    return new AzureMocks(mockAzureDefaults, new Recorder()).newResource({ type: SLEEP, name: "wait", inputs, custom: true });
}

describe("time.Sleep, as the time provider answers it", () => {
    test("is created with its creation time as id, RFC 3339 in UTC to the second, and its inputs as state", () => {
        const before = Math.floor(Date.now() / 1000) * 1000;
        const result = sleep({ createDuration: "30s", triggers: { roleAssignment0: "/subscriptions/x/providers/Microsoft.Authorization/roleAssignments/y" } });
        expect(result.id).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        expect(Date.parse(result.id as string)).toBeGreaterThanOrEqual(before);
        expect(result.state).toEqual({ createDuration: "30s", triggers: { roleAssignment0: "/subscriptions/x/providers/Microsoft.Authorization/roleAssignments/y" } });
    });

    test("takes one number and its unit, as the provider's check does", () => {
        for (const ok of ["30s", "2m", "1h", "500ms", "1.5m", "0s"]) expect(() => sleep({ createDuration: ok })).not.toThrow();
        expect(() => sleep({ destroyDuration: "10s" })).not.toThrow();
    });

    test("refuses a compound or unitless duration with the provider's message", () => {
        for (const bad of ["1m30s", "30", "PT30S", "30 s", "-5s"]) {
            expect(() => sleep({ createDuration: bad })).toThrow(`Invalid Attribute Value Match: Attribute create_duration must be a number immediately followed by ms (milliseconds), s (seconds), m (minutes), or h (hours). For example, "30s" for 30 seconds., got: ${bad}`);
        }
        expect(() => sleep({ createDuration: "30s", destroyDuration: "1m1s" })).toThrow(/Attribute destroy_duration must be a number/);
    });

    test("refuses a sleep with neither duration, and triggers that are not text", () => {
        expect(() => sleep({ triggers: { a: "b" } })).toThrow("At least one attribute out of [destroy_duration,create_duration] must be specified");
        expect(() => sleep({ createDuration: "30s", triggers: { count: 3 } })).toThrow(/map of string required/);
    });
});
