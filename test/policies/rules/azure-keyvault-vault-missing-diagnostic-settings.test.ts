import { goodStack, stackMessages, VAULT_ID } from "../fixtures";

const RULE = "azure-keyvault-vault-missing-diagnostic-settings";

/** The known-good stack, its vault's diagnostic setting sending `logs`. */
const withLogs = (logs: unknown[]) => goodStack().map((r) => (r.type === "azure-native:monitor:DiagnosticSetting" ? { ...r, props: { resourceUri: VAULT_ID, logs } } : r));

describe("a vault's diagnostic settings", () => {
    // allLogs is Azure Policy's and AVM's default group, and holds AuditEvent.
    test("a setting sending the allLogs group audits the vault", () => {
        expect(stackMessages(RULE, withLogs([{ categoryGroup: "allLogs", enabled: true }]))).toEqual([]);
    });

    test("a setting listing AuditEvent with enabled: false sends nothing, and the vault is reported", () => {
        expect(stackMessages(RULE, withLogs([{ category: "AuditEvent", enabled: false }])).map((v) => v.message)).toEqual([expect.stringMatching(/sends no AuditEvent logs/)]);
    });
});
