import * as fs from "node:fs";
import { parseKeyId } from "./key-id";

/**
 * Key ids found in `pulumi stack output --json`: every string value that is a Key Vault key id,
 * at any depth. When a key appears both versionless and versioned, the versionless id (the
 * latest version, what auto-rotating consumers use) is kept. Secret values ("[secret]") are skipped.
 */
export function keyIdsFromStackOutputs(outputs: unknown): string[] {
    const found: string[] = [];
    const visit = (value: unknown): void => {
        if (typeof value === "string") {
            try {
                found.push(parseKeyId(value).keyId);
            } catch {
                // Not a key id: ignore.
            }
        } else if (Array.isArray(value)) {
            value.forEach(visit);
        } else if (typeof value === "object" && value !== null) {
            Object.values(value).forEach(visit);
        }
    };
    visit(outputs);
    const unique = [...new Set(found)];
    const versionless = new Set(unique.map((id) => parseKeyId(id)).filter((k) => !k.version).map((k) => `${k.vaultUrl}/keys/${k.name}`));
    return unique.filter((id) => {
        const key = parseKeyId(id);
        return !key.version || !versionless.has(`${key.vaultUrl}/keys/${key.name}`);
    });
}

/** Reads a stack outputs JSON file; throws with the file name on unreadable or invalid JSON. */
export function readStackOutputs(file: string): string[] {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new Error(`cannot read --stack-outputs ${file}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
    }
    try {
        return keyIdsFromStackOutputs(JSON.parse(text) as unknown);
    } catch {
        throw new Error(`--stack-outputs ${file} is not JSON (produce it with: pulumi stack output --json > ${file})`);
    }
}
