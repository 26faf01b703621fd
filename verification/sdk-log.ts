import { EOL } from "node:os";
import { format } from "node:util";
import { AzureLogger } from "@azure/logger";

/**
 * `text` with the user name and password of every URL in it replaced (`http://user:pass@proxy:8080`
 * becomes `http://***@proxy:8080`). The greedy run takes a password holding an unescaped `@` whole.
 */
export function withoutUrlCredentials(text: string): string {
    // A quote ends nothing: RFC 3986 allows ' in user info, and the URL parser leaves it unescaped.
    return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"<>\\]+@/gi, "$1***@");
}

/**
 * `text` with every bearer token and authorization value replaced: an `Authorization:` or
 * `Proxy-Authorization:` header keeps its scheme only, and a JWT anywhere (an access token, a
 * client assertion) becomes `[token]`.
 */
export function withoutTokens(text: string): string {
    return text
        .replace(/((?:proxy-)?authorization\s*:\s*)([A-Za-z][A-Za-z0-9-]*)\s+[^\s"'\\,;]+/gi, "$1$2 ***")
        .replace(/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, "[token]");
}

/**
 * Writes the Azure SDK's log (AZURE_LOG_LEVEL, which verify's advice asks for) to stderr as the SDK
 * does, with credentials removed. It prints each request's proxy agent (its sanitizer redacts only
 * properties named headers, url and query), and with it the user and password of HTTPS_PROXY and
 * the raw head of a request in flight on one of its sockets, Authorization header included.
 */
export function scrubSdkLog(write: (text: string) => void = (text) => process.stderr.write(text)): void {
    AzureLogger.log = (...args: unknown[]) => write(`${withoutTokens(withoutUrlCredentials(format(...args)))}${EOL}`);
}
