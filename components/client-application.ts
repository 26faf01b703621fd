import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { childNameIssues, clientApplicationChildNames } from "./child-names";
import { certificateCredential, ClientCertificateOutputs } from "./client-certificates";
import { assignVaultReaders, listKeysMigrationIssues, sameVault, vaultReadIssues } from "./client-vault-read";
import { certificateIssues, ClientCertificate, ClientFederatedCredential, ClientSecret, clientSecretIssues, CREDENTIAL_NAME, credentialExpiryWarning, credentialShapeIssues, defaultFederatedAudience, defaultSecretEndDate, ExpiringCredential, federatedCredentialIssues, secretEndDate } from "./client-credentials";
import { ClientSecretsExportConfiguration, exportCredentials, secretsExportIssues, secretsExportShapeIssues } from "./client-secrets-export";
import { KeyAccess, KeyAccessDefaults, validateKeyAccessArgs, validateRbacPropagationWait, waitForRoleAssignments } from "./key-access";
import { isPermissionSet, PermissionSet, permissionSets } from "./key-permissions";
import { besideKept } from "./key-vault-lock";
import { aliasedNames } from "./naming";
import { KeyReference, VaultReference } from "./types";
import { ArgSpec, checkedOnResolve, isRecord, keyReferenceShapeIssues, known, listShapeIssues, objectIdProblem, shapeIssues, throwIfInvalid, ValidationIssue, vaultReferenceShapeIssues } from "./validation";

// Moved to their own modules; still importable from here, as before.
export { CLIENT_CERTIFICATE_ARGS, CLIENT_CERTIFICATE_SUBJECT_ARGS, CLIENT_FEDERATED_CREDENTIAL_ARGS, CLIENT_SECRET_ARGS, defaultSecretEndDate } from "./client-credentials";
export type { ClientCertificate, ClientCertificateSubject, ClientFederatedCredential, ClientSecret } from "./client-credentials";
export { CLIENT_SECRETS_EXPORT_ARGS } from "./client-secrets-export";
export type { ClientSecretsExportConfiguration, CurrentCredentials, SecretReader } from "./client-secrets-export";
export type { ClientCertificateOutputs } from "./client-certificates";

/** A grant of key access to the application's service principal (a `KeyAccess` child). */
export interface ClientApplicationGrant {
    /** Optional. Names the `KeyAccess` child `<app>-<name>`. Defaults to the permission set. */
    name?: string;
    /** Conditional. The one key, for `applicationCrypto` (a backup vendor), `signing` or `cmkService` (a client that wraps keys with it). */
    key?: KeyReference;
    /** Conditional. The vault, for `keyManagementAppliance` (an appliance importing keys; premium only). */
    keyVault?: VaultReference;
    /**
     * Required. `applicationCrypto` (a backup vendor encrypting with the key: get, encrypt, decrypt), `signing`
     * (an application that signs: get, sign, verify), `cmkService` (a client that wraps its own keys with this
     * one, such as HashiCorp Vault's azurekeyvault seal or NetApp ONTAP's Azure Key Vault key manager: get,
     * wrapKey, unwrapKey) or `keyManagementAppliance` (an appliance creating and importing keys in the vault);
     * see `KeyAccess`.
     */
    permissions: PermissionSet;
    /**
     * Optional. Also assigns the service principal Key Vault Reader on the grant's vault (the key's vault for a
     * key grant), for a vendor that finds the vault or a key's versions through Azure Resource Manager rather
     * than the vault URI it is given (Veeam Backup for Microsoft Azure: vaults/read, vaults/keys/versions/read).
     * Wider than the grant: it reads the vault's properties and the metadata of every key, secret and
     * certificate in it (on an access-policy vault, through Resource Manager only), never a secret's value or
     * key material. Once per vault; refused with `keyManagementAppliance` on an RBAC vault, whose Crypto
     * Officer reads the vault already. Defaults to `false`.
     */
    vaultRead?: boolean;
    /**
     * Optional. On an access-policy vault, also `list` on the vault's keys in the grant's access policy, for a
     * vendor that lists them (Veeam Backup for Microsoft Azure: vaults/keys/read); see `KeyAccess`'s `listKeys`.
     * Refused on an RBAC vault, where no key's role lists keys (Crypto Service Encryption User no more than
     * Crypto User) and `vaultRead` does, and with `keyManagementAppliance`, which lists them already. On a
     * vault preparing its RBAC migration it needs `vaultRead` beside it, as the key's role lists nothing
     * once the vault has moved. Defaults to `false`.
     */
    listKeys?: boolean;
}

