import { allowedInStack } from "../../../policies/lib/stack-names";

const urn = (stack: string, project: string) => `urn:pulumi:${stack}::${project}::azure-native:authorization:RoleAssignment::grant`;

describe("allowedPrincipalNames", () => {
    test("a plain name is allowed in every stack, in any case", () => {
        const allowed = allowedInStack(["kms-appliance"]);
        expect(allowed("KMS-Appliance", urn("dev", "azure-byok"))).toBe(true);
        expect(allowed("KMS-Appliance", urn("prod", "payments"))).toBe(true);
        expect(allowed("backup-vendor", urn("dev", "azure-byok"))).toBe(false);
    });

    test("<project>/<stack>:<name> is allowed in that project's stack alone", () => {
        const allowed = allowedInStack(["azure-byok/prod.eu-1:kms-appliance"]);
        expect(allowed("kms-appliance", urn("prod.eu-1", "azure-byok"))).toBe(true);
        expect(allowed("kms-appliance", urn("dev", "azure-byok"))).toBe(false);
        expect(allowed("kms-appliance", urn("prod.eu-1", "payments"))).toBe(false);
        // Not a plain name either.
        expect(allowed("azure-byok/prod.eu-1:kms-appliance", urn("dev", "azure-byok"))).toBe(false);
    });

    test("a name with a colon or slash that is not project/stack qualified stays a plain name", () => {
        expect(allowedInStack(["ops: key appliance"])("ops: key appliance", urn("dev", "azure-byok"))).toBe(true);
    });
});
