import * as pulumi from "@pulumi/pulumi";
import type { ClientApplicationDefaults } from "./client-application";
import { addUtcYears, certificateProblems, rfc3339 } from "./certificates";
import { goTimeAsRfc3339, RFC3339_RULE, rfc3339Ms } from "./config-date";
import { ArgSpec, isRecord, listShapeIssues, shapeIssues, ValidationIssue } from "./validation";

// The rules a ClientApplication's credentials meet, and the end date a client secret defaults to.
// The bounds come from ClientApplicationDefaults, passed in, so the component keeps its one Defaults object.

/** The subject of a generated certificate (RFC 5280 distinguished-name parts). */
export interface ClientCertificateSubject {
    commonName?: string;
    organization?: string;
    organizationalUnit?: string;
    country?: string;
    province?: string;
    locality?: string;
}

/**
 * One certificate credential. Two can be live at once, so a rotation never leaves the app without one.
 * A generated certificate keeps what it was made with (validityDays, rsaBits, subject, and the
 * displayName its CN defaults to): editing them later changes nothing; a certificate made otherwise
 * comes under a new name. A supplied `certificatePem` edited in place replaces the credential at once.
 */
export interface ClientCertificate {
    /** Required. Names the credential and its resources (`<app>-<name>-credential`); letters, digits and hyphens, at most 63. Renaming replaces the credential. */
    name: string;
    /** Conditional. A PEM certificate the vendor generated (the vendor keeps its private key); RSA of at least 2048 bits, valid at most 2 years from its notBefore (730 days, 731 across 29 February). Defaults to none: a key pair is generated here. */
    certificatePem?: string;
    /** Optional. Generated certificates only: validity in days, 1–730 (the shortest two years: the certificate starts when it is made). Defaults to `365`. */
    validityDays?: number;
    /** Optional. Generated certificates only: RSA key size, 3072 or 4096. Defaults to `3072`. */
    rsaBits?: 3072 | 4096;
    /** Optional. Generated certificates only. Defaults to `{ commonName: <displayName> }`; a subject without `commonName` gets that one. */
    subject?: ClientCertificateSubject;
    /** Optional. Generated certificates only: the password of the PFX bundle. Defaults to `""` (the bundle is a Pulumi secret either way). */
    pfxPassword?: pulumi.Input<string>;
}

/**
 * A client secret, for clients that take only a secret. Two can be live at once, for rotation. Its end
 * date is fixed when it is made: editing validityDays or endDate later changes nothing; a secret with
 * another end date comes under a new name.
 */
export interface ClientSecret {
    /** Required. Names the secret and its resource (`<app>-<name>-secret`); letters, digits and hyphens, at most 63. Renaming replaces the secret. */
    name: string;
    /** Optional. How long the secret is valid, and the bound on `endDate`: 1–730 days (at 730, an `endDate` up to two calendar years away, 731 days across 29 February). Defaults to `180`. */
    validityDays?: number;
    /** Optional. A fixed end date (RFC3339), in the future and at most `validityDays` days away. Defaults to midnight UTC of the first deploy's day plus `validityDays`, kept from the first deploy. */
    endDate?: string;
}

/**
 * A federated identity credential: the vendor's workload signs in with a token its own identity
 * provider issues (workload identity federation), so no secret or private key exists to leak or rotate.
 */
export interface ClientFederatedCredential {
    /** Required. Names the credential in Entra and its resource (`<app>-<name>-federated-credential`); 1–120 letters, digits, `-`, `_`, `.` and `~`. Renaming replaces the credential. */
    name: string;
    /** Required. The vendor's token issuer, as its tokens' `iss` claim has it: an https URL of at most 600 characters, e.g. `https://token.actions.githubusercontent.com`. */
    issuer: string;
    /** Required. The vendor workload's identity, as its tokens' `sub` claim has it (at most 600 characters); Entra matches it exactly. */
    subject: string;
    /** Optional. The one audience Entra accepts in the vendor's tokens (at most 600 characters). Defaults to the one Entra documents for the cloud of the azuread provider the credential is created with (an explicit provider's `environment`; the default provider's `azuread:environment`, else `ARM_ENVIRONMENT`): `api://AzureADTokenExchange` (global), `api://AzureADTokenExchangeUSGov` (US Government), `api://AzureADTokenExchangeChina` (China). */
    audience?: string;
    /** Optional. Shown in Entra, at most 600 characters. Defaults to none. */
    description?: string;
}

