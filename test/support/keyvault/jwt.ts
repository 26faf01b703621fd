import * as crypto from "node:crypto";

/** base64url without padding, as Key Vault and Entra ID write bytes. */
export function b64url(bytes: Buffer | Uint8Array): string {
    return Buffer.from(bytes).toString("base64url");
}

export function fromB64url(text: string): Buffer {
    return Buffer.from(text, "base64url");
}

export type JwtClaims = Record<string, unknown>;

export interface DecodedJwt {
    header: Record<string, unknown>;
    payload: JwtClaims;
    signingInput: string;
    signature: Buffer;
}

/** Splits a compact JWS; throws on anything that is not three base64url JSON parts. */
export function decodeJwt(token: string): DecodedJwt {
    const parts = token.split(".");
    if (parts.length !== 3) {
        throw new Error("not a compact JWS");
    }
    const header = JSON.parse(fromB64url(parts[0]).toString("utf8")) as unknown;
    const payload = JSON.parse(fromB64url(parts[1]).toString("utf8")) as unknown;
    if (!isRecord(header) || !isRecord(payload)) {
        throw new Error("JWT header and payload must be objects");
    }
    return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: fromB64url(parts[2]) };
}

/** Signs claims with RS256, the algorithm Entra ID uses for access tokens. */
export function signRs256(claims: JwtClaims, key: crypto.KeyObject, kid: string): string {
    const header = b64url(Buffer.from(JSON.stringify({ typ: "JWT", alg: "RS256", kid })));
    const payload = b64url(Buffer.from(JSON.stringify(claims)));
    const signature = crypto.sign("sha256", Buffer.from(`${header}.${payload}`), key);
    return `${header}.${payload}.${b64url(signature)}`;
}

/** Verifies an RS256 or PS256 signature (MSAL signs client assertions with either). */
export function verifySignature(jwt: DecodedJwt, key: crypto.KeyObject): boolean {
    const data = Buffer.from(jwt.signingInput);
    switch (jwt.header.alg) {
        case "RS256":
            return crypto.verify("sha256", data, key, jwt.signature);
        case "PS256":
            return crypto.verify(
                "sha256",
                data,
                { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST },
                jwt.signature,
            );
        default:
            return false;
    }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
