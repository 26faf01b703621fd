import * as fs from "node:fs";
import { z } from "zod";
import { apiVersion, certificateFlagsTogether, credentialFor, formatSteps, guid, parseCommandLine, requireUsableProxy, tenant, UsageError, type VerifyCommandDeps } from "./command";
import { ImportOptionsError, importByokKey, type KeyImport } from "./import-key";

export const IMPORT_USAGE = `Usage: npm run import-key -- --key-id https://<vault>.vault.azure.net/keys/<name> --byok-file FILE
  [--kty RSA-HSM|EC-HSM|oct-HSM] [--curve-name P-256|P-384|P-521|P-256K] [--purpose cmkService|applicationCrypto|signing]
  [--expires <ISO-8601 date-time>] [--tags name[=value] ...] [--new-version] [--dry-run] [--json] [--api-version VERSION]
  [--tenant-id <tenant id or domain> --client-id <guid> --certificate <pem|pfx> [--certificate-password <pw>]]

Imports a key transfer blob (.byok file) that an HSM vendor's BYOK tool made for a key exchange key
(KEK) of the vault, as a non-exportable HSM key with the operations its purpose needs (default
cmkService: wrapKey, unwrapKey) and an expiry (default one year), then verifies it as verify does.
The blob and its KEK are checked first; a key that exists is refused unless --new-version asks to
import the blob as its next version, which keeps the current version's operations (a --purpose that
gives others exits 2) and, without --tags, its tags, and is refused onto a key whose rotation
policy rotates it in the vault. --tags, as az keyvault key import's, gives the version its tags (at
most 15, names and values of at most 256 characters; --tags "", or --tags with no word, for none).
The --key-id is never a key exchange key (a key whose operations include import; the blob's header
names the KEK): that exits 2.
An AES key (--kty oct-HSM) imports into a Managed HSM only, for any
purpose (with --purpose signing, an HMAC key: sign, verify). --dry-run runs those checks and imports nothing. Needs Key
Vault Crypto Officer on a vault; Managed HSM Crypto User on a Managed HSM, whose Crypto Officer may
not import (keys/import/action is the Crypto User's), and whose KEK is made in the pool
(az keyvault key create --hsm-name). --api-version names the Key Vault REST API version sent, as
verify's does. Exit 0 when the key is imported and verified (or, with
--dry-run, ready to import), 1 when a step fails, 2 on a usage error.`;

const options = z
    .object({
        keyId: z.string({ error: "is required: the key to import, https://<vault>.vault.azure.net/keys/<name>" }),
        byokFile: z.string({ error: "is required: the key transfer blob the vendor's BYOK tool wrote" }).min(1),
        kty: z.enum(["RSA-HSM", "EC-HSM", "oct-HSM"]).optional(),
        curveName: z.enum(["P-256", "P-384", "P-521", "P-256K"]).optional(),
        purpose: z.enum(["cmkService", "applicationCrypto", "signing"]).optional(),
        expires: z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/, "must be an ISO-8601 date or date-time such as 2027-06-30T00:00:00Z")
            .refine(onTheCalendar, "is not a date on the calendar (a day past the month's end, or an hour past 23); give the date meant, such as 2027-06-30T00:00:00Z")
            .optional(),
        tags: z.array(z.string()).optional().transform(tagWords),
        newVersion: z.boolean().default(false),
        dryRun: z.boolean().default(false),
        json: z.boolean().default(false),
        tenantId: tenant.optional(),
        clientId: guid.optional(),
        certificate: z.string().min(1).optional(),
        certificatePassword: z.string().optional(),
        apiVersion: apiVersion.optional(),
    })
    .superRefine(certificateFlagsTogether);

