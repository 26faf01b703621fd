import { T } from "../lib/azure";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { isUnknown, read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-sql-server-enable-cmk-encryption",
    description: "A logical SQL server given no key of the customer's, at creation (keyId) or through an encryption protector, encrypts every database with a service-managed TDE key its owner cannot revoke.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5", "CIS Azure 4.1.3"],
    mirrors: [
        "Azure Policy \"SQL servers should use customer-managed keys to encrypt data at rest\" (its server branch; stricter: it reports a server without keyId even when an EncryptionProtector with serverKeyType \"AzureKeyVault\" follows, and under Deny refuses that server before the protector can exist, so set keyId where it is assigned)",
        "Prowler sqlserver_tde_encrypted_with_cmk",
    ],
    resourceTypes: [T.sqlServer, T.sqlEncryptionProtector],
    stackTrigger: T.sqlServer,
    parameters: {},
};

/** The server a SQL server or one of its children names: its serverName, else the `/servers/<name>` segment of its ARM id. */
function serverOf(props: Record<string, unknown>): string | typeof UNKNOWN | undefined {
    const name = read(props, "serverName");
    if (isUnknown(name)) return UNKNOWN;
    if (typeof name === "string" && name !== "") return name.toLowerCase();
    const id = read(props, "id");
    if (isUnknown(id)) return UNKNOWN;
    return typeof id === "string" ? /\/servers\/([^/]+)/i.exec(id)?.[1]?.toLowerCase() : undefined;
}

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const protectors = resources.filter((r) => r.type === T.sqlEncryptionProtector).map((r) => serverOf(r.props));
        // A protector whose server is not known yet may be any server's.
        if (protectors.includes(UNKNOWN)) return [];
        const violations: StackViolation[] = [];
        for (const server of resources.filter((r) => r.type === T.sqlServer)) {
            const keyId = read(server.props, "keyId");
            if (isUnknown(keyId) || (typeof keyId === "string" && keyId !== "")) continue;
            const name = serverOf(server.props) ?? (typeof read(server.props, "name") === "string" ? String(read(server.props, "name")).toLowerCase() : undefined);
            if (name === UNKNOWN) continue;
            // A protector of the server is the encryption protector rule's to judge (AzureKeyVault or not).
            if (name !== undefined && protectors.includes(name)) continue;
            // Synapse's dedicated pools keep their servers' keys in the workspace (Azure Policy leaves out kinds containing "analytics").
            const kind = read(server.props, "kind");
            if (isUnknown(kind) || (typeof kind === "string" && kind.toLowerCase().includes("analytics"))) continue;
            violations.push({
                urn: server.urn,
                message: `SQL server ${name ?? server.name} encrypts its databases with a service-managed TDE key; set keyId to your Key Vault key (with primaryUserAssignedIdentityId and its identity granted wrap and unwrap), or, where Azure Policy's customer-managed key built-in does not deny a server without keyId, add an EncryptionProtector with serverKeyType "AzureKeyVault".`,
            });
        }
        return violations;
    },
};
