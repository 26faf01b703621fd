import { parseStackConfig, rawConfig } from "../../stacks/config";
import { program } from "../../stacks/program";
import { setAzureMocks, settle } from "../../plan/mocks";
import { readStackConfigFile } from "../../plan/stack-config";

test("keyTags: keys and handed-over secrets carry the stack's tags it names, with their entry's own; every other resource carries all", async () => {
    // A landing zone's 20 mandatory tags: more than Key Vault's 15 on a key or secret, within ARM's 50 everywhere else.
    const tags = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`lz${i}`, `v${i}`]));
    const raw = rawConfig(readStackConfigFile("Pulumi.dev.yaml")) as { vaults: { keys?: Record<string, unknown>[] }[] };
    (raw.vaults[2].keys as Record<string, unknown>[])[1].tags = { rotationOwner: "payments" };
    const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "landing-zone" });
    await program(parseStackConfig({ ...raw, tags, keyTags: ["LZ0", "lz1", "lz2"] }));
    await settle();
    expect(recorder.refused).toEqual([]);
    const picked = { lz0: "v0", lz1: "v1", lz2: "v2" };
    const keys = recorder.resources.filter((r) => r.type === "azure-native:keyvault:Key");
    const secrets = recorder.resources.filter((r) => r.type === "azure-native:keyvault:Secret");
    expect(keys.length).toBeGreaterThan(1);
    expect(secrets.length).toBeGreaterThan(0);
    expect(keys.map((k) => [k.name, k.inputs.tags])).toEqual(keys.map((k) => [k.name, k.name === "cmk-storage-key" ? { ...picked, rotationOwner: "payments" } : picked]));
    expect(secrets.map((s) => s.inputs.tags)).toEqual(secrets.map(() => picked));
    expect(recorder.find("azure-native:keyvault:Vault", "kv-cmk-vault").inputs.tags).toEqual(tags);
    expect(recorder.resources.find((r) => r.type === "azure-native:storage:StorageAccount")?.inputs.tags).toEqual(tags);
});
