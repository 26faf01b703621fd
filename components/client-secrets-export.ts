import type { ClientApplicationArgs, ClientSecretsExportConfiguration } from "./client-application";
import { validateTags } from "./tags";
import { ArgSpec, GUID_PATTERN, isRecord, KEY_VAULT_OBJECT_NAME, known, listShapeIssues, shapeIssues, ValidationIssue, vaultReferenceShapeIssues } from "./validation";

// Which Key Vault secrets a ClientApplication's credential handover writes, and the rules its configuration meets.

export const CLIENT_SECRETS_EXPORT_ARGS = { keyVault: "object", readers: "list", tags: "object" } as const satisfies ArgSpec<ClientSecretsExportConfiguration>;
const SECRET_READER_ARGS = { principalId: "input", principalType: "string" } as const satisfies ArgSpec<NonNullable<ClientSecretsExportConfiguration["readers"]>[number]>;

/** A handed-over credential's Key Vault secret name: distinct suffixes, since a client secret and a certificate may share a name. */
export const exportName = {
    clientSecret: (app: string, credential: string) => `${app}-${credential}-client-secret`,
    certificate: (app: string, credential: string) => `${app}-${credential}-certificate`,
};

/** The Key Vault secret names an export writes: client secrets, then generated certificates (a supplied one's key stays with the vendor). */
export function exportedSecretNames(name: string, args: ClientApplicationArgs): string[] {
    return [
        ...(args.clientSecrets ?? []).map((s) => exportName.clientSecret(name, s.name)),
        ...(args.certificates ?? []).filter((c) => c.certificatePem === undefined).map((c) => exportName.certificate(name, c.name)),
    ];
}

/** The shape of secretsExportConfiguration from an untyped caller. */
export function secretsExportShapeIssues(exportTo: Record<string, unknown>): ValidationIssue[] {
    const issues = shapeIssues(exportTo, CLIENT_SECRETS_EXPORT_ARGS, "secretsExportConfiguration", { required: { keyVault: "the vault the credentials are written to" }, closed: true });
    if (isRecord(exportTo.keyVault)) issues.push(...vaultReferenceShapeIssues(exportTo.keyVault, "secretsExportConfiguration.keyVault"));
    issues.push(...listShapeIssues(exportTo.readers, SECRET_READER_ARGS, "secretsExportConfiguration.readers", {
        required: { principalId: "the reader's object id", principalType: "\"User\", \"Group\" or \"ServicePrincipal\"" },
        closed: true,
    }));
    return issues;
}

/** Every rule secretsExportConfiguration breaks for the application `name`; empty without one. */
export function secretsExportIssues(name: string, args: ClientApplicationArgs): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const add = (field: string, message: string) => issues.push({ field, message });
    const exportTo = args.secretsExportConfiguration;
    if (exportTo === undefined) return issues;
    const exported = exportedSecretNames(name, args);
    if (exported.length === 0) {
        add("secretsExportConfiguration", "has nothing to export: the application has no client secret and no generated certificate (a supplied certificate's private key stays with the vendor)");
    }
    issues.push(...validateTags(exportTo.tags, { field: "secretsExportConfiguration.tags" }));
    const readers = exportTo.readers ?? [];
    if (readers.length > 0 && exportTo.keyVault?.enableRbacAuthorization === false) {
        add("secretsExportConfiguration.readers", "need an RBAC vault: an access policy grants get on every secret in the vault, not one; export to a vault with enableRbacAuthorization, or grant the readers yourself");
    }
    const seen = new Map<string, number>();
    readers.forEach((reader, i) => {
        const id = known<string>(reader.principalId);
        if (id !== undefined && !GUID_PATTERN.test(id)) add(`secretsExportConfiguration.readers[${i}].principalId`, `"${id}" is not an object id (a GUID)`);
        const first = id !== undefined ? seen.get(id.toLowerCase()) : undefined;
        if (first !== undefined) add(`secretsExportConfiguration.readers[${i}].principalId`, `repeats readers[${first}]: each reader is granted once`);
        else if (id !== undefined) seen.set(id.toLowerCase(), i);
        if (!["User", "Group", "ServicePrincipal"].includes(reader.principalType)) {
            add(`secretsExportConfiguration.readers[${i}].principalType`, `"${String(reader.principalType)}" is not "User", "Group" or "ServicePrincipal"`);
        }
    });
    for (const secretName of exported) {
        if (!KEY_VAULT_OBJECT_NAME.test(secretName)) {
            add("secretsExportConfiguration", `would write the secret "${secretName}", which is not a Key Vault secret name (1–127 letters, digits and hyphens); rename the component or the credential`);
        }
    }
    return issues;
}