export interface ClientApplicationArgs {
    /** Optional. The name Microsoft Entra shows; give it to rename the component with `aliases`. Defaults to the resource name. */
    displayName?: string;
    /** Optional. `AzureADMultipleOrgs` needs `allowMultiTenant: true`. Defaults to `AzureADMyOrg` (single tenant). */
    signInAudience?: "AzureADMyOrg" | "AzureADMultipleOrgs";
    /** Optional. The explicit opt-in to a multi-tenant application, with `signInAudience: "AzureADMultipleOrgs"` (alone it is refused). Defaults to `false`. */
    allowMultiTenant?: boolean;
    /**
     * Optional. Object ids of further owners of the application and its service principal, users or service
     * principals (Entra refuses a group as owner), each listed once; the deploying principal is always an owner
     * besides them. An object id does not say what kind of object it names, and finding out would need the deployer
     * to read the directory (User.Read.All, Group.Read.All), so a group's id is not refused here: `pulumi up` fails
     * when the azuread provider adds it. List every principal that runs the stack (CI's and the engineers'): the
     * deployer is whoever runs Pulumi, so otherwise each run by another one changes the owners. Defaults to none:
     * the deploying principal alone.
     */
    owners?: pulumi.Input<string>[];
    /** Conditional. Certificate credentials; at least one credential (a certificate, a client secret or a federated credential) is required with `grants`. Defaults to none. */
    certificates?: ClientCertificate[];
    /** Conditional. Client secrets, each asked for by name (some appliances take only a secret). Defaults to none. */
    clientSecrets?: ClientSecret[];
    /** Conditional. Federated identity credentials, for a vendor whose workload has tokens of its own identity provider (at most 20). Defaults to none. */
    federatedCredentials?: ClientFederatedCredential[];
    /** Optional. Key access for the service principal. Defaults to none. */
    grants?: ClientApplicationGrant[];
    /** Optional. Writes each client secret (`<name>-<secret>-client-secret`) and each generated certificate with its private key (`<name>-<certificate>-certificate`, PEM) to a vault, expiring with the credential, and with `current` the credentials in use to `<name>-client-secret` and `<name>-certificate`, whose names stay through a rotation. Defaults to none: the credentials are only in the stack's secret outputs. */
    secretsExportConfiguration?: ClientSecretsExportConfiguration;
    /** Optional. How long the deploy waits after the grants' and secret readers' role assignments, so that the vendor (and `npm run verify`) can use them once `pulumi up` ends: whole seconds or minutes (`30s`, `90s`, `2m`), `0s` for none, at most `10m`. Defaults to `KeyAccessDefaults.rbacPropagationWait` (30s). */
    rbacPropagationWait?: string;
}

/**
 * A credential's longest life is this product's bound, not Entra's: Entra sets no lifetime on a
 * certificate credential, nor on a secret added through Microsoft Graph (the portal's 24-month cap is
 * the portal's); a tenant's app management policy (`asymmetricKeyLifetime`, `passwordLifetime`) may set
 * a shorter one. It is two calendar years where the credential has dates (a supplied certificate, a
 * secret's `endDate` at `validityDays: 730`), and 730 days, the shortest two years, for a count of
 * days, which starts whenever the credential is made.
 */
