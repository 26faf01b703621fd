import type { CmkStorageAccountArgs, DeleteRetentionPolicy } from "./cmk-storage-account";
import { ArgSpec, isRecord, shapeIssues, ValidationIssue } from "./validation";

/** The account's policies: when its access keys are due, how long a SAS signed with them may live, and how long deleted blobs and containers stay restorable. */
type StoragePolicies = Pick<CmkStorageAccountArgs, "keyPolicy" | "sasPolicy" | "deleteRetentionPolicy" | "containerDeleteRetentionPolicy">;

const KEY_POLICY_ARGS = { keyExpirationPeriodInDays: "number" } as const satisfies ArgSpec<NonNullable<CmkStorageAccountArgs["keyPolicy"]>>;
const SAS_POLICY_ARGS = { sasExpirationPeriod: "string", expirationAction: "string" } as const satisfies ArgSpec<NonNullable<CmkStorageAccountArgs["sasPolicy"]>>;
const DELETE_RETENTION_POLICY_ARGS = { enabled: "boolean", days: "number" } as const satisfies ArgSpec<DeleteRetentionPolicy>;
const RETENTION_FIELDS = ["deleteRetentionPolicy", "containerDeleteRetentionPolicy"] as const;
/** Azure keeps the key expiration period as a 32-bit integer (`int32` in the Microsoft.Storage REST spec). */
const MAX_KEY_EXPIRATION_DAYS = 2_147_483_647;

/** The shape of the account's policies from an untyped caller: each policy's fields, of their types, the required ones given, and no others. */
export function storagePolicyShapeIssues(args: Record<string, unknown>): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    if (isRecord(args.keyPolicy)) issues.push(...shapeIssues(args.keyPolicy, KEY_POLICY_ARGS, "keyPolicy", { required: { keyExpirationPeriodInDays: "days after which the access keys are due for regeneration" }, closed: true }));
    if (isRecord(args.sasPolicy)) issues.push(...shapeIssues(args.sasPolicy, SAS_POLICY_ARGS, "sasPolicy", { required: { sasExpirationPeriod: "the longest a SAS may be valid, as D.HH:MM:SS" }, closed: true }));
    for (const field of RETENTION_FIELDS) {
        if (isRecord(args[field])) issues.push(...shapeIssues(args[field], DELETE_RETENTION_POLICY_ARGS, field, { closed: true }));
    }
    return issues;
}

/** Every rule the account's key, SAS and soft delete policies break; empty when valid. */
export function storagePolicyIssues(args: StoragePolicies): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const add = (field: string, message: string) => issues.push({ field, message });
    if (args.keyPolicy !== undefined) {
        const days = args.keyPolicy.keyExpirationPeriodInDays;
        if (!Number.isInteger(days) || days < 1 || days > MAX_KEY_EXPIRATION_DAYS) {
            add("keyPolicy.keyExpirationPeriodInDays", `${JSON.stringify(days)} is not a whole number of days from 1 to ${MAX_KEY_EXPIRATION_DAYS}, the largest Azure stores`);
        }
    }
    if (args.sasPolicy !== undefined) {
        const period = args.sasPolicy.sasExpirationPeriod;
        if (!isSasPeriod(period)) {
            add("sasPolicy.sasExpirationPeriod", `${JSON.stringify(period)} is not a SAS lifetime: days.hours:minutes:seconds, e.g. "0.01:00:00" for an hour, hours below 24 and minutes and seconds below 60, longer than zero`);
        }
        const action = args.sasPolicy.expirationAction;
        if (action !== undefined && action !== "Log" && action !== "Block") {
            add("sasPolicy.expirationAction", `${JSON.stringify(action)} is not "Log" or "Block"`);
        }
    }
    for (const field of RETENTION_FIELDS) {
        const policy = args[field];
        if (policy === undefined) continue;
        if (policy.days === undefined) continue;
        if (policy.enabled === false) {
            add(`${field}.days`, `applies only with soft delete on, and enabled is false; remove days or set enabled: true`);
        } else if (!Number.isInteger(policy.days) || policy.days < 1 || policy.days > 365) {
            add(`${field}.days`, `${JSON.stringify(policy.days)} is not a whole number of days from 1 to 365`);
        }
    }
    return issues;
}

/** Whether a SAS expiration period is one Azure takes: `D.HH:MM:SS`, hours below 24, minutes and seconds below 60, longer than zero. */
function isSasPeriod(period: unknown): boolean {
    const match = typeof period === "string" ? /^(\d+)\.(\d{2}):(\d{2}):(\d{2})$/.exec(period) : null;
    if (match === null) return false;
    const [days, hours, minutes, seconds] = match.slice(1).map(Number);
    return hours <= 23 && minutes <= 59 && seconds <= 59 && days + hours + minutes + seconds > 0;
}

/** The soft delete policy Azure is sent: off as asked, else on with the days given or the default. */
export function retentionPolicy(policy: DeleteRetentionPolicy | undefined, fallback: { days: number }): { enabled: boolean; days?: number } {
    if (policy?.enabled === false) return { enabled: false };
    return { enabled: true, days: policy?.days ?? fallback.days };
}
