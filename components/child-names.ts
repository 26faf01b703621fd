import type { ClientApplicationArgs } from "./client-application";
import { exportName } from "./client-secrets-export";
import type { CmkStorageAccountArgs } from "./cmk-storage-account";
import { KeyAccessDefaults, rbacPropagationSeconds } from "./key-access";
import { principalGrantKey } from "./key-vault-access-policies";
import { privateEndpointResourceNames } from "./private-endpoint";
import { scopeKeyAccesses, scopeKeyAccessName } from "./storage-encryption-scopes";
import { ValidationIssue } from "./validation";

/**
 * One resource a component registers directly under it. Its URN is `<component type>$<type>::<name>`: the
 * component's type, not its name, so every component of one type shares one space of child names. Children
 * are named `<component>-<entry>-<role>`, and two components whose names and entries join alike ("vendor"
 * with a credential "eu-primary", "vendor-eu" with "primary") would register one URN twice, which the Pulumi
 * engine refuses for the whole program (pulumi/pulumi sdk/go/common/diag/errors.go, GetDuplicateResourceURNError:
 * "Duplicate resource URN '<urn>'; try giving it a unique name"). A nested component (a grant's `KeyAccess`, an
 * identity's `ManagedIdentity`) is listed, not its own children: those are `<nested name>-<role>`, one per role,
 * so they differ wherever the nested components' names do.
 */
export interface ChildName {
    /** The child's type token, as its URN names it after the component's. */
    type: string;
    /** Its resource name. */
    name: string;
    /** The argument its name is made from besides the component's name (`certificates[0].name`); "" for none. */
    field: string;
}

/** The type tokens of the children listed here, as the providers' classes register them. */
export const CHILD_TYPES = {
    application: "azuread:index/application:Application",
    servicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
    applicationCertificate: "azuread:index/applicationCertificate:ApplicationCertificate",
    applicationPassword: "azuread:index/applicationPassword:ApplicationPassword",
    federatedCredential: "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
    privateKey: "tls:index/privateKey:PrivateKey",
    selfSignedCert: "tls:index/selfSignedCert:SelfSignedCert",
    secret: "azure-native:keyvault:Secret",
    roleAssignment: "azure-native:authorization:RoleAssignment",
    sleep: "time:index/sleep:Sleep",
    keyAccess: "azure-byok:keyvault:KeyAccess",
    managedIdentity: "azure-byok:managedidentity:ManagedIdentity",
    randomString: "random:index/randomString:RandomString",
    storageAccount: "azure-native:storage:StorageAccount",
    encryptionScope: "azure-native:storage:EncryptionScope",
    blobService: "azure-native:storage:BlobServiceProperties",
    blobContainer: "azure-native:storage:BlobContainer",
    privateEndpoint: "azure-native:network:PrivateEndpoint",
    privateDnsZoneGroup: "azure-native:network:PrivateDnsZoneGroup",
} as const;

/** Whether a wait of `wait` makes a Sleep (waitForRoleAssignments makes none for 0s). */
function waits(wait: string | undefined): boolean {
    return rbacPropagationSeconds(wait ?? KeyAccessDefaults.rbacPropagationWait) !== 0;
}

/**
 * What ClientApplication `name` registers under it, in the order it does: the application and its
 * service principal, each certificate's key, certificate and credential (a supplied one's credential
 * alone), each client secret and federated credential, the handed-over secrets and their readers'
 * role assignments, the grants, the waits and the vault readers. Nothing is listed for a value known
 * only at deploy (a reader's Output object id without a name), which validation refuses.
 */
