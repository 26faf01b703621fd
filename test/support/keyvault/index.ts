import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import * as path from "node:path";
import { LOGIN_HOST, TokenService, json, type Application, type RegisterApplicationOptions } from "./token-service";
import type { Vault, VaultLogEntry } from "./vault";
import { VaultService } from "./vault-service";

export { KEY_PERMISSIONS, KEY_VAULT_API_VERSIONS, ROLES, Vault, type AccessPolicy, type CreateKeyOptions, type Faults, type KeyOperation, type KeyPermission, type RoleName, type ThrottleLimit, type VaultLogEntry } from "./vault";
export type { Application } from "./token-service";

const CERTS = path.join(__dirname, "..", "certs");
export const CA_PATH = path.join(CERTS, "ca.pem");
/** The vendor application's certificate and private key (PEM), and the same as PKCS#12 with an empty password. */
export const APP_CERT_PEM_PATH = path.join(CERTS, "app.pem");
export const APP_CERT_PFX_PATH = path.join(CERTS, "app.pfx");

/** A request the proxy was asked to tunnel, and whether it did. */
export interface TunnelLogEntry {
    host: string;
    port: number;
    tunnelled: boolean;
}

/**
 * The Key Vault stand-in: one HTTPS server answering as `<vault>.vault.azure.net`, as Managed HSM
 * pools' `<pool>.managedhsm.azure.net` and as `login.microsoftonline.com` (certificate signed by test/support/certs/ca.pem), and an HTTP
 * CONNECT proxy that tunnels those host names to it. Point `HTTPS_PROXY` at `proxyUrl` and the
 * unchanged SDK clients reach it under the real names. An unknown vault name gets the answer a
 * real forward proxy gives for a name that does not resolve (502 on CONNECT).
 */
export class KeyVaultStandIn {
    readonly tokens = new TokenService();
    readonly vaultService = new VaultService(this.tokens);
    readonly tunnels: TunnelLogEntry[] = [];
    /** Set true to make the proxy drop connections (a network failure as the client sees it). */
    dropConnections = false;
    private server?: https.Server;
    private proxy?: http.Server;
    private readonly sockets = new Set<net.Socket>();
    private serverPort = 0;
    private proxyPort = 0;

    async start(): Promise<this> {
        this.server = https.createServer(
            { key: fs.readFileSync(path.join(CERTS, "server.key")), cert: fs.readFileSync(path.join(CERTS, "server.pem")) },
            (req, res) => {
                this.route(req, res).catch((error: unknown) => {
                    json(res, 500, { error: { code: "InternalServerError", message: String(error) } });
                });
            },
        );
        this.server.on("connection", (s: net.Socket) => this.track(s));
        this.serverPort = await listen(this.server);
        this.proxy = http.createServer((_req, res) => {
            res.writeHead(405).end("CONNECT only");
        });
        this.proxy.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => this.tunnel(req, client, head));
        this.proxy.on("connection", (s: net.Socket) => this.track(s));
        this.proxyPort = await listen(this.proxy);
        return this;
    }

    get proxyUrl(): string {
        return `http://127.0.0.1:${this.proxyPort}`;
    }

    get log(): VaultLogEntry[] {
        return this.vaultService.log;
    }

    addVault(name: string, tenantId: string): Vault {
        return this.vaultService.addVault(name, tenantId);
    }

    vault(name: string): Vault {
        const vault = this.vaultService.vaults.get(`${name}.vault.azure.net`);
        if (!vault) {
            throw new Error(`no vault ${name}`);
        }
        return vault;
    }

    /** A Managed HSM pool, `<name>.managedhsm.azure.net`. */
    addManagedHsm(name: string, tenantId: string): Vault {
        return this.vaultService.addManagedHsm(name, tenantId);
    }

    /** Gives a tenant a domain (contoso.onmicrosoft.com) that sign-in takes in place of its id; vaults' challenges still name the id. */
    addTenantDomain(tenantId: string, domain: string): void {
        this.tokens.addTenantDomain(tenantId, domain);
    }

    registerApplication(options: RegisterApplicationOptions): Application {
        return this.tokens.registerApplication(options);
    }

    async close(): Promise<void> {
        for (const socket of this.sockets) {
            socket.destroy();
        }
        await Promise.all([this.server, this.proxy].map((s) => (s ? new Promise<void>((r) => s.close(() => r())) : Promise.resolve())));
    }

    private track(socket: net.Socket): void {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
    }

    private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
        const url = new URL(req.url ?? "/", `https://${host}`);
        if (host === LOGIN_HOST) {
            return this.tokens.handle(req, res, url);
        }
        const vault = this.vaultService.vaults.get(host);
        if (!vault) {
            this.vaultService.log.push({ at: Date.now(), vault: host, method: req.method ?? "", path: url.pathname, operation: "misdirected", status: 421, authenticated: false });
            res.writeHead(421).end();
            return;
        }
        return this.vaultService.handle(req, res, url, vault);
    }

    private tunnel(req: http.IncomingMessage, client: net.Socket, head: Buffer): void {
        const [host, portText] = (req.url ?? "").split(":");
        const port = Number(portText || 443);
        const name = host.toLowerCase();
        const known = name === LOGIN_HOST || this.vaultService.vaults.has(name);
        this.tunnels.push({ host: name, port, tunnelled: known && !this.dropConnections });
        if (this.dropConnections) {
            client.destroy();
            return;
        }
        if (!known || port !== 443) {
            // What a forward proxy answers when the name does not resolve.
            client.end("HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\nContent-Length: 28\r\nConnection: close\r\n\r\nDNS lookup failed (NXDOMAIN)");
            return;
        }
        const upstream = net.connect(this.serverPort, "127.0.0.1", () => {
            client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
            if (head.length > 0) {
                upstream.write(head);
            }
            upstream.pipe(client);
            client.pipe(upstream);
        });
        this.track(upstream);
        upstream.on("error", () => client.destroy());
        client.on("error", () => upstream.destroy());
    }
}

/** Starts a stand-in with fresh state. Close it in afterAll. */
export async function startKeyVaultStandIn(): Promise<KeyVaultStandIn> {
    return new KeyVaultStandIn().start();
}

/** Sets environment variables for the SDK and returns a function that restores the previous values. */
export function setEnv(values: Record<string, string | undefined>): () => void {
    const previous = new Map<string, string | undefined>();
    for (const [name, value] of Object.entries(values)) {
        previous.set(name, process.env[name]);
        if (value === undefined) {
            delete process.env[name];
        } else {
            process.env[name] = value;
        }
    }
    return () => {
        for (const [name, value] of previous) {
            if (value === undefined) {
                delete process.env[name];
            } else {
                process.env[name] = value;
            }
        }
    };
}

/** A random tenant id, as Entra ID tenants are GUIDs. */
export function newTenantId(): string {
    return crypto.randomUUID();
}

function listen(server: net.Server): Promise<number> {
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const address = server.address();
            resolve(typeof address === "object" && address ? address.port : 0);
        });
    });
}