type Defaults = typeof ClientApplicationDefaults;

/** How a credential fares once its end date passes, which decides what its expiry warning asks for. */
export type ExpiringCredential = "suppliedCertificate" | "generatedCertificate" | "pinnedSecret" | "defaultedSecret";

/** Days before its end date a credential is warned of: Entra's applicationCredentialExpiry recommendation flags 30. */
export const EXPIRY_WARNING_DAYS = 30;

/** A certificate's or client secret's name, which names its resources: letters, digits and hyphens, 1–63. */
export const CREDENTIAL_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}$/;
const DAY_MS = 86400 * 1000;
const FEDERATED_NAME = /^[A-Za-z0-9_.~-]{1,120}$/;
const GRAPH_TEXT_LIMIT = 600;

export const CLIENT_CERTIFICATE_ARGS = { name: "string", certificatePem: "string", validityDays: "number", rsaBits: "number", subject: "object", pfxPassword: "input" } as const satisfies ArgSpec<ClientCertificate>;
export const CLIENT_CERTIFICATE_SUBJECT_ARGS = {
    commonName: "string",
    organization: "string",
    organizationalUnit: "string",
    country: "string",
    province: "string",
    locality: "string",
} as const satisfies ArgSpec<ClientCertificateSubject>;
export const CLIENT_SECRET_ARGS = { name: "string", validityDays: "number", endDate: "string" } as const satisfies ArgSpec<ClientSecret>;
export const CLIENT_FEDERATED_CREDENTIAL_ARGS = { name: "string", issuer: "string", subject: "string", audience: "string", description: "string" } as const satisfies ArgSpec<ClientFederatedCredential>;

/** The shape of the certificates, clientSecrets and federatedCredentials lists from an untyped caller; a certificate or secret entry is not quoted: it may be the private key or secret itself. */
export function credentialShapeIssues(args: Record<string, unknown>): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const credential = { name: "the credential's name, which names its resources" };
    issues.push(...listShapeIssues(args.certificates, CLIENT_CERTIFICATE_ARGS, "certificates", { required: credential, closed: true, quoted: false }));
    (Array.isArray(args.certificates) ? args.certificates : []).forEach((c, i) => {
        if (isRecord(c) && isRecord(c.subject)) issues.push(...shapeIssues(c.subject, CLIENT_CERTIFICATE_SUBJECT_ARGS, `certificates[${i}].subject`, { closed: true }));
    });
    issues.push(...listShapeIssues(args.clientSecrets, CLIENT_SECRET_ARGS, "clientSecrets", { required: credential, closed: true, quoted: false }));
    issues.push(...listShapeIssues(args.federatedCredentials, CLIENT_FEDERATED_CREDENTIAL_ARGS, "federatedCredentials", {
        required: { ...credential, issuer: "the vendor's token issuer (its tokens' iss claim)", subject: "the vendor workload's identity (its tokens' sub claim)" },
        closed: true,
        // Entra's name for the one audience this takes.
        renamed: { audiences: "audience" },
    }));
    return issues;
}