export const ClientApplicationDefaults = {
    signInAudience: "AzureADMyOrg",
    allowMultiTenant: false,
    certificate: {
        validityDays: 365,
        maxValidityYears: 2,
        maxValidityDays: 730,
        rsaBits: 3072,
        minimumSuppliedRsaBits: 2048,
        allowedUses: ["digital_signature", "client_auth"],
        pfxPassword: "",
    },
    clientSecret: { validityDays: 180, maxValidityYears: 2, maxValidityDays: 730 },
    federatedCredential: { audience: "api://AzureADTokenExchange", maxPerApplication: 20 },
} as const;

// Microsoft Graph's application resource: "Maximum length is 256 characters".
const GRAPH_DISPLAY_NAME_MAX = 256;

// The service principal's object id is unknown until deploy; the grant rules judge everything else.
const PRINCIPAL_PLACEHOLDER = "00000000-0000-0000-0000-000000000000";

/** How ClientApplication reads each argument: what decides the application and its credentials is a plain value; owners may be known only at deploy. */
export const CLIENT_APPLICATION_ARGS = {
    displayName: "string",
    signInAudience: "string",
    allowMultiTenant: "boolean",
    owners: "inputs",
    certificates: "list",
    clientSecrets: "list",
    federatedCredentials: "list",
    grants: "list",
    secretsExportConfiguration: "object",
    rbacPropagationWait: "string",
} as const satisfies ArgSpec<ClientApplicationArgs>;

export const CLIENT_APPLICATION_GRANT_ARGS = { name: "string", key: "object", keyVault: "object", permissions: "string", vaultRead: "boolean", listKeys: "boolean" } as const satisfies ArgSpec<ClientApplicationGrant>;

/**
 * The shape of ClientApplicationArgs from an untyped caller: every problem with it, before any rule
 * reads a value. A credential entry given as a string is not quoted: it may be the secret or private key itself.
 */
function clientApplicationShapeIssues(args: unknown): ValidationIssue[] {
    // A credential (a client secret, a PEM) pasted for its list is not echoed.
    const issues = shapeIssues(args, CLIENT_APPLICATION_ARGS, "", { closed: true, unquoted: ["clientSecrets", "certificates", "federatedCredentials", "secretsExportConfiguration"] });
    if (!isRecord(args)) return issues;
    issues.push(...credentialShapeIssues(args));
    issues.push(...listShapeIssues(args.grants, CLIENT_APPLICATION_GRANT_ARGS, "grants", {
        required: { permissions: `the permission set: ${Object.keys(permissionSets).join(", ")}` },
        closed: true,
    }));
    (Array.isArray(args.grants) ? args.grants : []).forEach((g, i) => {
        if (!isRecord(g)) return;
        if (isRecord(g.key)) issues.push(...keyReferenceShapeIssues(g.key, `grants[${i}].key`));
        if (isRecord(g.keyVault)) issues.push(...vaultReferenceShapeIssues(g.keyVault, `grants[${i}].keyVault`));
    });
    if (isRecord(args.secretsExportConfiguration)) issues.push(...secretsExportShapeIssues(args.secretsExportConfiguration));
    return issues;
}

/**
 * Every rule ClientApplicationArgs break, each naming its field; empty when valid. `now` decides
 * "expired" and "too far"; `opts`, the component's, which azure-native provider the grants' access
 * policies and the exported secrets would go through.
 */
