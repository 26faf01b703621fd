import { good, resourceMessages, ruleNamed, TYPES, view, withField } from "../fixtures";

const RULE = "azure-storage-account-disable-shared-key-access";
const account = (allow: unknown) => view(TYPES.storageAccount, withField(good.storageAccount(), "allowSharedKeyAccess", allow));

// Azure Policy 8c6a50c6 (StorageAccountAllowSharedKeyAccess_Audit.json) reports allowSharedKeyAccess equals true only;
// Azure takes the property left out as allowed, so the rule reports that too, as the mirror says.
test("shared-key access left out is reported as on, which Azure Policy 8c6a50c6 passes, as the rule's mirrors say", () => {
    const on = ["Shared-key access is on; set allowSharedKeyAccess to false and use Entra identities."];
    expect(resourceMessages(RULE, account(undefined))).toEqual(on);
    expect(resourceMessages(RULE, account(true))).toEqual(on);
    expect(resourceMessages(RULE, account(false))).toEqual([]);
    expect(ruleNamed(RULE).metadata.mirrors.find((m) => m.startsWith("Azure Policy 8c6a50c6"))).toBe(
        "Azure Policy 8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54 \"Storage accounts should prevent shared key access\" (looser: it reports only allowSharedKeyAccess true, so one left out, which Azure takes as allowed, passes it and is reported here)",
    );
});