/** Whether an ISO-8601 date (and time) names a real moment, which Date would roll over (2031-04-31 to May 1, T24:00 to the next day). */
function onTheCalendar(text: string): boolean {
    const [, y, mo, d, h = "0", mi = "0", sec = "0"] = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(text) ?? [];
    const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
    return !Number.isNaN(Date.parse(text)) && day.getUTCFullYear() === Number(y) && day.getUTCMonth() === Number(mo) - 1 && day.getUTCDate() === Number(d) && Number(h) <= 23 && Number(mi) <= 59 && Number(sec) <= 59;
}

/**
 * `--tags` words as az reads them: `name=value`, or `name` alone for an empty value; an empty word (`--tags ""`) sets
 * none. Key Vault's limits are the import's to check (`validateKeyTags`); a name given twice is refused here, where
 * the map would keep the last. A Map, then fromEntries: a name such as `__proto__` stays a tag, not a prototype.
 */
function tagWords(words: string[] | undefined, ctx: z.RefinementCtx): Record<string, string> | undefined {
    if (words === undefined) return undefined;
    const tags = new Map<string, string>();
    for (const word of words) {
        if (word === "") continue;
        const at = word.indexOf("=");
        const name = at < 0 ? word : word.slice(0, at);
        if (name === "") {
            ctx.addIssue({ code: "custom", message: `${JSON.stringify(word)} names no tag: give name=value` });
        } else if (tags.has(name)) {
            ctx.addIssue({ code: "custom", message: `tag ${JSON.stringify(name)} is given twice; give each tag once` });
        } else {
            tags.set(name, at < 0 ? "" : word.slice(at + 1));
        }
    }
    return Object.fromEntries(tags);
}

/**
 * az keyvault key import takes `--tags a=b c=d`, the words after the flag; parseArgs takes one value a flag, so each word
 * up to the next option is given a `--tags` of its own (the flag may be repeated too). A bare `--tags`, followed by
 * another option or by nothing, is az's "no tags", as `--tags ""` is: parseArgs would call the option after it an
 * ambiguous value, or the end a missing one.
 */
function spreadTagWords(argv: readonly string[]): string[] {
    const isOption = (word: string) => word.startsWith("-") && word !== "-";
    const out: string[] = [];
    let inTags = false;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--") {
            out.push(...argv.slice(i));
            break;
        }
        if (inTags && !isOption(arg)) {
            out.push("--tags", arg);
            continue;
        }
        inTags = arg === "--tags" || arg.startsWith("--tags=");
        if (arg === "--tags" && (i + 1 === argv.length || isOption(argv[i + 1]))) {
            out.push("--tags=");
            continue;
        }
        out.push(arg);
        // The flag's own value, the word right after it, is left to parseArgs, as for any flag.
        if (arg === "--tags" && i + 1 < argv.length) out.push(argv[++i]);
    }
    return out;
}

export type ImportCommandOptions = z.infer<typeof options> & { help: boolean };

const FLAGS: Record<string, string> = {
    keyId: "--key-id",
    byokFile: "--byok-file",
    kty: "--kty",
    curveName: "--curve-name",
    purpose: "--purpose",
    expires: "--expires",
    tags: "--tags",
    newVersion: "--new-version",
    dryRun: "--dry-run",
    tenantId: "--tenant-id",
    clientId: "--client-id",
    certificate: "--certificate",
    certificatePassword: "--certificate-password",
    apiVersion: "--api-version",
    serviceVersion: "--api-version",
};