/** Every rule the certificate credentials break; `now` decides whether a supplied certificate has expired. */
export function certificateIssues(certificates: ClientCertificate[], now: Date, bounds: Defaults["certificate"]): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const add = (field: string, message: string) => issues.push({ field, message });
    const seen = new Set<string>();
    certificates.forEach((c, i) => {
        const field = `certificates[${i}]`;
        if (!CREDENTIAL_NAME.test(c.name ?? "")) {
            add(`${field}.name`, `"${String(c.name)}" is not a credential name: letters, digits and hyphens, 1–63, starting with a letter or digit`);
        } else if (seen.has(c.name.toLowerCase())) {
            add(`${field}.name`, `"${c.name}" is used twice; give each certificate its own name`);
        }
        seen.add(String(c.name).toLowerCase());
        if (c.certificatePem !== undefined) {
            for (const generatedOnly of ["validityDays", "rsaBits", "subject", "pfxPassword"] as const) {
                if (c[generatedOnly] !== undefined) {
                    add(`${field}.${generatedOnly}`, "applies to generated certificates only, and certificatePem supplies one");
                }
            }
            certificateProblems(c.certificatePem, now, { minRsaBits: bounds.minimumSuppliedRsaBits, maxValidityYears: bounds.maxValidityYears }).forEach((message) => add(`${field}.certificatePem`, message));
            return;
        }
        const days = c.validityDays;
        if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > bounds.maxValidityDays)) {
            add(`${field}.validityDays`, `${days} is ${Number.isInteger(days) ? "outside" : "not a whole number of days in"} 1–${bounds.maxValidityDays}: ${lifetimeBound("a generated certificate", bounds, "asymmetricKeyLifetime")}`);
        }
        if (c.rsaBits !== undefined && c.rsaBits !== 3072 && c.rsaBits !== 4096) {
            add(`${field}.rsaBits`, `${String(c.rsaBits)} is not offered; generated keys are RSA 3072 or 4096`);
        }
        if (c.subject !== undefined && Object.values(c.subject).every((v) => v === undefined || v === "")) {
            add(`${field}.subject`, "is empty; give at least a commonName, or leave subject unset for { commonName: <displayName> }");
        }
        // X.520 countryName is exactly two letters (RFC 5280's ub-country-name-alpha-length); strict parsers refuse others.
        const country = c.subject?.country;
        if (country !== undefined && country !== "" && !/^[A-Z]{2}$/.test(country)) {
            add(`${field}.subject.country`, `"${country}" is not a country code: two capital letters, ISO 3166-1 alpha-2 such as "US" or "DE"`);
        }
    });
    return issues;
}

/** Every rule the client secrets break; `now` decides "already past" and "too far" for a fixed end date. */
export function clientSecretIssues(secrets: ClientSecret[], now: Date, bounds: Defaults["clientSecret"]): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const add = (field: string, message: string) => issues.push({ field, message });
    const secretNames = new Set<string>();
    secrets.forEach((secret, i) => {
        const field = `clientSecrets[${i}]`;
        if (!CREDENTIAL_NAME.test(secret.name ?? "")) {
            add(`${field}.name`, `"${String(secret.name)}" is not a credential name: letters, digits and hyphens, 1–63, starting with a letter or digit`);
        } else if (secretNames.has(secret.name.toLowerCase())) {
            add(`${field}.name`, `"${secret.name}" is used twice; give each secret its own name`);
        }
        secretNames.add(String(secret.name).toLowerCase());
        const days = secret.validityDays ?? bounds.validityDays;
        if (!Number.isInteger(days) || days < 1 || days > bounds.maxValidityDays) {
            add(`${field}.validityDays`, `${days} is ${Number.isInteger(days) ? "outside" : "not a whole number of days in"} 1–${bounds.maxValidityDays}: ${lifetimeBound("a client secret", bounds, "passwordLifetime")}`);
        } else if (secret.endDate !== undefined) {
            const at = rfc3339Ms(secretEndDate(secret.endDate));
            if (Number.isNaN(at)) {
                add(`${field}.endDate`, `"${secret.endDate}" is not ${RFC3339_RULE} (the azuread provider reads it with Go's time.RFC3339)`);
            } else if (at <= now.getTime()) {
                add(`${field}.endDate`, `"${secret.endDate}" is already past, and Entra refuses a secret that has expired: remove this entry, or replace it with a new secret under a new name (a deployed secret keeps its first end date, so a later one here changes nothing)`);
            } else if (days === bounds.maxValidityDays && at > addUtcYears(now, bounds.maxValidityYears).getTime()) {
                // At the bound, a date is held to calendar years: two years from 1 June 2027 is 1 June 2029, 731 days on.
                add(`${field}.endDate`, `"${secret.endDate}" is more than ${bounds.maxValidityYears} years away (after ${rfc3339(addUtcYears(now, bounds.maxValidityYears))}): ${lifetimeBound("a client secret", bounds, "passwordLifetime")}; choose an earlier date`);
            } else if (days < bounds.maxValidityDays && at > now.getTime() + days * DAY_MS) {
                add(`${field}.endDate`, `"${secret.endDate}" is more than ${days} days away; choose an earlier date or raise validityDays (at most ${bounds.maxValidityDays}, which takes an endDate up to ${bounds.maxValidityYears} years away)`);
            }
        }
    });
    return issues;
}

