import * as fs from "node:fs";
import { parseArgs } from "node:util";
import type { TokenCredential } from "@azure/core-auth";
import { z } from "zod";
import { proxyProblem } from "./command-environment";
import { credentialFor, GUID, UsageError } from "./credential";
import { verifyKeys, type VerifyKeysOptions } from "./fleet";
import { parseKeyId } from "./key-id";
import { apiVersionProblem } from "./sdk-clients";
import { readStackOutputs } from "./stack-outputs";
import { CHECKS, type KeyVerification } from "./verify-key";

// Sign-in lives in ./credential; still importable from here, as before.
export { credentialFor, UsageError };

export const USAGE = `Usage: npm run verify -- --key-id <kid> [--key-id <kid> ...] [--stack-outputs FILE ...] [--exclude-key <kid> ...] [--json]
  [--check read|encrypt-decrypt|wrap-unwrap|local-encrypt|sign-verify|key-exchange|recoverable|rotation|expiry|previous-versions|backup ...]
  [--concurrency N (keys at once, default 16, at most 64)] [--backup-dir DIR] [--public-key-dir DIR] [--min-days-before-expiry N] [--wait-for-access DURATION]
  [--api-version VERSION (Key Vault REST API, default the Azure SDK's newest)]
  [--tenant-id <tenant id or domain> --client-id <guid> --certificate <pem|pfx> [--certificate-password <pw>]]

Proves each key works for the identity that will use it: reads the key, then encrypts, decrypts,
wraps, unwraps or signs through Key Vault (without --check, what the key's operations allow); a
BYOK key exchange key (import only) is checked to be one Key Vault's import takes.
--exclude-key leaves a key out (every version of it, given versionless), say a key imported from
an HSM, which cannot rotate in Key Vault, from a nightly --check rotation over --stack-outputs.
--check recoverable proves the vault lets no one purge the key (soft delete and purge protection);
--check rotation that its rotation policy rotates it before its versions expire; --check expiry
that it stays valid for at least --min-days-before-expiry days (default 30), and, for an AKS
cluster's KMS keyId in --stack-outputs that follows rotation (not pinned with keyVersion), that the
vault has not rotated past it (ClusterKeyBehind).
--check backup writes Key Vault's backup of each key (every version) into --backup-dir.
--public-key-dir DIR writes each key exchange key's public key there as PEM, for the HSM vendor's
BYOK tool. --wait-for-access 10m keeps retrying, for up to that long (whole seconds or minutes, at
most 30m), an operation Azure RBAC refuses, for role assignments the deploy made moments ago; each
wait is written to stderr. --api-version 7.4 (say) for a vault that does not serve the SDK's newest
(a cloud that lags the public one): such a vault fails each key as UnsupportedApiVersion, naming the newest it serves.
Uses DefaultAzureCredential unless a client certificate is given.
Exit 0 when every key passes, 1 when a key fails, 2 on a usage error.`;

/** The longest --wait-for-access: Azure documents up to 10 minutes for a role assignment, ARM's caches up to 30. */
const MAX_ACCESS_WAIT_MS = 30 * 60_000;


export const guid = z.string().regex(GUID, "must be a GUID");

/** A Microsoft Entra tenant: its id, or one of its domains (contoso.onmicrosoft.com), as the sign-in endpoint takes either. */
export const tenant = z.string().regex(/^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/i, "must be a tenant id (a GUID) or one of the tenant's domains, such as contoso.onmicrosoft.com");

const keyId = z.string().superRefine((id, ctx) => {
    try {
        parseKeyId(id);
    } catch (error) {
        ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
    }
});

/** A Key Vault REST API version, as `serviceVersion` takes it (shared by every command that reaches a vault). */
export const apiVersion = z.string().superRefine((version, ctx) => {
    const problem = apiVersionProblem(version);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
});

