import * as fs from "node:fs";
import { parseKeyId } from "./key-id";

/**
 * Key ids found in `pulumi stack output --json`: every string value that is a Key Vault key id,
 * at any depth. A key's own `keyUriWithVersion` (the version current at deploy, stale after a
 * rotation) gives way to its versionless id when both are there: the latest version, what
 * auto-rotating consumers use. So does the version of a consumer that moves to each new version
 * itself (`followsKeyRotation: true` beside it: a disk encryption set's `keyUrl`, a SQL server's
 * `keyId`). Any other versioned id is a version a consumer was given (an AKS cluster's KMS `keyId`,
 * a service pinned with `keyVersion`) and is kept, since that consumer holds it until its next
 * update. Secret values ("[secret]") are skipped.
 */
export function keyIdsFromStackOutputs(outputs: unknown): string[] {
    const found: { keyId: string; property: string }[] = [];
    const visit = (value: unknown, property: string, followsRotation = false): void => {
        if (typeof value === "string") {
            try {
                const key = parseKeyId(value);
                found.push({ keyId: followsRotation && key.version ? `${key.vaultUrl}/keys/${key.name}` : key.keyId, property });
            } catch {
                // Not a key id: ignore.
            }
        } else if (Array.isArray(value)) {
            value.forEach((v) => visit(v, property, followsRotation));
        } else if (typeof value === "object" && value !== null) {
            const follows = (value as Record<string, unknown>).followsKeyRotation === true;
            Object.entries(value).forEach(([k, v]) => visit(v, k, follows));
        }
    };
    visit(outputs, "");
    const versionless = new Set(found.map((f) => parseKeyId(f.keyId)).filter((k) => !k.version).map((k) => `${k.vaultUrl}/keys/${k.name}`));
    const kept = found.filter(({ keyId, property }) => {
        const key = parseKeyId(keyId);
        return !key.version || property !== "keyUriWithVersion" || !versionless.has(`${key.vaultUrl}/keys/${key.name}`);
    });
    // Key Vault's names and versions are case-insensitive: one key spelt two ways is verified (and backed up) once.
    const seen = new Set<string>();
    return kept.map((f) => f.keyId).filter((id) => {
        const folded = id.toLowerCase();
        if (seen.has(folded)) return false;
        seen.add(folded);
        return true;
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