/** azuread's names for each cloud (its `environment` setting, any case), by the cloud azure-native calls it. */
const ENTRA_ENVIRONMENTS: Readonly<Record<string, "public" | "usgovernment" | "china">> = {
    global: "public",
    public: "public",
    usgovernment: "usgovernment",
    usgovernmentl4: "usgovernment",
    usgovernmentl5: "usgovernment",
    dod: "usgovernment",
    china: "china",
};

/** The cloud an azuread `environment` names; undefined for a name azuread does not know. */
export function entraCloud(environment: string): "public" | "usgovernment" | "china" | undefined {
    const key = environment.trim().toLowerCase();
    return Object.prototype.hasOwnProperty.call(ENTRA_ENVIRONMENTS, key) ? ENTRA_ENVIRONMENTS[key] : undefined;
}

/** Entra's token-exchange audience in each cloud. */
const FEDERATED_AUDIENCES = {
    public: "api://AzureADTokenExchange",
    usgovernment: "api://AzureADTokenExchangeUSGov",
    china: "api://AzureADTokenExchangeChina",
} as const;

/**
 * The audience a federated credential gets when its entry names none: Entra matches the `aud` claim
 * exactly, and each national cloud's Entra has its own, so a Government application given the
 * global one would refuse every exchange (AADSTS700212). `environment` is azuread's; none, or one
 * it does not name a cloud by, is the global cloud's.
 */
export function defaultFederatedAudience(environment: string | undefined): string {
    return FEDERATED_AUDIENCES[entraCloud(environment ?? "") ?? "public"];
}

/** Microsoft Graph's rules for an application's federated identity credentials (federatedIdentityCredential resource type). */
export function federatedCredentialIssues(credentials: ClientFederatedCredential[], bounds: Defaults["federatedCredential"]): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const max = bounds.maxPerApplication;
    if (credentials.length > max) {
        issues.push({ field: "federatedCredentials", message: `holds ${credentials.length} credentials; Entra allows at most ${max} on one application` });
    }
    const names = new Set<string>();
    const trusts = new Map<string, number>();
    credentials.forEach((f, i) => {
        const field = `federatedCredentials[${i}]`;
        const add = (f2: string, message: string) => issues.push({ field: `${field}.${f2}`, message });
        if (typeof f.name !== "string" || !FEDERATED_NAME.test(f.name)) {
            add("name", `"${String(f.name)}" is not a federated credential name: 1–120 letters, digits, "-", "_", "." and "~" (Entra's names are URL friendly)`);
        } else if (names.has(f.name.toLowerCase())) {
            add("name", `"${f.name}" is used twice; give each federated credential its own name`);
        }
        names.add(String(f.name).toLowerCase());
        let url: URL | undefined;
        try {
            url = typeof f.issuer === "string" ? new URL(f.issuer) : undefined;
        } catch {
            url = undefined;
        }
        if (typeof f.issuer !== "string" || f.issuer.trim() !== f.issuer || url === undefined || url.protocol !== "https:" || f.issuer.length > GRAPH_TEXT_LIMIT) {
            add("issuer", `"${String(f.issuer)}" is not an issuer: the https URL of the vendor's identity provider, exactly as its tokens' iss claim has it, at most ${GRAPH_TEXT_LIMIT} characters`);
        }
        if (typeof f.subject !== "string" || f.subject.length === 0 || f.subject.length > GRAPH_TEXT_LIMIT || f.subject.trim() !== f.subject) {
            add("subject", `"${String(f.subject)}" is not a subject: the vendor workload's sub claim, 1–${GRAPH_TEXT_LIMIT} characters without surrounding spaces`);
        }
        if (f.audience !== undefined && (f.audience.length === 0 || f.audience.length > GRAPH_TEXT_LIMIT)) {
            add("audience", `is ${f.audience.length === 0 ? "empty" : `${f.audience.length} characters`}; give one audience of 1–${GRAPH_TEXT_LIMIT} characters, or leave it out for the cloud's own ("${bounds.audience}" in the global cloud)`);
        }
        if (f.description !== undefined && f.description.length > GRAPH_TEXT_LIMIT) {
            add("description", `is ${f.description.length} characters; Entra keeps at most ${GRAPH_TEXT_LIMIT}`);
        }
        // Entra matches a token to a credential by issuer and subject: the pair must be unique on the application.
        const trust = `${String(f.issuer)}\u0000${String(f.subject)}`;
        const earlier = trusts.get(trust);
        if (earlier !== undefined) {
            add("subject", `repeats the issuer and subject of federatedCredentials[${earlier}]; Entra keeps one credential per issuer and subject on an application`);
        } else {
            trusts.set(trust, i);
        }
    });
    return issues;
}