export function validateClientApplicationArgs(name: string, args: ClientApplicationArgs, now: Date = new Date(), opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    // The rules below read the values: a wrong shape is reported first, alone.
    const shape = clientApplicationShapeIssues(args);
    if (shape.length > 0) return shape;
    const issues: ValidationIssue[] = [];
    const add = (field: string, message: string) => issues.push({ field, message });
    const D = ClientApplicationDefaults;

    if (args.displayName !== undefined && args.displayName.trim().length === 0) {
        add("displayName", "is empty; give the name the vendor will see in the tenant");
    }
    issues.push(...displayNameRenameIssues(name, args, opts));
    const shown = args.displayName ?? name;
    if ([...shown].length > GRAPH_DISPLAY_NAME_MAX) {
        if (args.displayName === undefined) add("name", `is ${[...shown].length} characters, and the application's displayName defaults to it; Microsoft Graph takes a displayName of at most ${GRAPH_DISPLAY_NAME_MAX}: shorten it, or give a displayName`);
        else add("displayName", `is ${[...shown].length} characters; Microsoft Graph takes an application's displayName of at most ${GRAPH_DISPLAY_NAME_MAX}`);
    }
    const audience = args.signInAudience ?? D.signInAudience;
    if (audience !== "AzureADMyOrg" && audience !== "AzureADMultipleOrgs") {
        add("signInAudience", `"${String(audience)}" is not offered: a key client signs in as itself from a work or school tenant; use "AzureADMyOrg"`);
    } else if (audience === "AzureADMultipleOrgs" && args.allowMultiTenant !== true) {
        add("signInAudience", `"AzureADMultipleOrgs" lets other tenants use this application; set allowMultiTenant: true to mean it, or keep "AzureADMyOrg"`);
    } else if (audience === "AzureADMyOrg" && args.allowMultiTenant === true) {
        // The flag only confirms the audience: alone it would leave the application single-tenant, unseen until the vendor's first sign-in.
        add("allowMultiTenant", `is true but signInAudience is ${args.signInAudience === undefined ? "not given (AzureADMyOrg, single tenant)" : '"AzureADMyOrg"'}; write signInAudience: "AzureADMultipleOrgs" beside it for a multi-tenant application, or leave allowMultiTenant out`);
    }
    if (args.owners !== undefined) {
        if (args.owners.length === 0) {
            add("owners", "is empty; the deployer is always an owner: leave owners out, or list the owners to add");
        }
        const seen = new Map<string, number>();
        args.owners.forEach((owner, i) => {
            const id = known<string>(owner);
            if (id === undefined) return;
            const problem = objectIdProblem(id);
            if (problem !== undefined) add(`owners[${i}]`, problem);
            const first = seen.get(id.toLowerCase());
            if (first !== undefined) add(`owners[${i}]`, `repeats owners[${first}]: list each owner once`);
            else seen.set(id.toLowerCase(), i);
        });
    }

    const certificates = args.certificates ?? [];
    issues.push(...certificateIssues(certificates, now, D.certificate));
    const secrets = args.clientSecrets ?? [];
    issues.push(...clientSecretIssues(secrets, now, D.clientSecret));
    const federated = args.federatedCredentials ?? [];
    issues.push(...federatedCredentialIssues(federated, D.federatedCredential));
    // Entra registers an application with no credential: a vendor that makes its own key pair is given the client id
    // first and hands its certificate back. Key access is granted only to an application that can sign in to use it.
    if (certificates.length === 0 && secrets.length === 0 && federated.length === 0 && (args.grants ?? []).length > 0) {
        add("certificates", "is empty and no client secret or federated credential is asked for, yet the application is granted key access it could never sign in to use; give at least one credential (a generated or supplied certificate, federatedCredentials, or clientSecrets), or register it without key access first and grant it once the vendor has handed over its certificate");
    }

    const grantNames = new Set<string>();
    (args.grants ?? []).forEach((g, i) => {
        const field = `grants[${i}]`;
        const grantName = g.name ?? String(g.permissions);
        if (g.name !== undefined && !CREDENTIAL_NAME.test(g.name)) {
            add(`${field}.name`, `"${g.name}" is not a grant name: letters, digits and hyphens, 1–63`);
        } else if (grantNames.has(grantName)) {
            add(`${field}.name`, `"${grantName}" names two grants; give each grant its own name`);
        }
        grantNames.add(grantName);
        validateKeyAccessArgs({ key: g.key, keyVault: g.keyVault, principalId: PRINCIPAL_PLACEHOLDER, permissions: g.permissions, listKeys: g.listKeys }, opts)
            .forEach((issue) => add(`${field}.${issue.field}`, issue.message));
        if (isPermissionSet(g.permissions) && g.permissions === "keyManagementAppliance" && g.keyVault !== undefined && g.keyVault.sku !== "premium") {
            add(`${field}.keyVault.sku`, `is "${g.keyVault.sku}"; an appliance imports HSM-protected keys (BYOK), which needs a premium vault`);
        }
        // An access-policy vault holds one policy per principal: a second grant there would overwrite the first.
        const vault = g.key?.keyVault ?? g.keyVault;
        const earlier = vault && !vault.enableRbacAuthorization ? (args.grants ?? []).slice(0, i).findIndex((e) => sameVault(e.key?.keyVault ?? e.keyVault, vault)) : -1;
        if (vault && earlier >= 0) {
            add(g.key ? `${field}.key.keyVault` : `${field}.keyVault`, `reaches vault ${typeof vault.vaultName === "string" ? `"${vault.vaultName}" ` : ""}like the grant at index ${earlier}; the vault uses access policies (enableRbacAuthorization: false), one per principal and vault, so the two would overwrite each other: keep one grant per access-policy vault, or use an RBAC vault for grants per key`);
        }
    });
    issues.push(...vaultReadIssues(args.grants ?? []));
    issues.push(...listKeysMigrationIssues(args.grants ?? []));
    issues.push(...secretsExportIssues(name, args, opts));
    issues.push(...validateRbacPropagationWait(args.rbacPropagationWait));
    // Each list's names are unique by its own rule above; across lists, a name made of two can still be another's.
    issues.push(...childNameIssues(clientApplicationChildNames(name, args)));
    return issues;
}

