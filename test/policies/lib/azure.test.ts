import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { builtInRoles as productRoles } from "../../../components/key-permissions";
import { builtInRoles as mockRoles } from "../../../plan/azure-access";
import { ROLE_NAMES } from "../../../policies/lib/azure";

const POLICIES = join(__dirname, "../../../policies");

/** "Key Vault Crypto User" → "keyVaultCryptoUser", the form components/key-permissions.ts names roles in. */
function camelCase(displayName: string): string {
    return displayName.split(" ").map((word, i) => (i === 0 ? word.toLowerCase() : word[0].toUpperCase() + word.slice(1))).join("");
}

function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        // bin/ is the compiled pack.
        if (entry.isDirectory()) return entry.name === "bin" || entry.name === "node_modules" ? [] : sources(path);
        return entry.name.endsWith(".ts") ? [path] : [];
    });
}

describe("the pack's built-in role map (policies/lib/azure.ts)", () => {
    const pack = Object.entries(ROLE_NAMES);

    test("names each role by the GUID the product assigns it with (components/key-permissions.ts)", () => {
        const shared = pack.filter(([, name]) => camelCase(name) in productRoles);
        expect(shared.map(([, name]) => name).sort()).toEqual([
            "Key Vault Administrator",
            "Key Vault Contributor",
            "Key Vault Crypto Officer",
            "Key Vault Crypto Service Encryption User",
            "Key Vault Crypto User",
            "Key Vault Secrets User",
        ]);
        for (const [guid, name] of shared) expect([name, productRoles[camelCase(name) as keyof typeof productRoles]]).toEqual([name, guid]);
        // And no product GUID goes by another name in the pack.
        for (const [key, guid] of Object.entries(productRoles)) if (ROLE_NAMES[guid] !== undefined) expect([guid, camelCase(ROLE_NAMES[guid])]).toEqual([guid, key]);
    });

    test("names each role as the plan's mock Azure does, by the same GUID (plan/azure-access.ts)", () => {
        const mockByName = new Map(Object.entries(mockRoles).map(([guid, { roleName }]) => [roleName, guid]));
        const shared = pack.filter(([guid, name]) => mockByName.has(name) || guid in mockRoles);
        expect(shared.map(([, name]) => name).sort()).toEqual([
            "Contributor",
            "Key Vault Administrator",
            "Key Vault Contributor",
            "Key Vault Crypto Officer",
            "Key Vault Crypto Service Encryption User",
            "Key Vault Crypto Service Release User",
            "Key Vault Crypto User",
            "Key Vault Secrets User",
            "Owner",
        ]);
        for (const [guid, name] of shared) expect([name, mockByName.get(name), mockRoles[guid]?.roleName]).toEqual([name, guid, name]);
    });

    test("is the only place in the pack that writes a role's GUID", () => {
        const files = sources(POLICIES);
        for (const guid of Object.keys(ROLE_NAMES)) {
            const writers = files.filter((file) => readFileSync(file, "utf8").toLowerCase().includes(guid)).map((file) => relative(POLICIES, file));
            expect([guid, writers]).toEqual([guid, ["lib/azure.ts"]]);
        }
    });
});
