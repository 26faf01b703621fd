import * as crypto from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";

/** Writes a file whole or not at all (a temporary file renamed into place); backups readable by their owner only. */
export async function writeAtomically(dir: string, name: string, content: Uint8Array | string, mode: number): Promise<void> {
    const target = path.join(dir, name);
    // Unique per write: the same key listed twice in one run (its versionless id and a version a service holds) writes the same file at once.
    const partial = `${target}.${process.pid}.${crypto.randomUUID()}.partial`;
    await fs.writeFile(partial, content, { mode });
    await fs.rename(partial, target);
}
