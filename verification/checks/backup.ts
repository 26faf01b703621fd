import { PayloadMismatchError } from "../errors";
import type { KeyContext } from "./context";
import { writeAtomically } from "./write-file";

/** `backup`: Key Vault's backup of the key, every version, written to `backupDir` as `<vault>.<key>.<version>.keybackup`. */
export async function checkBackup({ key, options, call, clients }: KeyContext, version: string | undefined): Promise<void> {
    const blob = await call("backup", () => clients.keyClient(key.vaultUrl).backupKey(key.name));
    if (!blob || blob.length === 0) {
        throw new PayloadMismatchError({ keyId: key.keyId, vault: key.vaultHost, operation: "backup" }, "returned an empty backup", "Key Vault seals every version of the key into its backup, never nothing: run the backup again, and if the vault keeps answering empty, check what answers for it (a proxy, or another implementation).");
    }
    await writeAtomically(options.backupDir as string, `${key.vaultHost.split(/[.:]/)[0]}.${key.name}.${version ?? "latest"}.keybackup`, blob, 0o600);
}