/** The client-certificate flags come as a set of three or not at all (shared by every command that signs in). */
export function certificateFlagsTogether(o: { tenantId?: string; clientId?: string; certificate?: string; certificatePassword?: string }, ctx: z.RefinementCtx): void {
    const given = [o.tenantId, o.clientId, o.certificate].filter((v) => v !== undefined).length;
    if (given > 0 && given < 3) {
        ctx.addIssue({ code: "custom", path: ["certificate"], message: "--tenant-id, --client-id and --certificate go together (certificate authentication as an application)" });
    }
    if (o.certificatePassword !== undefined && o.certificate === undefined) {
        ctx.addIssue({ code: "custom", path: ["certificatePassword"], message: "opens a --certificate (an encrypted PEM key or a PFX); give the certificate too" });
    }
}

/**
 * A count or a number of days, written in decimal digits only: Number() would also take 0x10, 1e1,
 * 4.0 or a blank, and zod's own words ("expected number, received NaN") name no rule.
 */
function wholeNumber(min: number, max: number) {
    return z.string().superRefine((text, ctx) => {
        const n = Number(text);
        if (!/^\d+$/.test(text) || n < min || n > max) {
            ctx.addIssue({ code: "custom", message: `must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}` });
        }
    }).transform(Number);
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>["options"];

/**
 * argv parsed strictly, as parseArgs does, except that a flag taking one value given twice is a
 * usage error: parseArgs would keep the last silently (two stacks' outputs, two keys to import).
 */
export function parseCommandLine<O extends Options>(argv: readonly string[], options: O) {
    let parsed;
    try {
        parsed = parseArgs({ args: [...argv], strict: true, allowPositionals: false, tokens: true, options });
    } catch (error) {
        // parseArgs's errors come from Node's own realm, where `instanceof Error` may not hold (jest's sandbox); read the message.
        const message = typeof error === "object" && error !== null && "message" in error ? String(error.message) : String(error);
        throw new UsageError(strayAfterSecret(argv, options) ?? message);
    }
    const counts = new Map<string, number>();
    for (const token of parsed.tokens ?? []) {
        // A flag without a value (--json, --help) says the same however often it is given.
        if (token.kind === "option" && options?.[token.name]?.type === "string" && options[token.name].multiple !== true) counts.set(token.name, (counts.get(token.name) ?? 0) + 1);
    }
    const repeated = [...counts].filter(([, n]) => n > 1).map(([name, n]) => `--${name}: is given ${n} times; give it once`);
    if (repeated.length > 0) throw new UsageError(repeated.join("\n"));
    return parsed.values;
}

/** Flags whose value is a secret: a stray word after one may be the rest of it, so it is never echoed. */
const SECRET_FLAGS = new Set(["certificate-password"]);

/**
 * parseArgs quotes a stray argument or an unknown option; when one follows a secret flag's value (a
 * password holding a space, unquoted, whose rest may start with a dash), this says so without it.
 */
function strayAfterSecret(argv: readonly string[], options: Options): string | undefined {
    let tokens;
    try {
        tokens = parseArgs({ args: [...argv], strict: false, allowPositionals: true, tokens: true, options }).tokens;
    } catch {
        return undefined;
    }
    const stray = tokens.find((t) => t.kind === "positional" || (t.kind === "option" && options?.[t.name] === undefined));
    if (stray === undefined) return undefined;
    // By place in argv, not in tokens: `-hunter2` is one argument that parseArgs splits into -h (help), -u, ...
    const secret = tokens.find((t) => t.kind === "option" && SECRET_FLAGS.has(t.name) && t.index + (t.inlineValue === true ? 1 : 2) === stray.index);
    if (secret === undefined || secret.kind !== "option") return undefined;
    return `an unexpected argument follows the value of --${secret.name} (not shown: it may be part of it); quote a value that holds a space`;
}

/** Field checks all report at once; the cross-field checks run once the fields are valid. */
const verifyOptionsSchema = z
    .object({
        keyIds: z.array(keyId).default([]),
        stackOutputs: z.array(z.string().min(1)).default([]),
        excludeKeyIds: z.array(keyId).default([]),
        json: z.boolean().default(false),
        checks: z.array(z.enum(CHECKS)).optional(),
        concurrency: wholeNumber(1, 64).default(16),
        tenantId: tenant.optional(),
        clientId: guid.optional(),
        certificate: z.string().min(1).optional(),
        certificatePassword: z.string().optional(),
        backupDir: z.string().min(1).optional(),
        publicKeyDir: z.string().min(1).optional(),
        minDaysBeforeExpiry: wholeNumber(1, 3650).optional(),
        waitForAccess: z
            .string()
            .regex(/^\d+(s|m)$/, "must be whole seconds or minutes, such as 90s or 10m")
            .transform((d) => Number(d.slice(0, -1)) * (d.endsWith("m") ? 60_000 : 1000))
            .refine((ms) => ms <= MAX_ACCESS_WAIT_MS, "must be at most 30m: a role assignment that has not applied by then will not without a change")
            .optional(),
        apiVersion: apiVersion.optional(),
        help: z.boolean().default(false),
    })
    .superRefine((o, ctx) => {
        certificateFlagsTogether(o, ctx);
        const backup = o.checks?.includes("backup") ?? false;
        if (backup && o.backupDir === undefined) {
            ctx.addIssue({ code: "custom", path: ["backupDir"], message: "is required with --check backup: the folder the backups are written to" });
        }
        if (!backup && o.backupDir !== undefined) {
            ctx.addIssue({ code: "custom", path: ["backupDir"], message: "is only for --check backup; add --check backup to back the keys up" });
        }
        // Without --check, each key exchange key gets the key-exchange check, so the folder serves a whole stack's KEKs.
        if (o.checks !== undefined && !o.checks.includes("key-exchange") && o.publicKeyDir !== undefined) {
            ctx.addIssue({ code: "custom", path: ["publicKeyDir"], message: "is only for the key-exchange check; add --check key-exchange, or leave --check out to check each key for what it is for" });
        }
        if (o.minDaysBeforeExpiry !== undefined && !(o.checks?.includes("expiry") ?? false)) {
            ctx.addIssue({ code: "custom", path: ["minDaysBeforeExpiry"], message: "is only for --check expiry; add --check expiry to hold keys to it" });
        }
        if (!o.help && o.keyIds.length === 0 && o.stackOutputs.length === 0) {
            ctx.addIssue({ code: "custom", path: ["keyIds"], message: "give at least one --key-id or --stack-outputs FILE" });
        }
    });

export type VerifyCommandOptions = z.infer<typeof verifyOptionsSchema>;

/** Parses argv (without node and script) into validated options; throws UsageError listing every problem. */
export function parseVerifyArgs(argv: readonly string[]): VerifyCommandOptions {
    const values = parseCommandLine(argv, {
        "key-id": { type: "string", multiple: true },
        "stack-outputs": { type: "string", multiple: true },
        "exclude-key": { type: "string", multiple: true },
        json: { type: "boolean" },
        check: { type: "string", multiple: true },
        concurrency: { type: "string" },
        "tenant-id": { type: "string" },
        "client-id": { type: "string" },
        certificate: { type: "string" },
        "certificate-password": { type: "string" },
        "backup-dir": { type: "string" },
        "public-key-dir": { type: "string" },
        "min-days-before-expiry": { type: "string" },
        "wait-for-access": { type: "string" },
        "api-version": { type: "string" },
        help: { type: "boolean", short: "h" },
    });
    const parsed = verifyOptionsSchema.safeParse({
        keyIds: values["key-id"],
        stackOutputs: values["stack-outputs"],
        excludeKeyIds: values["exclude-key"],
        json: values.json,
        checks: values.check,
        concurrency: values.concurrency,
        tenantId: values["tenant-id"],
        clientId: values["client-id"],
        certificate: values.certificate,
        certificatePassword: values["certificate-password"],
        backupDir: values["backup-dir"],
        publicKeyDir: values["public-key-dir"],
        minDaysBeforeExpiry: values["min-days-before-expiry"],
        waitForAccess: values["wait-for-access"],
        apiVersion: values["api-version"],
        help: values.help,
    });
    if (!parsed.success) {
        throw new UsageError(parsed.error.issues.map((i) => `${flagOf(i.path)}: ${i.message}`).join("\n"));
    }
    return parsed.data;
}

/** What `--json` prints: exactly the documented contract. */
export interface VerifyReport {
    ok: boolean;
    keys: KeyVerification[];
}

export interface VerifyCommandResult {
    report: VerifyReport;
    /** The text to print on stdout. */
    output: string;
}

export interface VerifyCommandDeps {
    /** Overrides the credential built from the options (tests). */
    credential?: TokenCredential;
    /** Passed through to verifyKeys (tests shorten SDK retries). */
    retryOptions?: VerifyKeysOptions["retryOptions"];
    /** Passed through to verifyKeys (tests shorten the deadline of a request or a sign-in). Defaults to verifyKey's, 60 s. */
    requestTimeoutMs?: number;
    /** The pause between retries under --wait-for-access (tests shorten it). Defaults to verifyKey's. */
    accessRetryIntervalMs?: number;
    /** Where progress lines go (each wait for access). Defaults to stderr, never stdout, which holds the report. */
    progress?: (line: string) => void;
}

/** A usage error when the environment holds a proxy the Azure SDK cannot use (checked first by each command). */
export function requireUsableProxy(): void {
    const problem = proxyProblem(process.env);
    if (problem !== undefined) throw new UsageError(problem);
}

/** Runs `verify` for parsed options. Throws UsageError for unusable inputs (files, certificate, proxy). */
export async function runVerifyCommand(options: VerifyCommandOptions, deps: VerifyCommandDeps = {}): Promise<VerifyCommandResult> {
    requireUsableProxy();
    const keyIds = [...options.keyIds];
    const aksKmsKeyIds: string[] = [];
    const emptyFiles: string[] = [];
    const progress = deps.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
    for (const file of options.stackOutputs) {
        let found: ReturnType<typeof readStackOutputs>;
        try {
            found = readStackOutputs(file);
        } catch (error) {
            throw new UsageError(error instanceof Error ? error.message : String(error));
        }
        // A secret output may hold a key id: what pulumi stack output --json writes without --show-secrets cannot be verified.
        // found.secrets leaves out this product's own secrets that never hold one (private keys, client secrets, passwords).
        const secrets = found.secrets.length === 0 ? "" : `${found.secrets.length} secret output(s) that could hold a key id (${found.secrets.slice(0, 5).join(", ")}${found.secrets.length > 5 ? ", ..." : ""}) show only "[secret]"`;
        if (found.keyIds.length === 0) {
            // Beside other key ids a stack without key outputs is said, not refused; alone it leaves nothing to verify.
            emptyFiles.push(`--stack-outputs ${file} holds no Key Vault key id${secrets ? `; ${secrets}: write the file with pulumi stack output --json --show-secrets` : ""}`);
        } else if (secrets) {
            progress(`verify: --stack-outputs ${file}: ${secrets} and are not verified; write the file with pulumi stack output --json --show-secrets to verify any key id they hold`);
        }
        keyIds.push(...found.keyIds);
        aksKmsKeyIds.push(...found.aksKmsKeyIds);
    }
    if (keyIds.length === 0 && emptyFiles.length > 0) throw new UsageError(emptyFiles.join("\n"));
    for (const empty of emptyFiles) progress(`verify: ${empty}`);
    // Key Vault's names and versions are case-insensitive: one key spelt two ways is verified (and backed up) once.
    const seen = new Set<string>();
    const all = keyIds.map((id) => parseKeyId(id).keyId).filter((id) => !seen.has(id.toLowerCase()) && seen.add(id.toLowerCase()));
    const unique = all.filter((id) => !options.excludeKeyIds.some((x) => excludes(x, id)));
    // An exclusion that leaves out nothing is a typo that would let the key it meant be checked after all.
    const unmatched = options.excludeKeyIds.filter((x) => !all.some((id) => excludes(x, id)));
    if (unmatched.length > 0) {
        throw new UsageError(unmatched.map((x) => `--exclude-key ${x}: is none of the ${all.length} key(s) to verify`).join("\n"));
    }
    if (unique.length === 0) throw new UsageError(`--exclude-key: leaves none of the ${all.length} key(s) to verify`);
    if (options.backupDir !== undefined) {
        requireWritableFolder("--backup-dir", options.backupDir);
    }
    if (options.publicKeyDir !== undefined) {
        requireWritableFolder("--public-key-dir", options.publicKeyDir);
    }
    const credential = deps.credential ?? credentialFor(options);
    const fleet = await verifyKeys(unique, {
        credential,
        checks: options.checks,
        concurrency: options.concurrency,
        retryOptions: deps.retryOptions,
        requestTimeoutMs: deps.requestTimeoutMs,
        backupDir: options.backupDir,
        publicKeyDir: options.publicKeyDir,
        minDaysBeforeExpiry: options.minDaysBeforeExpiry,
        aksKmsKeyIds,
        waitForAccessMs: options.waitForAccess,
        serviceVersion: options.apiVersion,
        accessRetryIntervalMs: deps.accessRetryIntervalMs,
        onAccessWait: (w) => progress(`verify: ${w.keyId}: Azure RBAC refused ${w.operation} (ForbiddenByRbac); a new role assignment can take up to 10 minutes to apply, retrying in ${seconds(w.retryInMs)} (${seconds(w.remainingMs)} of --wait-for-access left)`),
    });
    const report: VerifyReport = { ok: fleet.ok, keys: fleet.keys };
    return { report, output: options.json ? JSON.stringify(report, null, 2) : formatText(report) };
}

function seconds(ms: number): string {
    return `${Number((ms / 1000).toFixed(1))} s`;
}

/** A usage error unless `dir` is an existing folder this process may write to: found before any key is read. */
function requireWritableFolder(flag: string, dir: string): void {
    try {
        if (!fs.statSync(dir).isDirectory()) {
            throw new UsageError(`${flag} ${dir}: is not a folder`);
        }
        fs.accessSync(dir, fs.constants.W_OK);
    } catch (error) {
        if (error instanceof UsageError) throw error;
        throw new UsageError(`${flag} ${dir}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist; create it first" : "cannot be written to"}`);
    }
}

/** Step lines as the text output shows them, indented under their key. */
export function formatSteps(
    steps: readonly { name: string; ok: boolean; ms: number; error: { code?: string; message: string; suggestion: string } | null; unchecked?: readonly { message: string }[] }[],
    indent = "  ",
): string[] {
    const lines: string[] = [];
    for (const step of steps) {
        lines.push(`${indent}${step.ok ? "ok  " : step.error?.code === "NotRun" ? "skip" : "FAIL"} ${step.name} (${step.ms} ms)`);
        if (step.error) {
            lines.push(`${indent}     ${step.error.message}`, `${indent}     fix: ${step.error.suggestion}`);
        }
        for (const version of step.unchecked ?? []) {
            lines.push(`${indent}     ${version.message}`);
        }
    }
    return lines;
}

function formatText(report: VerifyReport): string {
    const lines: string[] = [];
    for (const key of report.keys) {
        lines.push(`${key.ok ? "PASS" : "FAIL"} ${key.keyId}${key.keyVersion ? ` (version ${key.keyVersion})` : ""}`);
        lines.push(...formatSteps(key.steps));
    }
    const failed = report.keys.filter((k) => !k.ok).length;
    lines.push(failed === 0 ? `All ${report.keys.length} key(s) passed.` : `${failed} of ${report.keys.length} key(s) failed.`);
    return lines.join("\n");
}

/** Whether the exclusion `x` names key `id`: the same key, any version of it when `x` is versionless. */
function excludes(x: string, id: string): boolean {
    const a = parseKeyId(x);
    const b = parseKeyId(id);
    const same = (p: string, q: string) => p.toLowerCase() === q.toLowerCase();
    return same(a.vaultHost, b.vaultHost) && same(a.name, b.name) && (a.version === "" || same(a.version, b.version));
}

function flagOf(path: readonly PropertyKey[]): string {
    const names: Record<string, string> = {
        keyIds: "--key-id",
        stackOutputs: "--stack-outputs",
        excludeKeyIds: "--exclude-key",
        checks: "--check",
        concurrency: "--concurrency",
        tenantId: "--tenant-id",
        clientId: "--client-id",
        certificate: "--certificate",
        certificatePassword: "--certificate-password",
        backupDir: "--backup-dir",
        publicKeyDir: "--public-key-dir",
        minDaysBeforeExpiry: "--min-days-before-expiry",
        waitForAccess: "--wait-for-access",
        apiVersion: "--api-version",
    };
    const [first, index] = path;
    const flag = names[String(first)] ?? String(first);
    return typeof index === "number" ? `${flag} #${index + 1}` : flag;
}
