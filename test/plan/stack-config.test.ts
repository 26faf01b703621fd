import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PLAN_SUBSCRIPTION_ID } from "../../plan/arm";
import { setAzureMocks } from "../../plan/mocks";
import { ENCRYPTED_VALUE_STAND_IN, ENCRYPTED_WEBHOOK_STAND_IN, projectConfigProblems, ProjectConfigSpec, readProjectFile, readStackConfig, StackFileError } from "../../plan/stack-config";
import { misplacedConfig, parseStackConfig, rawConfig } from "../../stacks/config";
import { stackProviders } from "../../stacks/providers";

const dir = mkdtempSync(path.join(tmpdir(), "stack-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(yaml: string): string {
    const f = path.join(dir, `Pulumi.${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(f, yaml);
    return f;
}

test("hands the program strings, structured values as JSON, as the CLI does", () => {
    const { config, encryptedProviderKeys } = readStackConfig(file(`config:
  azure-native:location: westeurope
  azure-byok:createResourceGroup: false
  azure-byok:vaults:
    - name: kv-main
`));
    expect(config).toEqual({
        "azure-native:location": "westeurope",
        "azure-byok:createResourceGroup": "false",
        "azure-byok:vaults": JSON.stringify([{ name: "kv-main" }]),
    });
    expect(encryptedProviderKeys).toEqual([]);
});

test("reads a stack file saved as UTF-16 with its byte-order mark, as Windows PowerShell 5.1's > writes it and go-yaml decodes it", () => {
    const yaml = "config:\n  azure-native:location: westeurope\n  azure-byok:vaults:\n    - name: kv-main\n";
    const expected = readStackConfig(file(yaml)).config;
    for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(yaml, "utf16le")]), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(yaml, "utf16le").swap16()])]) {
        const f = path.join(dir, `Pulumi.${Math.random().toString(36).slice(2)}.yaml`);
        writeFileSync(f, bytes);
        expect(readStackConfig(f).config).toEqual(expected);
    }
    expect(expected["azure-native:location"]).toBe("westeurope");
});

test("hands a top-level scalar over as the CLI stores the value yaml.v3 reads: a leading zero is octal, numbers in Go's JSON form, quoted text as written", () => {
    const { config } = readStackConfig(file(`config:
  azure-byok:resourceGroupName: 0123
  other:notOctal: 089
  other:exponent: 1e3
  other:decimal: 12.50
  other:hex: 0x10
  other:grouped: 1_000
  other:large: 1e21
  other:uint64: 18446744073709551615
  other:outOfRange: 1e400
  other:quoted: "0123"
  other:tagged: !!str 0123
  other:aliased: &digits 007
  other:alias: *digits
  other:empty:
  other:nested:
    count: 0x10
`));
    expect(config).toEqual({
        // resolve.go: strconv.ParseInt(..., 0, 64) reads a leading 0 as octal; 089 is no octal, but a float.
        "azure-byok:resourceGroupName": "83",
        "other:notOctal": "89",
        // Re-encoded and read again on load, a float that is whole reads as an integer.
        "other:exponent": "1000",
        "other:decimal": "12.5",
        "other:hex": "16",
        "other:grouped": "1000",
        "other:large": "1e+21",
        "other:uint64": "18446744073709551615",
        // strconv.ParseFloat's range error leaves it text.
        "other:outOfRange": "1e400",
        "other:quoted": "0123",
        "other:tagged": "0123",
        "other:aliased": "7",
        "other:alias": "7",
        // yaml.v3 decodes null into a config value as its zero value, the empty string.
        "other:empty": "",
        // A structured value is decoded first and stored as JSON.
        "other:nested": JSON.stringify({ count: 16 }),
    });
});

test("reads lists and maps as the CLI's yaml.v3 does: only true and false (True, TRUE) are booleans, a leading zero is octal", () => {
    const { config } = readStackConfig(file(`config:
  azure-byok:vaults:
    - name: kv-main
      enablePurgeProtection: yes
      enableRbacAuthorization: TRUE
      softDeleteRetentionInDays: 0123
      note: "yes"
  azure-byok:tags:
    backup: on
    country: NO
    window: 02:00
    span: 1:30
  azure-byok:switch: yes
  azure-byok:flag: True
`));
    expect(JSON.parse(config["azure-byok:vaults"])).toEqual([{ name: "kv-main", enablePurgeProtection: "yes", enableRbacAuthorization: true, softDeleteRetentionInDays: 83, note: "yes" }]);
    // yaml.v3 reads no base-60 numbers either.
    expect(JSON.parse(config["azure-byok:tags"])).toEqual({ backup: "on", country: "NO", window: "02:00", span: "1:30" });
    expect(config["azure-byok:switch"]).toBe("yes");
    expect(config["azure-byok:flag"]).toBe("true");
});

test("hands an unquoted date over as Go's time.Time String(), as config.Value does; a quoted one as written", () => {
    const { config } = readStackConfig(file(`config:
  azure-byok:applications:
    - name: vendor
      clientSecrets:
        - name: primary
          endDate: 2027-01-26T00:00:00Z
        - name: quoted
          endDate: "2027-01-26T00:00:00Z"
  other:day: 2027-01-26
  other:spaced: 2027-1-2 3:04:05.500
  other:offset: 2027-01-26T10:00:00.123456789012+05:30
  other:zero: 2027-01-26T10:00:00-00:00
  other:noDate: 2027-02-30
  other:noZone: 2027-01-26T10:00:00
`));
    const secrets = (JSON.parse(config["azure-byok:applications"]) as { clientSecrets: { endDate: string }[] }[])[0].clientSecrets;
    expect(secrets.map((s) => s.endDate)).toEqual(["2027-01-26 00:00:00 +0000 UTC", "2027-01-26T00:00:00Z"]);
    expect(config["other:day"]).toBe("2027-01-26 00:00:00 +0000 UTC");
    expect(config["other:spaced"]).toBe("2027-01-02 03:04:05.5 +0000 UTC");
    // Nanoseconds at most; a zone other than UTC is named by its offset, as Go names a zone its machine does not use.
    expect(config["other:offset"]).toBe("2027-01-26 10:00:00.123456789 +0530 +0530");
    expect(config["other:zero"]).toBe("2027-01-26 10:00:00 +0000 UTC");
    // What Go's time.Parse refuses (February 30, a time without a zone) stays text.
    expect(config["other:noDate"]).toBe("2027-02-30");
    expect(config["other:noZone"]).toBe("2027-01-26T10:00:00");
});

test("an unquoted client secret endDate, which the CLI hands over as Go writes a time, passes the config check as the date it is", () => {
    const day = new Date(Date.now() + 90 * 86400_000).toISOString().slice(0, 10);
    const { config } = readStackConfig(file(`config:
  azure-byok:resourceGroupName: rg-byok
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-main
      keys:
        - name: cmk
          purpose: applicationCrypto
  azure-byok:applications:
    - name: vendor
      clientSecrets:
        - name: primary
          endDate: ${day}T00:00:00Z
      access:
        - key: cmk
          permissions: applicationCrypto
      privateNetworkAccess: true
`));
    const parsed = parseStackConfig(rawConfig(config));
    expect(parsed.applications?.[0].clientSecrets?.[0].endDate).toBe(`${day} 00:00:00 +0000 UTC`);
});

test("refuses .nan and .inf, which the CLI cannot store as JSON, and an explicit tag that does not fit, as yaml.v3 does", () => {
    expect(() => readStackConfig(file("config:\n  azure-byok:tags:\n    ratio: .inf\n"))).toThrow(/JSON has no \.nan or \.inf/);
    expect(() => readStackConfig(file("config:\n  other:count: !!int twelve\n"))).toThrow(/cannot decode !!str `twelve` as a !!int/);
    expect(readStackConfig(file("config:\n  other:count: !!float 12\n")).config["other:count"]).toBe("12");
});

test("reads YAML merge keys (<<: *anchor), as the CLI's YAML reader does", () => {
    const { config } = readStackConfig(file(`config:
  azure-byok:storageAccounts:
    - &st
      name: st1
      key: k1
      skuName: Standard_ZRS
    - <<: *st
      name: st2
`));
    expect(JSON.parse(config["azure-byok:storageAccounts"])).toEqual([
        { name: "st1", key: "k1", skuName: "Standard_ZRS" },
        { name: "st2", key: "k1", skuName: "Standard_ZRS" },
    ]);
});

test("leaves out encrypted provider settings, which only the stood-in providers read, and lists them", () => {
    const { config, encryptedProviderKeys } = readStackConfig(file(`encryptionsalt: v1:c2FsdHNhbHQ=:v1:bm9uY2Vub25jZQ==:Y2lwaGVy
config:
  azure-native:clientId: 2f8a1b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b
  azure-native:clientSecret:
    secure: v1:AAAAAAAAAAAAAAAA:Zm9vYmFyYmF6cXV4
  azuread:clientCertificatePassword:
    secure: v1:BBBBBBBBBBBBBBBB:cXV4YmF6YmFyZm9v
  azure-byok:resourceGroupName: rg-byok
`));
    expect(encryptedProviderKeys).toEqual(["azure-native:clientSecret", "azuread:clientCertificatePassword"]);
    expect(config).toEqual({ "azure-native:clientId": "2f8a1b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b", "azure-byok:resourceGroupName": "rg-byok" });
});

test("stands in for an encrypted setting the program reads or judges outside its namespace, as the CLI hands it every one decrypted", async () => {
    const { config, encryptedProviderKeys, encryptedStandIns } = readStackConfig(file(`config:
  azure-native:subscriptionId:
    secure: v1:AAAAAAAAAAAAAAAA:Zm9vYmFyYmF6cXV4
  pulumi:disable-default-providers: '["azure-native"]'
  azure-byk:tags:
    secure: v1:BBBBBBBBBBBBBBBB:cXV4YmF6YmFyZm9v
  contoso-keys:tags:
    secure: v1:CCCCCCCCCCCCCCCC:YmF6cXV4Zm9vYmFy
  azure-byok:resourceGroupName: rg-byok
`));
    expect(encryptedProviderKeys).toEqual([]);
    expect(encryptedStandIns).toEqual([
        { key: "azure-native:subscriptionId", standIn: PLAN_SUBSCRIPTION_ID },
        { key: "azure-byk:tags", standIn: ENCRYPTED_VALUE_STAND_IN },
        { key: "contoso-keys:tags", standIn: ENCRYPTED_VALUE_STAND_IN },
    ]);
    // The stack's own provider has its subscription; the misplaced settings are refused by name, as pulumi preview refuses them.
    await setAzureMocks();
    expect(stackProviders(config).azureNative).toBeDefined();
    expect(misplacedConfig(config, "contoso-keys")?.issues.map((i) => i.path)).toEqual(["azure-byk:tags", "contoso-keys:tags"]);
});

test("refuses an encrypted value the program would read, naming where it sits", () => {
    expect(() => readStackConfig(file(`config:
  azure-byok:resourceGroupName:
    secure: v1:AAAAAAAAAAAAAAAA:Zm9vYmFyYmF6cXV4
`))).toThrow(/azure-byok:resourceGroupName is encrypted \(secure:\), which only the Pulumi CLI can decrypt/);
    expect(() => readStackConfig(file(`config:
  azure-byok:applications:
    - name: vendor
      certificates:
        - name: primary
          certificatePem:
            secure: v1:AAAAAAAAAAAAAAAA:Zm9vYmFyYmF6cXV4
`))).toThrow(/azure-byok:applications\[0\]\.certificates\[0\]\.certificatePem is encrypted/);
});

test("an encrypted value at a setting the program does not read is told so, with the config check's guess, not to be decrypted", () => {
    const refusal = (yaml: string) => {
        try {
            readStackConfig(file(yaml));
        } catch (e) {
            return e instanceof Error ? e.message.slice(e.message.indexOf(": ") + 2) : String(e);
        }
        return "";
    };
    const only = "(of this namespace only a webhook destination's webhookUrl, which the program keeps secret, may be encrypted)";
    expect(refusal(`config:
  azure-byok:vaults:
    - name: kv-main
      eventSubscriptions:
        - name: to-ops
          webhookURL:
            secure: v1:AAAAAAAAAAAAAAAA:Zm9vYmFyYmF6cXV4
`)).toBe(`azure-byok:vaults[0].eventSubscriptions[0].webhookURL is encrypted (secure:), but is not a setting this program reads; did you mean "webhookUrl"? ${only}`);
    // The program generates the MySQL administrator's password: there is no setting for it.
    expect(refusal(`config:
  azure-byok:mysqlServers:
    - name: my
      key: k
      administratorLoginPassword:
        secure: v1:AAAAAAAAAAAAAAAA:Zm9vYmFyYmF6cXV4
`)).toMatch(/^azure-byok:mysqlServers\[0\]\.administratorLoginPassword is encrypted \(secure:\), but is not a setting this program reads/);
    // Under a misspelt setting, the misspelt one is named.
    expect(refusal(`config:
  azure-byok:vaults:
    - name: kv-main
      eventSubscription:
        - name: to-ops
          webhookUrl:
            secure: v1:AAAAAAAAAAAAAAAA:Zm9vYmFyYmF6cXV4
`)).toBe(`azure-byok:vaults[0].eventSubscription[0].webhookUrl is encrypted (secure:), but azure-byok:vaults[0].eventSubscription, where it sits, is not a setting this program reads; did you mean "eventSubscriptions"? ${only}`);
    expect(refusal(`config:
  azure-byok:webhookUrl:
    secure: v1:AAAAAAAAAAAAAAAA:Zm9vYmFyYmF6cXV4
`)).toMatch(/^azure-byok:webhookUrl is encrypted \(secure:\), but is not a setting this program reads; it reads resourceGroupName, location, /);
    // Any tag name is a setting the program reads: an encrypted tag value needs plain text.
    expect(refusal(`config:
  azure-byok:tags:
    owner:
      secure: v1:AAAAAAAAAAAAAAAA:Zm9vYmFyYmF6cXV4
`)).toMatch(/^azure-byok:tags\.owner is encrypted \(secure:\), which only the Pulumi CLI can decrypt; the plan needs it in plain text/);
});

test("an encrypted webhook URL, which the program keeps secret, stands in offline as an https URL that never resolves, and is listed", () => {
    const { config, encryptedSecrets } = readStackConfig(file(`config:
  azure-byok:vaults:
    - name: kv-main
      eventSubscriptions:
        - name: to-ops
          webhookUrl:
            secure: v1:AAAAAAAAAAAAAAAA:Zm9vYmFyYmF6cXV4
        - name: to-sec
          eventHubResourceId: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/ns/eventhubs/kv
`));
    expect(encryptedSecrets).toEqual(["azure-byok:vaults[0].eventSubscriptions[0].webhookUrl"]);
    const vaults = JSON.parse(config["azure-byok:vaults"]) as { eventSubscriptions: Record<string, unknown>[] }[];
    expect(vaults[0].eventSubscriptions[0]).toEqual({ name: "to-ops", webhookUrl: ENCRYPTED_WEBHOOK_STAND_IN });
    expect(new URL(ENCRYPTED_WEBHOOK_STAND_IN).hostname.endsWith(".invalid")).toBe(true);
    // Any other encrypted setting of the program's is still refused by its path.
    expect(() => readStackConfig(file(`config:
  azure-byok:vaults:
    - name: kv-main
      eventSubscriptions:
        - name: to-ops
          webhookUrl:
            secure: v1:AAAAAAAAAAAAAAAA:Zm9vYmFyYmF6cXV4
          eventTypes:
            - secure: v1:AAAAAAAAAAAAAAAA:Zm9vYmFyYmF6cXV4
`))).toThrow(/azure-byok:vaults\[0\]\.eventSubscriptions\[0\]\.eventTypes\[0\] is encrypted \(secure:\).*only a webhook destination's webhookUrl/);
});

test("a value that merely has a key named secure among others is plain config", () => {
    const { config } = readStackConfig(file(`config:
  other:settings:
    secure: true
    level: 2
`));
    expect(JSON.parse(config["other:settings"])).toEqual({ secure: true, level: 2 });
});

describe("a key written without a namespace", () => {
    function stackIn(projectYaml: string | undefined, yaml: string): string {
        const p = mkdtempSync(path.join(dir, "project-"));
        if (projectYaml !== undefined) writeFileSync(path.join(p, "Pulumi.yaml"), projectYaml);
        mkdirSync(path.join(p, "stacks"));
        const f = path.join(p, "stacks", "Pulumi.dev.yaml");
        writeFileSync(f, yaml);
        return f;
    }

    test("is in the namespace of the project, named by the nearest Pulumi.yaml, as the CLI reads it", () => {
        const f = stackIn("name: azure-byok\nruntime: nodejs\n", "config:\n  location: westeurope\n  azure-native:location: westeurope\n");
        expect(readStackConfig(f).config).toEqual({ "azure-byok:location": "westeurope", "azure-native:location": "westeurope" });
    });

    test("in a renamed project lands in that project's namespace, which the program refuses by name", () => {
        const { config } = readStackConfig(stackIn("name: contoso-keys\nruntime: nodejs\n", "config:\n  location: westeurope\n"));
        expect(config).toEqual({ "contoso-keys:location": "westeurope" });
        expect(misplacedConfig(config, "contoso-keys")?.issues.map((i) => i.path)).toEqual(["contoso-keys:location"]);
    });

    test("takes the project named by the caller", () => {
        expect(readStackConfig(file("config:\n  location: westeurope\n"), {}, "azure-byok").config).toEqual({ "azure-byok:location": "westeurope" });
    });

    test("is refused without a project to take the namespace from, and beside its namespaced spelling, of which the CLI keeps either", () => {
        expect(() => readStackConfig(file("config:\n  location: westeurope\n"))).toThrow(/config key "location" has no namespace, and no Pulumi.yaml at or above the file names the project whose namespace the CLI would give it; write it as "azure-byok:location"/);
        const both = stackIn("name: azure-byok\n", "config:\n  azure-byok:location: westeurope\n  location: northeurope\n");
        expect(() => readStackConfig(both)).toThrow(/config keys "azure-byok:location" and "location" are both azure-byok:location to the Pulumi CLI, which keeps either one; write it once/);
    });
});

describe("Pulumi.yaml's project-level config", () => {
    function project(yaml: string): string {
        const p = mkdtempSync(path.join(dir, "project-"));
        writeFileSync(path.join(p, "Pulumi.yaml"), yaml);
        return p;
    }

    test("reads each form the CLI accepts: plain values, value:, a schema's default; a schema without one sets nothing", () => {
        const p = readProjectFile(project(`name: azure-byok
runtime: nodejs
config:
  azure-native:location: westeurope
  pulumi:disable-default-providers: ["*"]
  createResourceGroup: false
  resourceGroupName:
    type: string
    default: rg-default
  tags:
    value:
      owner: platform
  location:
    type: string
    description: the stack must say
`));
        expect(p).toEqual({
            name: "azure-byok",
            stackConfigDir: "",
            config: {
                "azure-native:location": "westeurope",
                "pulumi:disable-default-providers": JSON.stringify(["*"]),
                "azure-byok:createResourceGroup": "false",
                "azure-byok:resourceGroupName": "rg-default",
                "azure-byok:tags": JSON.stringify({ owner: "platform" }),
            },
            specs: [
                { written: "resourceGroupName", fullKey: "azure-byok:resourceGroupName", type: "string", items: undefined, secret: false, given: true },
                { written: "tags", fullKey: "azure-byok:tags", type: undefined, items: undefined, secret: false, given: true },
                { written: "location", fullKey: "azure-byok:location", type: "string", items: undefined, secret: false, given: false },
            ],
        });
    });

    test("holds a stack to the config Pulumi.yaml declares, as the CLI does: a key left out with no default, a value not of its type or not encrypted where it must be", () => {
        const { name, specs } = readProjectFile(project(`name: azure-byok
config:
  location:
    type: string
    description: the stack must say
  tags:
    type: object
  createResourceGroup:
    type: boolean
    default: true
  zones:
    type: array
    items:
      type: integer
    default: [1]
  azure-native:clientSecret:
    secret: true
    type: string
`));
        const read = (yaml: string) => () => readStackConfig(file(yaml), {}, name, specs);
        expect(read("config:\n  azure-byok:tags: { owner: platform }\n")).toThrow(/: Stack '.*' is missing configuration value 'location' \(Pulumi.yaml declares it; the Pulumi CLI refuses the stack so\)$/);
        // pulumi config set azure-byok:tags '{"owner":"platform"}' stores text, which type: object refuses.
        expect(read(`config:\n  azure-byok:location: westeurope\n  azure-byok:tags: '{"owner":"platform"}'\n`)).toThrow(/Stack '.*' with configuration key 'tags' must be of type 'object'/);
        expect(read("config:\n  azure-byok:location: westeurope\n  azure-byok:createResourceGroup: 'yes'\n")).toThrow(/with configuration key 'createResourceGroup' must be of type 'boolean'/);
        expect(read("config:\n  azure-byok:location: westeurope\n  azure-byok:zones: [1, two]\n")).toThrow(/with configuration key 'zones' must be of type 'array<integer>'/);
        expect(read("config:\n  azure-byok:location: westeurope\n  azure-native:clientSecret: plain\n")).toThrow(/with configuration key 'azure-native:clientSecret' must be encrypted as it's secret/);
        // A stack that says each, in its type, is read as before.
        expect(read("config:\n  azure-byok:location: westeurope\n  azure-byok:tags: { owner: platform }\n  azure-byok:createResourceGroup: false\n  azure-byok:zones: [1, 2]\n  azure-native:clientSecret:\n    secure: v1:AAAAAAAAAAAAAAAA:Zm9vYmFyYmF6cXV4\n")().config["azure-byok:location"]).toBe("westeurope");
        expect(() => readProjectFile(project("name: azure-byok\nconfig:\n  location:\n    default: westeurope\n    value: northeurope\n"))).toThrow(/project config 'location' cannot have both a 'default' and 'value' attribute/);
        expect(() => readProjectFile(project("name: azure-byok\nconfig:\n  zones:\n    type: array\n"))).toThrow(/The configuration key 'zones' declares an array but does not specify the underlying type via the 'items' attribute/);
    });

    test("words the CLI's refusals as it does: several missing keys sorted, the last after 'and'; a secret left to its project default refused", () => {
        const spec = (written: string, more: Partial<ProjectConfigSpec> = {}): ProjectConfigSpec => ({ written, fullKey: `azure-byok:${written}`, secret: false, given: false, ...more });
        expect(projectConfigProblems("dev", "azure-byok", [spec("zeta", { type: "string" }), spec("alpha"), spec("mid")], new Map())).toEqual(["Stack 'dev' is missing configuration values 'alpha', 'mid' and 'zeta'"]);
        expect(projectConfigProblems("dev", "azure-byok", [spec("zeta"), spec("alpha")], new Map())).toEqual(["Stack 'dev' is missing configuration values 'alpha' and 'zeta'"]);
        // The CLI merges the default in as plain text, then finds it not encrypted.
        expect(projectConfigProblems("dev", "azure-byok", [spec("apiToken", { type: "string", secret: true, given: true })], new Map())).toEqual(["Stack 'dev' with configuration key 'apiToken' must be encrypted as it's secret"]);
    });

    test("refuses an object value not wrapped in value:, an encrypted value and a project without a name", () => {
        expect(() => readProjectFile(project(`name: azure-byok
config:
  vaults:
    name: kv-main
`))).toThrow(/config vaults: an object value must be written under "value:"/);
        expect(() => readProjectFile(project(`name: azure-byok
config:
  azure-native:clientSecret:
    secure: v1:AAAAAAAAAAAAAAAA:Zm9vYmFyYmF6cXV4
`))).toThrow(/config azure-native:clientSecret is encrypted/);
        expect(() => readProjectFile(project("runtime: nodejs\n"))).toThrow(/"name" must name the project/);
    });

    test("reads the old config: <folder> as stackConfigDir, as the CLI still does, and refuses it beside stackConfigDir", () => {
        expect(readProjectFile(project("name: azure-byok\nconfig: stacks-config\n"))).toEqual({ name: "azure-byok", stackConfigDir: "stacks-config", config: {}, specs: [] });
        expect(() => readProjectFile(project("name: azure-byok\nconfig: stacks-config\nstackConfigDir: other\n"))).toThrow(/Should not use both config and stackConfigDir/);
    });

    test("a stack's value overrides the project's; an encrypted one leaves the project's plain default out too", () => {
        const { config, encryptedProviderKeys } = readStackConfig(file(`config:
  azure-byok:resourceGroupName: rg-stack
  azure-native:clientSecret:
    secure: v1:AAAAAAAAAAAAAAAA:Zm9vYmFyYmF6cXV4
`), { "azure-byok:resourceGroupName": "rg-project", "azure-native:clientSecret": "placeholder-from-project", "azure-native:location": "westeurope" });
        expect(config).toEqual({ "azure-byok:resourceGroupName": "rg-stack", "azure-native:location": "westeurope" });
        expect(encryptedProviderKeys).toEqual(["azure-native:clientSecret"]);
    });
});

test("a null a merge key brings in is the empty text, as the CLI hands over any null, so the plan refuses what the deploy refuses", () => {
    const merged = readStackConfig(file("defaults: &defaults\n  azure-byok:resourceGroupName: ~\nconfig:\n  <<: *defaults\n  azure-byok:location: westeurope\n  azure-byok:vaults: [{ name: kv }]\n")).config;
    expect(merged["azure-byok:resourceGroupName"]).toBe("");
    expect(() => parseStackConfig(rawConfig(merged))).toThrow(/azure-byok:resourceGroupName/);
});

describe("a stack file of more than one YAML document", () => {
    let stderr: jest.SpiedFunction<typeof process.stderr.write>;
    let stdout: jest.SpiedFunction<typeof process.stdout.write>;
    beforeEach(() => {
        stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
        stdout = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    });
    afterEach(() => jest.restoreAllMocks());

    test("is read by its first YAML document, as yaml.v3's Unmarshal reads it, and the ones dropped are said on stderr with the file's name", () => {
        const one = file("config:\n  azure-byok:location: westeurope\n---\n# notes\nowner: platform-team\n");
        expect(readStackConfig(one).config["azure-byok:location"]).toBe("westeurope");
        const two = file("config:\n  azure-byok:location: westeurope\n---\nconfig:\n  azure-byok:storageAccounts: [{ name: st, key: k1 }]\n---\nconfig:\n  azure-byok:tags: { owner: platform }\n");
        expect(readStackConfig(two).config).toEqual({ "azure-byok:location": "westeurope" });
        expect(stderr.mock.calls.map((c) => c[0])).toEqual([
            `plan: warning: ${one} holds 2 YAML documents; the Pulumi CLI reads only the first, so the one after it is ignored here as in pulumi up: move what it holds into the first, or delete it\n`,
            `plan: warning: ${two} holds 3 YAML documents; the Pulumi CLI reads only the first, so the 2 after it are ignored here as in pulumi up: move what they hold into the first, or delete them\n`,
        ]);
        expect(stdout).not.toHaveBeenCalled();
    });

    test("says nothing of a closing --- with nothing, or only a comment, after it", () => {
        expect(readStackConfig(file("config:\n  azure-byok:location: westeurope\n---\n")).config["azure-byok:location"]).toBe("westeurope");
        expect(readStackConfig(file("config:\n  azure-byok:location: westeurope\n---\n# the end\n")).config["azure-byok:location"]).toBe("westeurope");
        expect(stderr).not.toHaveBeenCalled();
    });
});

test("an alias bomb (a billion laughs) in a stack file or Pulumi.yaml is bad config naming the file, not the YAML library's bare error", () => {
    const bomb = ["    a0: &a0 [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `    a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(", ")}]`)].join("\n");
    const thrown = (read: () => unknown): unknown => {
        try {
            read();
        } catch (e) {
            return e;
        }
        return undefined;
    };
    const stack = file(`config:\n  azure-byok:tags:\n${bomb}\n`);
    const project = mkdtempSync(path.join(dir, "bomb-"));
    writeFileSync(path.join(project, "Pulumi.yaml"), `name: azure-byok\nconfig:\n  azure-byok:tags:\n    value:\n${bomb.replace(/^/gm, "  ")}\n`);
    for (const [error, named] of [[thrown(() => readStackConfig(stack)), stack], [thrown(() => readProjectFile(project)), path.join(project, "Pulumi.yaml")]] as const) {
        expect(error).toBeInstanceOf(StackFileError);
        expect(error instanceof Error && error.message).toBe(`${named}: Excessive alias count indicates a resource exhaustion attack`);
    }
});
