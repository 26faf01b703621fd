import type { KeyVaultKey } from "@azure/keyvault-keys";
import { expectKeyAsked } from "../../../verification/checks/read";
import { parseKeyId } from "../../../verification/key-id";

const VERSION = "0123456789abcdef0123456789abcdef";
const OTHER = "fedcba9876543210fedcba9876543210";

function returned(kid: string | undefined, version = VERSION): KeyVaultKey {
    return { name: "cmk", ...(kid !== undefined ? { id: kid } : {}), properties: { name: "cmk", vaultUrl: "https://kv-main.vault.azure.net", ...(version ? { version } : {}) } };
}

describe("expectKeyAsked", () => {
    const versionless = parseKeyId("https://kv-main.vault.azure.net/keys/cmk");
    const pinned = parseKeyId(`https://kv-main.vault.azure.net/keys/cmk/${VERSION}`);

    test("accepts the key asked about, spelt in any case, at any version when none was named", () => {
        expect(() => expectKeyAsked(versionless, returned(`https://KV-Main.vault.azure.net/keys/CMK/${OTHER.toUpperCase()}`, OTHER))).not.toThrow();
        expect(() => expectKeyAsked(pinned, returned(`https://kv-main.vault.azure.net/keys/cmk/${VERSION.toUpperCase()}`))).not.toThrow();
    });

    test("accepts a bundle with no kid to compare", () => {
        expect(() => expectKeyAsked(versionless, returned(undefined))).not.toThrow();
    });

    test("refuses a bundle whose kid names no version", () => {
        expect(() => expectKeyAsked(versionless, returned("https://kv-main.vault.azure.net/keys/cmk", ""))).toThrow(
            "Unexpected error: kv-main.vault.azure.net returned the key as https://kv-main.vault.azure.net/keys/cmk, with no version in its kid.",
        );
    });

    test.each([
        ["another vault", `https://kv-other.vault.azure.net/keys/cmk/${VERSION}`, versionless],
        ["another port", `https://kv-main.vault.azure.net:8443/keys/cmk/${VERSION}`, versionless],
        ["another key", `https://kv-main.vault.azure.net/keys/cmk2/${VERSION}`, versionless],
        ["another version than the one named", `https://kv-main.vault.azure.net/keys/cmk/${OTHER}`, pinned],
    ])("refuses a bundle from %s", (_, kid, key) => {
        expect(() => expectKeyAsked(key, returned(kid))).toThrow(`Unexpected error: kv-main.vault.azure.net answered for ${key.keyId} with the key ${kid}, another key than the one asked about.`);
    });
});
