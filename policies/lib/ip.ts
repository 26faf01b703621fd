/** IPv4 addresses and CIDR ranges, as Key Vault, Cosmos DB, Storage and Container Registry firewalls take them. */
export interface Range {
    start: number;
    end: number;
}

/** `a.b.c.d` or `a.b.c.d/n` as an inclusive range of addresses; `undefined` when it is not one. */
function parseRange(text: string): Range | undefined {
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text.trim());
    if (!match) return undefined;
    const octets = match.slice(1, 5).map(Number);
    const bits = match[5] === undefined ? 32 : Number(match[5]);
    if (octets.some((o) => o > 255) || bits > 32) return undefined;
    const address = octets.reduce((acc, o) => acc * 256 + o, 0);
    const size = 2 ** (32 - bits);
    const start = Math.floor(address / size) * size;
    return { start, end: start + size - 1 };
}

/** True when every address of `inner` lies in one of `allowed`. */
export function within(inner: string, allowed: string[]): boolean {
    const range = parseRange(inner);
    if (!range) return false;
    return allowed.some((a) => {
        const outer = parseRange(a);
        return outer !== undefined && outer.start <= range.start && range.end <= outer.end;
    });
}

/**
 * Whether a firewall rule admits more addresses than a /8 (16,777,216): in effect the internet, so no firewall,
 * whatever ranges a policy config allows. The vault, Cosmos DB, registry and storage rules share it.
 */
export function widerThanSlash8(text: string): boolean {
    const range = parseRange(text);
    return range !== undefined && range.end - range.start >= 2 ** 24;
}
