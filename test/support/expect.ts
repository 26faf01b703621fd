import { ValidationError } from "../../components/validation";
import { Recorder, settle } from "../../plan/mocks";

/**
 * Builds a component expecting a ValidationError whose issue names `field` with a message
 * matching `rule`, and checks that nothing reached the engine.
 */
export async function expectRefusedBeforeRegistration(recorder: Recorder, build: () => unknown, field: string, rule: RegExp): Promise<ValidationError> {
    const before = recorder.requests.length;
    let caught: unknown;
    try {
        build();
    } catch (e) {
        caught = e;
    }
    await settle();
    expect(caught).toBeInstanceOf(ValidationError);
    const error = caught as ValidationError;
    const issue = error.issues.find((i) => i.field === field);
    expect(issue).toBeDefined();
    expect(issue?.message).toMatch(rule);
    expect(error.message).toContain(`${field}: `);
    expect(recorder.requests.length).toBe(before);
    return error;
}

/** A value as a JavaScript caller, a cast or a spread may hand it over: typed as the args, whatever it holds. */
export function untyped<T>(value: unknown): T {
    return value as T;
}

/**
 * Runs an adopting helper's lookup (existingKeyVault, …) expecting a ValidationError whose issue
 * names `field` with a message matching `rule`, titled `what`, before Azure was asked or anything registered.
 */
export async function expectRefusedBeforeLookup(recorder: Recorder, lookup: () => Promise<unknown>, what: string, field: string, rule: RegExp): Promise<ValidationError> {
    const [calls, requests] = [recorder.calls.length, recorder.requests.length];
    const caught: unknown = await lookup().then(() => undefined, (e: unknown) => e);
    expect(caught).toBeInstanceOf(ValidationError);
    const error = caught as ValidationError;
    expect(error.issues.find((i) => i.field === field)?.message).toMatch(rule);
    expect(error.message).toContain(`${what}: invalid arguments:\n  - ${field}: `);
    expect([recorder.calls.length, recorder.requests.length]).toEqual([calls, requests]);
    return error;
}