/** What one client secret gives the user to hand to the vendor. */
export interface ClientSecretOutputs {
    readonly password: azuread.ApplicationPassword;
    /** Secret: the secret's value. */
    readonly value: pulumi.Output<string>;
    readonly endDate: pulumi.Output<string>;
    readonly keyId: pulumi.Output<string>;
}

/**
 * An Entra application a third-party key client signs in as: single tenant, its service
 * principal, certificate credentials (generated here or supplied by the vendor), federated
 * credentials for a vendor workload with tokens of its own and, only when asked for, a client
 * secret; optionally its key grants. Private keys and secrets are Pulumi secrets.
 */
export class ClientApplication extends pulumi.ComponentResource {
    readonly application: azuread.Application;
    readonly servicePrincipal: azuread.ServicePrincipal;
    readonly tenantId: pulumi.Output<string>;
    readonly clientId: pulumi.Output<string>;
    /** The application's resource id, `/applications/<objectId>`. */
    readonly applicationId: pulumi.Output<string>;
    /** The service principal's object id: the `principalId` that key grants name. */
    readonly servicePrincipalObjectId: pulumi.Output<string>;
    readonly certificates: Record<string, ClientCertificateOutputs>;
    /** One entry per asked-for client secret, by name. */
    readonly clientSecrets: Record<string, ClientSecretOutputs>;
    /** One per federated credential, by name. */
    readonly federatedCredentials: Record<string, azuread.ApplicationFederatedIdentityCredential>;
    readonly grants: KeyAccess[];
    /** Key Vault Reader on a vault, one per grant that asks `vaultRead`. */
    readonly vaultReaders: authorization.RoleAssignment[];
    /** With `secretsExportConfiguration`: the Key Vault secrets by their name. */
    readonly exportedSecrets: Record<string, keyvault.Secret>;

