import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";

/**
 * A project folder holding a generated stack of `services` CMK services (storage accounts,
 * registries and disk encryption sets in turn) over shared vaults, ten keys a vault.
 */
export function generateStack(dir: string, services: number): string {
    const vaultCount = Math.max(1, Math.ceil(services / 100));
    const vaults = Array.from({ length: vaultCount }, (_, v) => ({
        name: `kv-fleet-${v}`,
        keys: Array.from({ length: 10 }, (_, k) => ({ name: `cmk-${v}-${k}` })),
    }));
    const keyOf = (i: number) => `cmk-${i % vaultCount}-${Math.floor(i / vaultCount) % 10}`;
    const storageAccounts: unknown[] = [];
    const registries: unknown[] = [];
    const diskEncryptionSets: unknown[] = [];
    for (let i = 0; i < services; i++) {
        if (i % 3 === 0) storageAccounts.push({ name: `st${i}`, key: keyOf(i) });
        else if (i % 3 === 1) registries.push({ name: `acr${i}`, key: keyOf(i) });
        else diskEncryptionSets.push({ name: `des-${i}`, key: keyOf(i) });
    }
    const stack = `fleet-${services}`;
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "Pulumi.yaml"), "name: azure-byok\nruntime: nodejs\n");
    writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify({
        config: {
            "azure-byok:resourceGroupName": `rg-${stack}`,
            "azure-byok:location": "westeurope",
            "azure-byok:vaults": vaults,
            "azure-byok:storageAccounts": storageAccounts,
            "azure-byok:registries": registries,
            "azure-byok:diskEncryptionSets": diskEncryptionSets,
        },
    }));
    return stack;
}
