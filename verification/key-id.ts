import { InvalidKeyIdError } from "./errors";

/** The clouds whose keys verify takes: their data planes' domain suffix, identity provider and the Azure CLI's name. */
export const VAULT_CLOUDS = [
    { suffix: "azure.net", name: "public", signIn: "https://login.microsoftonline.com", cli: "AzureCloud" },
    { suffix: "azure.cn", name: "China", signIn: "https://login.chinacloudapi.cn", cli: "AzureChinaCloud" },
    { suffix: "usgovcloudapi.net", name: "US Government", signIn: "https://login.microsoftonline.us", cli: "AzureUSGovernment" },
] as const;

export type VaultCloud = (typeof VAULT_CLOUDS)[number];

/** Key Vault and Managed HSM data-plane domains of those clouds (`.vault.azure.net`, ...). */
export const VAULT_DOMAINS: readonly string[] = ["vault", "managedhsm"].flatMap((plane) => VAULT_CLOUDS.map((c) => `.${plane}.${c.suffix}`));

/** The cloud of a vault or pool host; undefined for a host on no Key Vault domain. */
export function vaultCloud(vaultHost: string): VaultCloud | undefined {
    const hostname = vaultHost.toLowerCase().replace(/:\d+$/, "");
    return VAULT_CLOUDS.find((c) => hostname.endsWith(`.vault.${c.suffix}`) || hostname.endsWith(`.managedhsm.${c.suffix}`));
}

/** The token scope of a vault's data plane: its domain as the resource (`https://vault.azure.cn/.default`). */
export function dataPlaneScope(vaultHost: string): string {
    const hostname = vaultHost.toLowerCase().replace(/:\d+$/, "");
    const domain = VAULT_DOMAINS.find((d) => hostname.endsWith(d)) ?? VAULT_DOMAINS[0];
    return `https://${domain.slice(1)}/.default`;
}

export interface ParsedKeyId {
    /** The id as given, normalised (no trailing slash). */
    keyId: string;
    vaultUrl: string;
    vaultHost: string;
    name: string;
    /** Empty when the id is versionless (the latest version is verified). */
    version: string;
}

/** Parses `https://<vault>.vault.azure.net/keys/<name>[/<version>]`; throws InvalidKeyIdError. */
export function parseKeyId(keyId: string): ParsedKeyId {
    let url: URL;
    try {
        url = new URL(keyId);
    } catch {
        throw new InvalidKeyIdError(keyId, "is not a URL");
    }
    if (url.protocol !== "https:") {
        throw new InvalidKeyIdError(keyId, "must use https");
    }
    const host = url.hostname.toLowerCase();
    if (!VAULT_DOMAINS.some((domain) => host.endsWith(domain))) {
        throw new InvalidKeyIdError(keyId, `is not on a Key Vault domain (${VAULT_DOMAINS.join(", ")})`);
    }
    // Key Vault's key ids name no port (https://<vault>.vault.azure.net/keys/<name>/<version>, the
    // kid of every key bundle: learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates#object-identifiers),
    // and the SDK's clients built from a kid call it on 443: an id with another port would be read
    // back as another key's. `:443` itself is dropped by URL.
    if (url.port) {
        throw new InvalidKeyIdError(keyId, `names port ${url.port}: Key Vault key ids carry no port, its vaults and Managed HSM pools answer on 443 only`);
    }
    const parts = url.pathname.replace(/\/+$/, "").split("/").slice(1);
    if (parts[0] !== "keys" || !parts[1] || parts.length > 3) {
        throw new InvalidKeyIdError(keyId, "is not a key identifier (expected /keys/<name>[/<version>])");
    }
    if (!/^[0-9A-Za-z-]{1,127}$/.test(parts[1])) {
        throw new InvalidKeyIdError(keyId, "has an invalid key name (1-127 letters, digits and dashes)");
    }
    const version = parts[2] ?? "";
    if (version && !/^[0-9a-f]{32}$/i.test(version)) {
        throw new InvalidKeyIdError(keyId, "has an invalid version (32 hex characters)");
    }
    const vaultHost = vaultHostOf(url);
    const vaultUrl = `https://${vaultHost}`;
    return { keyId: `${vaultUrl}/keys/${parts[1]}${version ? `/${version}` : ""}`, vaultUrl, vaultHost, name: parts[1], version };
}

/**
 * A vault's host as every per-vault record keys it: lower case, a port kept (`:443` is dropped by URL
 * itself). A key id with a port is refused by parseKeyId; a URL the vault answers with one (a
 * nextLink) is then another host than the vault's, and ownVaultPolicy refuses it.
 */
export function vaultHostOf(url: URL): string {
    const host = url.hostname.toLowerCase();
    return url.port ? `${host}:${url.port}` : host;
}