    constructor(name: string, args: ClientApplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        const component = `ClientApplication "${name}"`;
        throwIfInvalid(component, validateClientApplicationArgs(name, args, new Date(), opts));
        super("azure-byok:entra:ClientApplication", name, {}, opts);

        const D = ClientApplicationDefaults;
        const displayName = args.displayName ?? name;
        const clientConfig = azuread.getClientConfigOutput({ parent: this });
        this.tenantId = clientConfig.tenantId;
        const owners = withDeployer((args.owners ?? []).map((owner, i) => checkedOnResolve(component, `owners[${i}]`, owner, objectIdProblem)), clientConfig.objectId);

        this.application = new azuread.Application(`${name}-application`, {
            displayName,
            signInAudience: args.signInAudience ?? D.signInAudience,
            owners,
        }, { parent: this });
        this.servicePrincipal = new azuread.ServicePrincipal(`${name}-service-principal`, {
            clientId: this.application.clientId,
            owners,
        }, { parent: this });
        // Credentials, grants and handover never take a parent's retainOnDelete: one removed from its list is revoked.
        // While the component's own retainOnDelete keeps the application in Entra as it leaves the stack, they stay with
        // it. Otherwise each is deleted before the application: Entra keeps a deleted application restorable for 30 days
        // with its credentials, so deleting only the application would leave them live in a restore.
        const beside = besideKept(this.application, { retainOnDelete: opts?.retainOnDelete === true });
        this.clientId = this.application.clientId;
        this.applicationId = this.application.id;
        this.servicePrincipalObjectId = this.servicePrincipal.objectId;

        this.certificates = {};
        for (const c of args.certificates ?? []) {
            this.certificates[c.name] = certificateCredential(this, this.application.id, `${name}-${c.name}`, c, displayName, D.certificate, beside);
            warnBeforeExpiry(this, `${component}: certificate "${c.name}"`, c.certificatePem !== undefined ? "suppliedCertificate" : "generatedCertificate", this.certificates[c.name].endDate);
        }

        this.clientSecrets = {};
        for (const s of args.clientSecrets ?? []) {
            const password = new azuread.ApplicationPassword(`${name}-${s.name}-secret`, {
                applicationId: this.application.id,
                displayName: s.name,
                endDate: s.endDate !== undefined ? secretEndDate(s.endDate) : defaultSecretEndDate(s.validityDays ?? D.clientSecret.validityDays),
            }, {
                parent: this,
                ...beside,
                // Every input of a password replaces it, and the secret the vendor holds with it: keep the first deploy's
                // end date, whether given or defaulted ("midnight today + N days", never now + N).
                ignoreChanges: ["endDate"],
            });
            this.clientSecrets[s.name] = { password, value: pulumi.secret(password.value), endDate: password.endDate, keyId: password.keyId };
            // The deployed end date: a defaulted one is the first deploy's, which ignoreChanges keeps.
            warnBeforeExpiry(this, `${component}: client secret "${s.name}"`, s.endDate !== undefined ? "pinnedSecret" : "defaultedSecret", password.endDate);
        }

        this.federatedCredentials = {};
        // The cloud of the azuread provider the credentials are created with: an explicit one's environment
        // (which it defaults to ARM_ENVIRONMENT), else the default provider's, read as it reads it.
        const entra = this.getProvider("azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential");
        const defaultAudience: pulumi.Input<string> = entra !== undefined && azuread.Provider.isInstance(entra)
            ? entra.environment.apply(defaultFederatedAudience)
            : defaultFederatedAudience(new pulumi.Config("azuread").get("environment") ?? process.env.ARM_ENVIRONMENT);
        for (const f of args.federatedCredentials ?? []) {
            this.federatedCredentials[f.name] = new azuread.ApplicationFederatedIdentityCredential(`${name}-${f.name}-federated-credential`, {
                applicationId: this.application.id,
                displayName: f.name,
                issuer: f.issuer,
                subject: f.subject,
                audiences: [f.audience ?? defaultAudience],
                description: f.description,
            }, { parent: this, ...beside });
        }

        const handover = args.secretsExportConfiguration !== undefined
            ? exportCredentials(this, name, args.secretsExportConfiguration, args, { clientSecrets: this.clientSecrets, certificates: this.certificates }, beside)
            : { secrets: {}, readerAssignments: [] };
        this.exportedSecrets = handover.secrets;

        this.grants = (args.grants ?? []).map((g) => new KeyAccess(`${name}-${g.name ?? g.permissions}`, {
            key: g.key,
            keyVault: g.keyVault,
            principalId: this.servicePrincipal.objectId,
            permissions: g.permissions,
            listKeys: g.listKeys,
            description: `azure-byok ${g.permissions} for ${displayName}`,
            rbacPropagationWait: args.rbacPropagationWait,
        }, { parent: this, ...beside }));
        waitForRoleAssignments(`${name}-readers-rbac-propagation`, handover.readerAssignments, args.rbacPropagationWait ?? KeyAccessDefaults.rbacPropagationWait, this);
        this.vaultReaders = assignVaultReaders(this, name, args.grants ?? [], this.servicePrincipal.objectId, displayName, beside);
        waitForRoleAssignments(`${name}-vault-read-rbac-propagation`, this.vaultReaders, args.rbacPropagationWait ?? KeyAccessDefaults.rbacPropagationWait, this);

        this.registerOutputs({
            tenantId: this.tenantId,
            clientId: this.clientId,
            applicationId: this.applicationId,
            servicePrincipalObjectId: this.servicePrincipalObjectId,
            certificates: Object.fromEntries(Object.entries(this.certificates).map(([k, v]) => [k, {
                certificatePem: v.certificatePem,
                thumbprint: v.thumbprint,
                thumbprintSha256: v.thumbprintSha256,
                endDate: v.endDate,
                privateKeyPem: v.privateKeyPem,
                pfxBase64: v.pfxBase64,
            }])),
            clientSecrets: Object.fromEntries(Object.entries(this.clientSecrets).map(([k, v]) => [k, { value: v.value, endDate: v.endDate }])),
            exportedSecrets: Object.fromEntries(Object.entries(this.exportedSecrets).map(([k, v]) => [k, v.properties.secretUri])),
        });
    }
}

