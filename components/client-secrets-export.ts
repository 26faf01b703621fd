import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import type { ClientApplicationArgs, ClientSecretOutputs } from "./client-application";
import { CREDENTIAL_NAME } from "./client-credentials";
import type { ClientCertificateOutputs } from "./client-certificates";
import { assignBuiltInRole } from "./key-access";
import type { BesideOptions } from "./key-vault-lock";
import { principalGrantKey, principalGrantNameIssues, PrincipalGrants } from "./key-vault-access-policies";
import { vaultProviderIssues } from "./key-vault-provider";
import { aliasedNames } from "./naming";
import { ResourceTags, validateTags } from "./tags";
import { VaultReference } from "./types";
import { ArgSpec, checkedOnResolve, isRecord, KEY_VAULT_OBJECT_NAME, known, listShapeIssues, objectIdProblem, shapeIssues, ValidationIssue, vaultReferenceShapeIssues } from "./validation";

// A ClientApplication's credential handover: which Key Vault secrets it writes, the rules its configuration meets, and the writing.

/**
 * Where the application's credentials are handed over: each client secret, and each generated
 * certificate with its private key, becomes a Key Vault secret that expires with the credential,
 * so whoever installs the vendor's client reads it with Key Vault Secrets User on that secret
 * instead of from the stack's outputs.
 */
export interface ClientSecretsExportConfiguration {
    /** Required. The vault the secrets are written to (through ARM: writing needs no data-plane access or firewall rule; removing one goes through the vault's data plane, unless the vault goes in the same run). */
    keyVault: VaultReference;
    /** Optional. Who may read the secrets: each gets Key Vault Secrets User on each exported secret alone (an RBAC vault only; an access policy would open every secret in the vault). Defaults to none. */
    readers?: SecretReader[];
    /** Optional. Azure tags on the secrets. Key Vault's limits for a secret checked: at most 15 tags, names of at most 512 characters, values of at most 256. Defaults to none. */
    tags?: ResourceTags;
    /**
     * Optional. The credentials the vendor uses now, each written besides to a secret whose name stays (`<name>-client-secret`,
     * `<name>-certificate`): naming another one writes it there as a new version, so a vendor given that secret's versionless URI
     * takes up a rotation without being pointed anywhere new. Defaults to none: each credential only under its own name.
     */
    current?: CurrentCredentials;
}

/**
 * The credential each rotation secret holds, by its name in the application's list: Key Vault's
 * dual-credential rotation, one secret whose latest version is the credential in use.
 */
export interface CurrentCredentials {
    /** Conditional. Required if `certificate` is not given. A `clientSecrets` entry's name, written to `<app>-client-secret`. Defaults to none. */
    clientSecret?: string;
    /** Conditional. Required if `clientSecret` is not given. A generated `certificates` entry's name, written with its private key to `<app>-certificate`. Defaults to none. */
    certificate?: string;
}

/** A reader of the handed-over secrets. */
export interface SecretReader {
    /**
     * Conditional. Required if `principalId` is unknown until deploy (an Output, such as a group's `objectId`). 1–64 letters,
     * digits and hyphens, not digits alone, no other reader's in any case nor another reader's `principalId`. Pulumi's name for
     * the reader's role assignments (`<secret>-reader-<name>`), so reordering or removing readers leaves the others be.
     * Defaults to the `principalId` in lower case.
     */
    name?: string;
    /** Required. The reader's object id. */
    principalId: pulumi.Input<string>;
    /** Required. What the principal is. */
    principalType: "User" | "Group" | "ServicePrincipal";
}

export const CLIENT_SECRETS_EXPORT_ARGS = { keyVault: "object", readers: "list", tags: "tags", current: "object" } as const satisfies ArgSpec<ClientSecretsExportConfiguration>;
const CURRENT_CREDENTIALS_ARGS = { clientSecret: "string", certificate: "string" } as const satisfies ArgSpec<CurrentCredentials>;
const SECRET_READER_ARGS = { name: "string", principalId: "input", principalType: "string" } as const satisfies ArgSpec<SecretReader>;

/** How the readers' rules on names speak of them. */
const READER_GRANTS: PrincipalGrants = {
    list: "secretsExportConfiguration.readers",
    principal: "principalId",
    what: "role assignments",
    // Their roleAssignmentName derives from (secret, principal, role): the new name's is the old one's.
    moved: "Azure refuses the new ones while the old ones exist (409 RoleAssignmentExists)",
};

/**
 * A handed-over credential's Key Vault secret name: distinct suffixes, since a client secret and a certificate may share a name.
 * A rotation secret's name is a credential's without the credential: no credential name is empty, so none writes over it.
 */
