import * as authorization from "@pulumi/azure-native/authorization";
import { setAzureMocks } from "../../plan/mocks";
import { registerAsSdk } from "../support/register";

const INPUTS: Record<string, Record<string, string | number | boolean>> = {
    "random:index/randomString:RandomString": { length: 4, special: false },
    "tls:index/privateKey:PrivateKey": { algorithm: "ECDSA", ecdsaCurve: "P256" },
};

/** One registration as the SDK sends it to the engine: on the default provider unless `provider` names one. */
function register(type: string, name: string, provider?: string): Promise<unknown> {
    return registerAsSdk(type, name, INPUTS[type] ?? {}, provider);
}

// A stack that disables default providers (pulumi:disable-default-providers) has the engine
// refuse every resource and function that does not name its provider, before any provider runs.
test("the engine refuses a default provider the stack disabled, and takes an explicit one", async () => {
    const { recorder } = await setAzureMocks({ disabledDefaultProviders: ["random", "azure-native"] });
    const refusal = "Default provider for 'random' disabled. 'random:index/randomString:RandomString' must use an explicit provider.";
    await expect(register("random:index/randomString:RandomString", "on-default")).rejects.toThrow(refusal);
    const provider = (await register("pulumi:providers:random", "explicit")) as { getUrn(): string; getId(): string };
    await register("random:index/randomString:RandomString", "on-explicit", `${provider.getUrn()}::${provider.getId()}`);
    await register("tls:index/privateKey:PrivateKey", "tls-default-still-allowed");
    expect(recorder.refused.map((r) => [r.name, r.refusedBy, r.error])).toEqual([["on-default", "engine", refusal]]);
    expect(recorder.requests.map((r) => r.name)).toEqual(["on-default", "explicit", "on-explicit", "tls-default-still-allowed"]);
    await expect(authorization.getClientConfig()).rejects.toThrow(
        "Default provider for 'azure-native' disabled. 'azure-native:authorization:getClientConfig' must use an explicit provider.",
    );
});