/**
 * The warning for `credential` (`certificate "primary"`), of `kind`, ending at `endDate`: from
 * EXPIRY_WARNING_DAYS before it, and once past it; undefined before then. It names the credential
 * and its end date, never its value.
 */
export function credentialExpiryWarning(credential: string, kind: ExpiringCredential, endDate: string, now: Date): string | undefined {
    const left = Date.parse(endDate) - now.getTime();
    if (Number.isNaN(left) || left > EXPIRY_WARNING_DAYS * DAY_MS) return undefined;
    const days = Math.ceil(left / DAY_MS);
    const when = left <= 0 ? `expired on ${endDate}` : `expires on ${endDate}, in ${days} day${days === 1 ? "" : "s"}`;
    const advice = {
        suppliedCertificate: "ask the vendor for its renewed certificate and add it under a new name in certificates, then remove this entry once the vendor signs in with the new one; an expired certificate is refused here until it is replaced or removed",
        generatedCertificate: "add a new entry under a new name in certificates, hand it to the vendor, then remove this one; the first pulumi up after it expires re-issues the certificate on the same key (the tls provider renews the certificate, not its key), with a new thumbprint and PFX, which the vendor must then be given",
        pinnedSecret: "add a new entry under a new name in clientSecrets, hand it over, then remove this one; an endDate already past is refused here until the entry is removed",
        defaultedSecret: "add a new entry under a new name in clientSecrets, hand it over, then remove this one; an expired secret stays in Entra but no longer signs in",
    }[kind];
    return `${credential} ${when}: ${advice}`;
}

/**
 * Where a credential's lifetime bound comes from, for its messages: this product, since Entra sets
 * none on a credential added through Microsoft Graph; a tenant's app management policy (`policy`,
 * its restriction's name) may set a shorter one, which Entra then enforces.
 */
function lifetimeBound(what: string, bounds: { maxValidityYears: number; maxValidityDays: number }, policy: "asymmetricKeyLifetime" | "passwordLifetime"): string {
    return `this product takes ${what} valid at most ${bounds.maxValidityYears} years, ${bounds.maxValidityDays} days as a count of days (Entra itself sets no limit; a tenant's app management policy, ${policy}, may set a shorter one)`;
}

/**
 * The end date a client secret is given: as written, or, written unquoted in a stack file (which
 * the Pulumi CLI hands over as Go's time.Time String()), the RFC3339 date-time it stands for.
 */
export function secretEndDate(endDate: string): string {
    return goTimeAsRfc3339(endDate) ?? endDate;
}

/** Midnight UTC of today plus `days`: runs on one day agree, and `ignoreChanges` keeps the first deploy's. */
export function defaultSecretEndDate(days: number, now: Date = new Date()): string {
    return rfc3339(new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + days * DAY_MS));
}