export const exportName = {
    clientSecret: (app: string, credential: string) => `${app}-${credential}-client-secret`,
    certificate: (app: string, credential: string) => `${app}-${credential}-certificate`,
    currentClientSecret: (app: string) => `${app}-client-secret`,
    currentCertificate: (app: string) => `${app}-certificate`,
};

/** The Key Vault secret names an export writes: client secrets, then generated certificates (a supplied one's key stays with the vendor), then the rotation secrets `current` asks for. */
export function exportedSecretNames(name: string, args: Pick<ClientApplicationArgs, "clientSecrets" | "certificates"> & { secretsExportConfiguration?: Pick<ClientSecretsExportConfiguration, "current"> }): string[] {
    const current = args.secretsExportConfiguration?.current;
    return [
        ...(args.clientSecrets ?? []).map((s) => exportName.clientSecret(name, s.name)),
        ...(args.certificates ?? []).filter((c) => c.certificatePem === undefined).map((c) => exportName.certificate(name, c.name)),
        ...(current?.clientSecret !== undefined ? [exportName.currentClientSecret(name)] : []),
        ...(current?.certificate !== undefined ? [exportName.currentCertificate(name)] : []),
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
    // Anything but an object is reported once, by the check of current's own type above.
    if (isRecord(exportTo.current)) issues.push(...shapeIssues(exportTo.current, CURRENT_CREDENTIALS_ARGS, "secretsExportConfiguration.current", { closed: true }));
    return issues;
}

/** Every rule secretsExportConfiguration breaks for the application `name`, made with `opts`; empty without one. */
export function secretsExportIssues(name: string, args: ClientApplicationArgs, opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const add = (field: string, message: string) => issues.push({ field, message });
    const exportTo = args.secretsExportConfiguration;
    if (exportTo === undefined) return issues;
    const exported = exportedSecretNames(name, args);
    if (exported.length === 0) {
        add("secretsExportConfiguration", "has nothing to export: the application has no client secret and no generated certificate (a supplied certificate's private key stays with the vendor)");
    }
    issues.push(...validateTags(exportTo.tags, { on: "secret", field: "secretsExportConfiguration.tags" }));
    const readers = exportTo.readers ?? [];
    if (readers.length > 0 && exportTo.keyVault?.enableRbacAuthorization === false) {
        add("secretsExportConfiguration.readers", "need an RBAC vault: an access policy grants get on every secret in the vault, not one; export to a vault with enableRbacAuthorization, or grant the readers yourself");
    }
    const seen = new Map<string, number>();
    readers.forEach((reader, i) => {
        const id = known<string>(reader.principalId);
        const problem = id === undefined ? undefined : objectIdProblem(id);
        if (problem !== undefined) add(`secretsExportConfiguration.readers[${i}].principalId`, problem);
        const first = id !== undefined ? seen.get(id.toLowerCase()) : undefined;
        if (first !== undefined) add(`secretsExportConfiguration.readers[${i}].principalId`, `repeats readers[${first}]: each reader is granted once`);
        else if (id !== undefined) seen.set(id.toLowerCase(), i);
        if (!["User", "Group", "ServicePrincipal"].includes(reader.principalType)) {
            add(`secretsExportConfiguration.readers[${i}].principalType`, `"${String(reader.principalType)}" is not "User", "Group" or "ServicePrincipal"`);
        }
    });
    issues.push(...principalGrantNameIssues(readers.map((r) => ({ name: r.name, principal: r.principalId })), READER_GRANTS));
    if (exportTo.current !== undefined) issues.push(...currentCredentialIssues(exportTo.current, args));
    issues.push(...exportedNameIssues(name, args));
    issues.push(...exportRenameIssues(name, exported, args, opts));
    if (exported.length > 0) issues.push(...vaultProviderIssues("secretsExportConfiguration.keyVault.provider", exportTo.keyVault, opts, "the exported secret"));
    return issues;
}

/**
 * Writes each client secret, and each generated certificate with its private key, to the export
 * vault as a secret expiring with the credential, then the credentials `current` names to the
 * rotation secrets, and grants each reader Key Vault Secrets User on each secret alone. The
 * credentials are the application's, by name, in the order `args` lists them.
 */
export function exportCredentials(
    parent: pulumi.ComponentResource,
    name: string,
    exportTo: ClientSecretsExportConfiguration,
    args: Pick<ClientApplicationArgs, "clientSecrets" | "certificates">,
    credentials: { clientSecrets: Record<string, ClientSecretOutputs>; certificates: Record<string, ClientCertificateOutputs> },
    beside: BesideOptions,
): { secrets: Record<string, keyvault.Secret>; readerAssignments: authorization.RoleAssignment[] } {
    const secrets: Record<string, keyvault.Secret> = {};
    const readerAssignments: authorization.RoleAssignment[] = [];
    const vault = exportTo.keyVault;
    // Checked once per reader: every assignment it is given fails with the one error.
    const readerIds = (exportTo.readers ?? []).map((reader, i) => checkedOnResolve(`ClientApplication "${name}"`, `secretsExportConfiguration.readers[${i}].principalId`, reader.principalId, objectIdProblem));
    // `aliased`: the credential's own secrets were once named otherwise; a rotation secret never was.
    const write = (secretName: string, value: pulumi.Input<string>, contentType: string, expires: pulumi.Input<string>, aliased = true) => {
        // Through the vault's provider: validation refused a default-provider vault under another azure-native provider.
        const secret = new keyvault.Secret(`${secretName}-export`, {
            resourceGroupName: vault.resourceGroupName,
            vaultName: vault.vaultName,
            secretName,
            properties: {
                value: pulumi.secret(value),
                contentType,
                // The credential's end: Key Vault's near-expiry event then warns before the vendor's client stops signing in.
                attributes: { enabled: true, expires: epochSeconds(expires) },
            },
            tags: exportTo.tags,
        }, {
            parent,
            provider: vault.provider,
            retainOnDelete: false,
            // Deleted through the vault's data plane, as a key is: a vault deleted in the same run takes it along.
            // An application kept in Azure as it leaves the stack keeps its handed-over credentials.
            deletedWith: beside.deletedWith ?? vault.deletedWith,
        });
        secrets[secretName] = secret;
        (exportTo.readers ?? []).forEach((reader, i) => {
            // Named by the reader, so that removing or reordering one leaves the others' assignments be.
            const key = principalGrantKey({ name: reader.name, principal: reader.principalId });
            if (key === undefined) throw new Error(`ClientApplication "${name}": validation let through secretsExportConfiguration.readers[${i}] with neither a name nor a principalId known now`);
            readerAssignments.push(assignBuiltInRole(`${secretName}-reader-${key}`, {
                scope: secret.id,
                principalId: readerIds[i],
                principalType: reader.principalType,
                role: "keyVaultSecretsUser",
                description: `azure-byok handover of ${secretName}`,
            }, parent, { ...beside, ...(aliased ? { aliases: earlierReaderNames(secretName, reader, i).map((n) => ({ name: n })) } : {}) }));
        });
    };
    for (const s of args.clientSecrets ?? []) {
        const secret = credentials.clientSecrets[s.name];
        write(exportName.clientSecret(name, s.name), secret.value, "text/plain", secret.endDate);
    }
    for (const c of args.certificates ?? []) {
        const certificate = credentials.certificates[c.name];
        if (certificate.certificateWithKeyPem === undefined) continue;
        write(exportName.certificate(name, c.name), certificate.certificateWithKeyPem, "application/x-pem-file", certificate.endDate);
    }
    // One resource whatever `current` names: switching it changes the value and expiry, which ARM writes as a new version.
    const current = exportTo.current ?? {};
    if (current.clientSecret !== undefined) {
        const secret = credentials.clientSecrets[current.clientSecret];
        write(exportName.currentClientSecret(name), secret.value, "text/plain", secret.endDate, false);
    }
    if (current.certificate !== undefined) {
        const certificate = credentials.certificates[current.certificate];
        if (certificate.certificateWithKeyPem === undefined) throw new Error(`ClientApplication "${name}": validation let through secretsExportConfiguration.current.certificate "${current.certificate}", a supplied certificate`);
        write(exportName.currentCertificate(name), certificate.certificateWithKeyPem, "application/x-pem-file", certificate.endDate, false);
    }
    return { secrets, readerAssignments };
}

/**
 * A rename by `aliases` (aliasedNames) of an application that hands its credentials over: the secrets'
 * names follow the resource name (exportName), none can be pinned, and Key Vault renames no secret, so
 * azure-native would replace each under its new name, the old one deleted while installers still read it.
 */
function exportRenameIssues(name: string, exported: string[], args: ClientApplicationArgs, opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    const earlier = aliasedNames(name, opts)[0];
    if (earlier === undefined || exported.length === 0) return [];
    return [{
        field: "secretsExportConfiguration",
        message: `writes the handed-over credentials to Key Vault secrets named from the resource name: "${exported[0]}" for "${name}", where "${earlier}", its earlier name in aliases, gave "${exportedSecretNames(earlier, args)[0]}"; Key Vault cannot rename a secret, so the rename would replace every handed-over secret under a new name and delete the ones whoever installs the vendor's client reads. Keep the resource name "${earlier}", or hand the credentials over again under the new names on purpose: a new application with its own secrets, then the old one removed`,
    }];
}

/**
 * The secrets' names Key Vault would refuse (1–127 letters, digits and hyphens), each reported at the name to change: the
 * application's `name` (a stack's `applications[i].name`), which its displayName need not follow, or, for a name too long,
 * the credential's too. A credential's name of other characters is its own rule's to report.
 */
function exportedNameIssues(name: string, args: ClientApplicationArgs): ValidationIssue[] {
    const limit = 127;
    const first = exportedSecretNames(name, args).find((n) => !KEY_VAULT_OBJECT_NAME.test(n));
    if (first === undefined) return [];
    if (!/^[a-zA-Z0-9-]+$/.test(name)) {
        return [{ field: "name", message: `makes the handed-over secret "${first}", and Key Vault takes only letters, digits and hyphens in a secret's name: give the application a name of those alone, and a displayName for what Microsoft Entra shows, which may keep spaces and other characters` }];
    }
    const credentials: [string, string][] = [
        ...(args.clientSecrets ?? []).map((c, j): [string, string] => [`clientSecrets[${j}].name`, exportName.clientSecret(name, c.name)]),
        ...(args.certificates ?? []).flatMap((c, j): [string, string][] => (c.certificatePem === undefined ? [[`certificates[${j}].name`, exportName.certificate(name, c.name)]] : [])),
    ];
    const issues = credentials.filter(([, n]) => n.length > limit).map(([field, n]) => ({
        field,
        message: `with the application's name makes the handed-over secret "${n}", of ${n.length} characters, and Key Vault takes at most ${limit}; shorten this name or the application's`,
    }));
    // A rotation secret is named from the application's name alone.
    const rotation = exportedSecretNames(name, { secretsExportConfiguration: args.secretsExportConfiguration }).find((n) => n.length > limit);
    if (rotation !== undefined) issues.push({ field: "name", message: `makes the handed-over secret "${rotation}", of ${rotation.length} characters, and Key Vault takes at most ${limit}; shorten it` });
    return issues;
}

/** What `current` names: a client secret, and a generated certificate, of the application's, at least one of the two. */
function currentCredentialIssues(current: CurrentCredentials, args: ClientApplicationArgs): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const field = "secretsExportConfiguration.current";
    if (current.clientSecret === undefined && current.certificate === undefined) {
        issues.push({ field, message: "names no credential; give clientSecret or certificate, the one the vendor uses now, or leave current out" });
    }
    const listed = (names: string[]) => (names.length === 0 ? "it has none" : `they are ${names.map((n) => `"${n}"`).join(", ")}`);
    // A field named clientSecret or certificate invites the credential itself: a value no credential could be named is not quoted.
    const unnamed = (list: string, names: string[]) => `is not a credential name (letters, digits and hyphens, 1–63), so not repeated here: it may be the credential itself; name the ${list} entry the vendor uses now (${listed(names)})`;
    if (current.clientSecret !== undefined) {
        const secrets = (args.clientSecrets ?? []).map((s) => s.name);
        if (!CREDENTIAL_NAME.test(current.clientSecret)) {
            issues.push({ field: `${field}.clientSecret`, message: unnamed("clientSecrets", secrets) });
        } else if (!secrets.includes(current.clientSecret)) {
            issues.push({ field: `${field}.clientSecret`, message: `"${current.clientSecret}" is not one of the application's clientSecrets (${listed(secrets)}); name the one the vendor uses now, written as in its entry` });
        }
    }
    if (current.certificate !== undefined) {
        const certificates = args.certificates ?? [];
        const named = certificates.find((c) => c.name === current.certificate);
        if (!CREDENTIAL_NAME.test(current.certificate)) {
            issues.push({ field: `${field}.certificate`, message: unnamed("certificates", certificates.map((c) => c.name)) });
        } else if (named === undefined) {
            issues.push({ field: `${field}.certificate`, message: `"${current.certificate}" is not one of the application's certificates (${listed(certificates.map((c) => c.name))}); name the generated one the vendor uses now, written as in its entry` });
        } else if (named.certificatePem !== undefined) {
            issues.push({ field: `${field}.certificate`, message: `"${current.certificate}" is a supplied certificate (certificatePem): its private key stays with the vendor, so there is nothing to hand over; name a generated certificate, or leave certificate out` });
        }
    }
    return issues;
}

/**
 * The names a reader's assignment on `secretName` had before: by its place in the list, as every
 * reader was named once and one whose principal was an Output until it had to be named; by its
 * principal, for one known now that is given a name.
 */
function earlierReaderNames(secretName: string, reader: SecretReader, index: number): string[] {
    const id = known<string>(reader.principalId)?.toLowerCase();
    const byPrincipal = id !== undefined && reader.name !== undefined && reader.name !== id ? [`${secretName}-reader-${id}`] : [];
    return [...byPrincipal, `${secretName}-reader-${index}`];
}

/** An RFC 3339 date as Key Vault's attribute form: whole seconds since 1970. */
function epochSeconds(date: pulumi.Input<string>): pulumi.Output<number> {
    return pulumi.output(date).apply((d) => Math.floor(Date.parse(d) / 1000));
}