/**
 * A rename by `aliases` (aliasedNames) while the displayName defaults to the resource name: Entra would
 * rename the application the vendor and the tenant's admins know, as Azure names follow it (renameIssues).
 */
function displayNameRenameIssues(name: string, args: ClientApplicationArgs, opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    const earlier = aliasedNames(name, opts)[0];
    if (args.displayName !== undefined || earlier === undefined) return [];
    return [{
        field: "displayName",
        message: `is not given, so the application's displayName comes from the resource name: "${name}", where "${earlier}", its earlier name in aliases, gave "${earlier}"; the rename would rename the application in Microsoft Entra, where the vendor and the tenant's admins know it by that name. Give displayName "${earlier}" (its name in Entra, the application's displayName in pulumi stack export), and the rename keeps it`,
    }];
}

/** Warns on the component when the credential's end date, once known, is near or past (credentialExpiryWarning). */
function warnBeforeExpiry(component: pulumi.ComponentResource, credential: string, kind: ExpiringCredential, endDate: pulumi.Output<string>): void {
    endDate.apply((end) => {
        const warning = credentialExpiryWarning(credential, kind, end, new Date());
        if (warning !== undefined) void pulumi.log.warn(warning, component);
    });
}

/**
 * The given owners, then the deployer unless they name it (GUIDs compared in any case). The azuread
 * provider removes a caller that `owners` leaves out, and under Application.ReadWrite.OwnedBy (CI) or
 * Application Developer (a user) only an owner may add the service principal and the credentials
 * (azuread docs: "the principal being used to run Terraform must be an owner").
 */
function withDeployer(owners: pulumi.Input<string>[], deployer: pulumi.Input<string>): pulumi.Output<string[]> {
    return pulumi.all([pulumi.all(owners), deployer]).apply(([given, me]) =>
        given.some((o) => o.toLowerCase() === me.toLowerCase()) ? given : [...given, me]);
}
