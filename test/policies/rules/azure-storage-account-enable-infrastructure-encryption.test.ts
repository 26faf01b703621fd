import { good, resourceMessages, ruleNamed, TYPES, view, withField } from "../fixtures";

const RULE = "azure-storage-account-enable-infrastructure-encryption";
const account = (value: unknown) => view(TYPES.storageAccount, withField(good.storageAccount(), "encryption.requireInfrastructureEncryption", value));

// trivy storage/infrastructure_encryption_enabled.rego (AVD-AZU-0061) fails the setting false or left out, as this rule does.
test("infrastructure encryption off or left out is reported, on passes, as trivy AVD-AZU-0061 judges it", () => {
    const off = ["Infrastructure encryption is off; set encryption.requireInfrastructureEncryption to true when creating the account."];
    expect(resourceMessages(RULE, account(false))).toEqual(off);
    expect(resourceMessages(RULE, account(undefined))).toEqual(off);
    expect(resourceMessages(RULE, account(true))).toEqual([]);
    expect(ruleNamed(RULE).metadata.mirrors).toContain("trivy AVD-AZU-0061");
});
