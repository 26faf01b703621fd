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
 * Writes the Azure SDK's log (AZURE_LOG_LEVEL, which verify's advice asks for) to stderr as the SDK
 * does, with credentials in URLs removed: it prints each request's proxy agent, and with it the
 * user and password of HTTPS_PROXY (its sanitizer redacts headers and query strings only).
 */
export function scrubSdkLog(write: (text: string) => void = (text) => process.stderr.write(text)): void {
    AzureLogger.log = (...args: unknown[]) => write(`${withoutUrlCredentials(format(...args))}${EOL}`);
}