export function clientApplicationChildNames(name: string, args: ClientApplicationArgs): ChildName[] {
    const T = CHILD_TYPES;
    const children: ChildName[] = [
        { type: T.application, name: `${name}-application`, field: "" },
        { type: T.servicePrincipal, name: `${name}-service-principal`, field: "" },
    ];
    (args.certificates ?? []).forEach((c, i) => {
        const field = `certificates[${i}].name`;
        if (c.certificatePem === undefined) {
            children.push({ type: T.privateKey, name: `${name}-${c.name}-key`, field }, { type: T.selfSignedCert, name: `${name}-${c.name}-cert`, field });
        }
        children.push({ type: T.applicationCertificate, name: `${name}-${c.name}-credential`, field });
    });
    (args.clientSecrets ?? []).forEach((s, i) => children.push({ type: T.applicationPassword, name: `${name}-${s.name}-secret`, field: `clientSecrets[${i}].name` }));
    (args.federatedCredentials ?? []).forEach((f, i) => children.push({ type: T.federatedCredential, name: `${name}-${f.name}-federated-credential`, field: `federatedCredentials[${i}].name` }));
    const handover = args.secretsExportConfiguration;
    const readers = handover?.readers ?? [];
    if (handover !== undefined) {
        // exportCredentials' order: client secrets, generated certificates, then the rotation secrets `current` names.
        const written = [
            ...(args.clientSecrets ?? []).map((s, i) => ({ secret: exportName.clientSecret(name, s.name), field: `clientSecrets[${i}].name` })),
            ...(args.certificates ?? []).flatMap((c, i) => (c.certificatePem === undefined ? [{ secret: exportName.certificate(name, c.name), field: `certificates[${i}].name` }] : [])),
            ...(handover.current?.clientSecret !== undefined ? [{ secret: exportName.currentClientSecret(name), field: "secretsExportConfiguration.current.clientSecret" }] : []),
            ...(handover.current?.certificate !== undefined ? [{ secret: exportName.currentCertificate(name), field: "secretsExportConfiguration.current.certificate" }] : []),
        ];
        for (const { secret, field } of written) {
            children.push({ type: T.secret, name: `${secret}-export`, field });
            readers.forEach((reader, j) => {
                const key = principalGrantKey({ name: reader.name, principal: reader.principalId });
                if (key !== undefined) children.push({ type: T.roleAssignment, name: `${secret}-reader-${key}`, field: `secretsExportConfiguration.readers[${j}]` });
            });
        }
    }
    const grants = args.grants ?? [];
    grants.forEach((g, i) => children.push({ type: T.keyAccess, name: `${name}-${g.name ?? g.permissions}`, field: `grants[${i}]` }));
    if (handover !== undefined && readers.length > 0 && children.some((c) => c.type === T.secret) && waits(args.rbacPropagationWait)) {
        children.push({ type: T.sleep, name: `${name}-readers-rbac-propagation`, field: "" });
    }
    const vaultRead = grants.flatMap((g, i) => (g.vaultRead === true ? [{ type: T.roleAssignment, name: `${name}-${g.name ?? g.permissions}-vault-read`, field: `grants[${i}]` }] : []));
    children.push(...vaultRead);
    if (vaultRead.length > 0 && waits(args.rbacPropagationWait)) {
        children.push({ type: T.sleep, name: `${name}-vault-read-rbac-propagation`, field: "" });
    }
    return children;
}

/**
 * What CmkStorageAccount `name` registers under it: its own identity and grant unless given, the
 * generated name's suffix unless `accountName` is given, the account, the grants for its scopes'
 * keys, the scopes, the blob service, the containers and the private endpoints (with their DNS zone
 * groups). A scope grant whose name is not known before deploy is left out: validation refuses it.
 */
export function cmkStorageAccountChildNames(name: string, args: CmkStorageAccountArgs): ChildName[] {
    const T = CHILD_TYPES;
    const cmk = args.customerManagedKey;
    const children: ChildName[] = [];
    if (cmk.userAssignedIdentity === undefined) children.push({ type: T.managedIdentity, name: `${name}-identity`, field: "" });
    if (cmk.keyAccess === undefined) children.push({ type: T.keyAccess, name: `${name}-key-access`, field: "" });
    if (args.accountName === undefined) children.push({ type: T.randomString, name: `${name}-name-suffix`, field: "" });
    children.push({ type: T.storageAccount, name: `${name}-account`, field: "" });
    const scopes = args.encryptionScopes ?? [];
    for (const grant of scopeKeyAccesses(args)) {
        if (grant.label === undefined) continue;
        const first = grant.scopes[0];
        // Named for its key (the vault's), which a scope's keyAccessName gives, or else its key.
        const field = grant.scopes.find((i) => scopes[i].keyAccessName !== undefined) ?? first;
        children.push({ type: T.keyAccess, name: scopeKeyAccessName(name, grant), field: `encryptionScopes[${field}].${scopes[field].keyAccessName !== undefined ? "keyAccessName" : "key"}` });
    }
    scopes.forEach((scope, i) => children.push({ type: T.encryptionScope, name: `${name}-${scope.name}-scope`, field: `encryptionScopes[${i}].name` }));
    children.push({ type: T.blobService, name: `${name}-blob-service`, field: "" });
    (args.containers ?? []).forEach((container, i) => children.push({ type: T.blobContainer, name: `${name}-${container.name}-container`, field: `containers[${i}].name` }));
    (args.privateEndpoints ?? []).forEach((endpoint, i) => {
        const names = privateEndpointResourceNames(name, i);
        children.push({ type: T.privateEndpoint, name: names.endpoint, field: "" });
        if ((endpoint.privateDnsZoneResourceIds ?? []).length > 0) children.push({ type: T.privateDnsZoneGroup, name: names.dnsZoneGroup, field: "" });
    });
    return children;
}

/** The list an argument is in (`certificates` of `certificates[0].name`), or the argument itself. */
export function argumentList(field: string): string {
    return field.replace(/\[.*$/, "");
}

/**
 * Children of one component that would share a URN, each reported at the later one's argument. Two
 * made from one list (two certificates of one name) are left to that list's own rule on repeated names.
 */
export function childNameIssues(children: readonly ChildName[]): ValidationIssue[] {
    const seen = new Map<string, ChildName>();
    const issues: ValidationIssue[] = [];
    for (const child of children) {
        const id = `${child.type}::${child.name}`;
        const first = seen.get(id);
        if (first === undefined) {
            seen.set(id, child);
        } else if (argumentList(first.field) !== argumentList(child.field)) {
            issues.push({
                field: child.field,
                message: `would make ${child.type} "${child.name}", which ${first.field === "" ? "the component's name" : first.field} makes too: a Pulumi URN holds a resource's type and name, so the engine would refuse the second ("Duplicate resource URN"); rename one`,
            });
        }
    }
    return issues;
}
