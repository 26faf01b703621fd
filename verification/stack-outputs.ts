import * as fs from "node:fs";
import { parseKeyId } from "./key-id";

/**
 * Key ids found in `pulumi stack output --json`: every string value that is a Key Vault key id,
 * at any depth. A key's own `keyUriWithVersion` (the version current at deploy, stale after a
 * rotation) gives way to its versionless id when both are there: the latest version, what
 * auto-rotating consumers use. So does the version of a consumer that moves to each new version
 * itself (`followsKeyRotation: true` beside it: a disk encryption set's `keyUrl`, a SQL server's
 * `keyId`). Any other versioned id is a version a consumer was given (an AKS cluster's KMS `keyId`,
 * whether it follows rotation or not, a service pinned with `keyVersion`) and is kept, since that
 * consumer holds it until its next update. Secret values ("[secret]", what `pulumi stack output --json` writes without
 * --show-secrets) hold nothing to verify; `secrets` names those that could hold a key id, leaving
 * out this product's own secrets that never do (`SECRETS_WITHOUT_KEY_IDS`).
 */
export function keyIdsFromStackOutputs(outputs: unknown): string[] {
    return scanStackOutputs(outputs).keyIds;
}

/** Any one name, in `SECRETS_WITHOUT_KEY_IDS`. */
const ANY = Symbol("any name");

/**
 * Where this product's stacks (`StackOutputs` in stacks/program.ts) put secrets that are never a key
 * id: an application's certificate private key and PFX, its client secrets, a MySQL server's
 * administrator password. Rewriting the file with --show-secrets for them would only put private
 * keys and passwords in clear text, so they are not named.
 */
const SECRETS_WITHOUT_KEY_IDS: readonly (readonly (string | typeof ANY)[])[] = [
    ["applications", ANY, "certificates", ANY, "privateKeyPem"],
    ["applications", ANY, "certificates", ANY, "pfxBase64"],
    ["applications", ANY, "clientSecrets", ANY, "value"],
    ["mysqlServers", ANY, "administratorLoginPassword"],
];

function holdsNoKeyId(segments: readonly string[]): boolean {
    return SECRETS_WITHOUT_KEY_IDS.some((known) => matches(known, segments));
}

/** Whether an output's path is the one `known` names, `ANY` standing for any one name. */
function matches(known: readonly (string | typeof ANY)[], segments: readonly string[]): boolean {
    return known.length === segments.length && known.every((name, i) => name === ANY || name === segments[i]);
}

/** Where this product's stacks (`StackOutputs` in stacks/program.ts) put the versioned key id an AKS cluster's KMS holds. */
const AKS_KMS_KEY_ID: readonly (string | typeof ANY)[] = ["kubernetesClusters", ANY, "keyId"];

/** What a scan of stack outputs finds. */
export interface ScannedStackOutputs {
    /** The key ids of `keyIdsFromStackOutputs`. */
    keyIds: string[];
    /** The paths of the secret outputs beside them that could hold one. */
    secrets: string[];
    /** Those of `keyIds` that are the version an AKS cluster's KMS holds (its `keyId` output) and that moves with rotation: not pinned with `keyVersion` (`followsKeyRotation: false`). */
    aksKmsKeyIds: string[];
}

/** The key ids of `keyIdsFromStackOutputs`, the paths of the secret outputs beside them that could hold one, and which are AKS clusters' KMS versions. */
export function scanStackOutputs(outputs: unknown): ScannedStackOutputs {
    const found: { keyId: string; property: string; aksKms: boolean }[] = [];
    const secrets: string[] = [];
    // `followsRotation` is the `followsKeyRotation` beside the value: true, false, or not there.
    const visit = (value: unknown, property: string, followsRotation: boolean | undefined = undefined, path = "", segments: readonly string[] = []): void => {
        if (value === "[secret]") {
            if (!holdsNoKeyId(segments)) secrets.push(path || "(the whole output)");
        } else if (typeof value === "string") {
            try {
                const key = parseKeyId(value);
                const cluster = matches(AKS_KMS_KEY_ID, segments);
                // A cluster's KMS holds its version until the next pulumi up --refresh, following rotation or not: its keyId keeps the version.
                // Only one that follows rotation is held to the vault's current version; outputs from before the flag are taken to follow.
                found.push({
                    keyId: followsRotation === true && !cluster && key.version ? `${key.vaultUrl}/keys/${key.name}` : key.keyId,
                    property,
                    aksKms: cluster && key.version !== "" && followsRotation !== false,
                });
            } catch {
                // Not a key id: ignore.
            }
        } else if (Array.isArray(value)) {
            value.forEach((v, i) => visit(v, property, followsRotation, `${path}[${i}]`, [...segments, String(i)]));
        } else if (typeof value === "object" && value !== null) {
            const flag = (value as Record<string, unknown>).followsKeyRotation;
            const follows = typeof flag === "boolean" ? flag : undefined;
            Object.entries(value).forEach(([k, v]) => visit(v, k, follows, path === "" ? k : `${path}.${k}`, [...segments, k]));
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
    const keyIds = kept.map((f) => f.keyId).filter((id) => {
        const folded = id.toLowerCase();
        if (seen.has(folded)) return false;
        seen.add(folded);
        return true;
    });
    const aksKms = new Set(kept.filter((f) => f.aksKms).map((f) => f.keyId.toLowerCase()));
    return { keyIds, secrets, aksKmsKeyIds: keyIds.filter((id) => aksKms.has(id.toLowerCase())) };
}

/** Reads a stack outputs JSON file; throws with the file name on unreadable or invalid JSON. */
export function readStackOutputs(file: string): ScannedStackOutputs {
    let text: string;
    try {
        text = decodeText(fs.readFileSync(file));
    } catch (error) {
        throw new Error(`cannot read --stack-outputs ${file}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
    }
    try {
        return scanStackOutputs(JSON.parse(text) as unknown);
    } catch {
        throw new Error(`--stack-outputs ${file} is not JSON (produce it with: pulumi stack output --json > ${file})`);
    }
}

/**
 * A file's text as Windows tools write it too: UTF-8 with or without a byte-order mark, or UTF-16
 * with one (Windows PowerShell 5.1's `>` writes UTF-16LE).
 */
export function decodeText(bytes: Buffer): string {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString("utf16le");
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2))).swap16().toString("utf16le");
    const text = bytes.toString("utf8");
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