/** Parses argv (without node and script); throws UsageError listing every problem. */
export function parseImportArgs(argv: readonly string[]): ImportCommandOptions {
    const values = parseCommandLine(spreadTagWords(argv), {
        "key-id": { type: "string" },
        "byok-file": { type: "string" },
        kty: { type: "string" },
        "curve-name": { type: "string" },
        purpose: { type: "string" },
        expires: { type: "string" },
        tags: { type: "string", multiple: true },
        "new-version": { type: "boolean" },
        "dry-run": { type: "boolean" },
        json: { type: "boolean" },
        "tenant-id": { type: "string" },
        "client-id": { type: "string" },
        certificate: { type: "string" },
        "certificate-password": { type: "string" },
        "api-version": { type: "string" },
        help: { type: "boolean", short: "h" },
    });
    if (values.help) {
        return { help: true } as ImportCommandOptions;
    }
    const parsed = options.safeParse({
        keyId: values["key-id"],
        byokFile: values["byok-file"],
        kty: values.kty,
        curveName: values["curve-name"],
        purpose: values.purpose,
        expires: values.expires,
        tags: values.tags,
        newVersion: values["new-version"],
        dryRun: values["dry-run"],
        json: values.json,
        tenantId: values["tenant-id"],
        clientId: values["client-id"],
        certificate: values.certificate,
        certificatePassword: values["certificate-password"],
        apiVersion: values["api-version"],
    });
    if (!parsed.success) {
        throw new UsageError(parsed.error.issues.map((i) => `${FLAGS[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`).join("\n"));
    }
    return { ...parsed.data, help: false };
}

export interface ImportCommandResult {
    result: KeyImport;
    /** The text to print on stdout. */
    output: string;
}

/** What tests override: the credential and the SDK's retries, as for verify. */
export type ImportCommandDeps = VerifyCommandDeps;

/** Runs the import for parsed options. Throws UsageError for an unreadable file, options and a blob that break a rule, or an unusable proxy. */
export async function runImportCommand(opts: ImportCommandOptions, deps: ImportCommandDeps = {}): Promise<ImportCommandResult> {
    requireUsableProxy();
    let blob: Buffer;
    try {
        blob = fs.readFileSync(opts.byokFile);
    } catch (error) {
        throw new UsageError(`--byok-file ${opts.byokFile}: cannot read it (${(error as NodeJS.ErrnoException).code ?? "unreadable"})`);
    }
    let result: KeyImport;
    try {
        result = await importByokKey(opts.keyId, {
            credential: deps.credential ?? credentialFor(opts),
            transferBlob: blob,
            kty: opts.kty,
            curveName: opts.curveName,
            purpose: opts.purpose,
            expiresOn: opts.expires === undefined ? undefined : new Date(opts.expires),
            tags: opts.tags,
            newVersion: opts.newVersion,
            dryRun: opts.dryRun,
            retryOptions: deps.retryOptions,
            requestTimeoutMs: deps.requestTimeoutMs,
            serviceVersion: opts.apiVersion,
        });
    } catch (error) {
        if (error instanceof ImportOptionsError) {
            const flag = (field: string) => (field.startsWith("transferBlob.") ? `--byok-file ${field.slice("transferBlob.".length)}` : (FLAGS[field] ?? field));
            throw new UsageError(error.issues.map((i) => `${flag(i.field)}: ${i.message}`).join("\n"));
        }
        throw error;
    }
    return { result, output: opts.json ? JSON.stringify(result, null, 2) : formatImport(result) };
}

function formatImport(result: KeyImport): string {
    const verdict = !result.ok ? "FAIL" : result.dryRun ? "READY" : "IMPORTED";
    const lines = [`${verdict} ${result.keyId}${result.keyVersion ? ` (version ${result.keyVersion})` : ""}${result.dryRun ? " (dry run: nothing imported)" : ""}`, ...formatSteps(result.steps)];
    const tags = Object.entries(result.tags ?? {});
    if (tags.length > 0 || result.tagsKept) {
        const list = tags.length > 0 ? tags.map(([name, value]) => `${name}=${value}`).join(", ") : "none";
        lines.push(`  tags ${list}${result.tagsKept ? " (the current version's, kept: --tags replaces them)" : ""}`);
    }
    if (result.verification) {
        lines.push(`  ${result.verification.ok ? "ok  " : "FAIL"} verify`, ...formatSteps(result.verification.steps, "    "));
    }
    return lines.join("\n");
}
