import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { describeIdentity } from "../../verification/classify";
import { dataPlaneScope, parseKeyId } from "../../verification/key-id";
import { InvalidKeyIdError } from "../../verification/errors";

describe("parseKeyId", () => {
    test.each([
        ["https://kv-main.vault.azure.net/keys/cmk", "https://kv-main.vault.azure.net", ""],
        ["https://kv-gov.vault.usgovcloudapi.net/keys/cmk/0123456789abcdef0123456789abcdef", "https://kv-gov.vault.usgovcloudapi.net", "0123456789abcdef0123456789abcdef"],
        ["https://kv-cn.vault.azure.cn/keys/cmk/", "https://kv-cn.vault.azure.cn", ""],
        ["https://hsm-main.managedhsm.azure.net/keys/cmk", "https://hsm-main.managedhsm.azure.net", ""],
        ["https://hsm-cn.managedhsm.azure.cn/keys/cmk", "https://hsm-cn.managedhsm.azure.cn", ""],
        ["https://hsm-gov.managedhsm.usgovcloudapi.net/keys/cmk", "https://hsm-gov.managedhsm.usgovcloudapi.net", ""],
    ])("%s is a key in %s", (id, vaultUrl, version) => {
        const parsed = parseKeyId(id);
        expect(parsed.vaultUrl).toBe(vaultUrl);
        expect(parsed.name).toBe("cmk");
        expect(parsed.version).toBe(version);
    });

    test("refuses a port the id names, since Key Vault's key ids carry none, and drops the default one", () => {
        expect(() => parseKeyId("https://kv-main.vault.azure.net:8443/keys/cmk")).toThrow(
            new InvalidKeyIdError("https://kv-main.vault.azure.net:8443/keys/cmk", "names port 8443: Key Vault key ids carry no port, its vaults and Managed HSM pools answer on 443 only"),
        );
        expect(() => parseKeyId("https://hsm-main.managedhsm.azure.net:8443/keys/cmk")).toThrow(/names port 8443/);
        expect(parseKeyId("https://KV-Main.vault.azure.net:443/keys/cmk")).toMatchObject({ vaultUrl: "https://kv-main.vault.azure.net", keyId: "https://kv-main.vault.azure.net/keys/cmk" });
        expect(dataPlaneScope("kv-cn.vault.azure.cn:8443")).toBe("https://vault.azure.cn/.default");
    });

    test.each([
        ["http://kv-main.vault.azure.net/keys/cmk", /must use https/],
        ["https://kv-main.vault.azure.net.example.com/keys/cmk", /is not on a Key Vault domain/],
        ["https://kv-main.vault.azure.net/secrets/cmk", /is not a key identifier/],
        ["https://kv-main.vault.azure.net/keys/cmk/v1", /has an invalid version/],
    ])("%s is refused", (id, reason) => {
        expect(() => parseKeyId(id)).toThrow(InvalidKeyIdError);
        expect(() => parseKeyId(id)).toThrow(reason);
    });
});

test("the token scope is the data plane of the vault's own cloud", () => {
    expect(dataPlaneScope("kv-main.vault.azure.net")).toBe("https://vault.azure.net/.default");
    expect(dataPlaneScope("kv-gov.vault.usgovcloudapi.net")).toBe("https://vault.usgovcloudapi.net/.default");
    expect(dataPlaneScope("kv-cn.vault.azure.cn")).toBe("https://vault.azure.cn/.default");
    expect(dataPlaneScope("hsm-main.managedhsm.azure.net")).toBe("https://managedhsm.azure.net/.default");
});

test("a 403 names the identity from the token of the vault's cloud, not the public cloud's", async () => {
    const scopes: string[] = [];
    const claims = { appid: "2f8a1b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b", oid: "7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918" };
    const credential: TokenCredential = {
        getToken: (scope): Promise<AccessToken> => {
            scopes.push(String(scope));
            const jwt = ["{}", JSON.stringify(claims), ""].map((part) => Buffer.from(part).toString("base64url")).join(".");
            return Promise.resolve({ token: jwt, expiresOnTimestamp: Date.now() + 3600_000 });
        },
    };
    await expect(describeIdentity(credential, "kv-cn.vault.azure.cn")).resolves.toBe(`application ${claims.appid} (object id ${claims.oid})`);
    await describeIdentity(credential, "kv-cn.vault.azure.cn");
    expect(scopes).toEqual(["https://vault.azure.cn/.default"]);
});
