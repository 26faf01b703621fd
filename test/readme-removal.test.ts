// The README's section on removing a service, grant, credential or key, held to what the program does on a vault
// another team owns: its lock is not the stack's to lift, so the section names the owner's way and the state's.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ConfigError, parseStackConfig, rawConfig } from "../stacks/config";
import { program } from "../stacks/program";
import { setAzureMocks, settle } from "../plan/mocks";
import { existingAzure } from "../plan/run-plan";
import { readStackConfigFile } from "../plan/stack-config";

/** The removal section, up to the next section. */
function removalSection(): string {
    const readme = readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
    const start = readme.indexOf("### Removing a service, grant, credential or key");
    return readme.slice(start, readme.indexOf("\n## ", start));
}

test("says that lock: None is no way out on an existing vault, as the config refuses it there", () => {
    const raw = structuredClone(rawConfig(readStackConfigFile("Pulumi.central.yaml")));
    (raw.vaults as Record<string, unknown>[])[0].lock = "None";
    expect(() => parseStackConfig(raw)).toThrow(ConfigError);
    expect(() => parseStackConfig(raw)).toThrow("azure-byok:vaults[0].lock: configures the vault, which this stack leaves alone (existing: true)");
    const section = removalSection();
    expect(section).toContain("**A lock the stack does not own.** On another team's vault (`existing: true`)");
    expect(section).toContain("`lock: None` is no way out: on an existing vault it is refused");
});

test("names the grants on another team's vault as the central stack's plan names them, for the state delete it gives", async () => {
    const raw = rawConfig(readStackConfigFile("Pulumi.central.yaml"));
    const { recorder } = await setAzureMocks({ ...existingAzure(raw), stack: "central" });
    await program(parseStackConfig(raw));
    await settle();
    expect(recorder.refused).toEqual([]);
    // An application's access to payments-export, and the shared identity's grant on the imported key.
    expect(recorder.ofType("azure-byok:keyvault:KeyAccess").map((r) => r.name).sort()).toEqual(["payments-export-vendor-payments-export", "platform-cmk-on-payments-byok"]);
    const section = removalSection();
    expect(section).toContain("`pulumi state delete --target-dependents '<URN of the grant's KeyAccess>'`");
    expect(section).toContain("`<application>-<key>` for an application's `access`");
    expect(section).toContain("`<identity>-on-<key>` for a shared identity's");
});
