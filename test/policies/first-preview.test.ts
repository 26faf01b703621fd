// Stack rules on a first `pulumi preview`, when nothing exists yet. AnalyzeStack then gets each
// resource's outputs as azure-native previews them (pulumi-azure-native provider/pkg/convert/
// previewOutputs.go): the inputs in the response's shape, every response-only value (name, id,
// keyUri, vaultUri, ...) unknown, path parameters (accountName, vaultName) absent as in any outputs;
// and each input property's propertyDependencies (pulumi/pulumi pkg/resource/deploy/step_generator.go).
// A violation those determine must be reported then, as for the deployed stack, and nothing else.
import { stackMessages, TYPES, UNKNOWN_STRING, view, withField } from "./fixtures";
import { ResourceView } from "../../policies/lib/rule";

/** One resource of a program: its deployed outputs, which of them a first preview does not know, and where its inputs came from. */
interface Made {
    type: string;
    name: string;
    urn: string;
    outputs: Record<string, unknown>;
    unknownInPreview: string[];
    propertyDependencies: Record<string, string[]>;
}

function made(type: string, name: string, outputs: Record<string, unknown>, unknownInPreview: string[], propertyDependencies: Record<string, string[]> = {}): Made {
    return { type, name, urn: view(type, {}, { name }).urn, outputs, unknownInPreview, propertyDependencies };
}

function views(program: Made[], preview: boolean): ResourceView[] {
    return program.map((m) => {
        const props = preview ? m.unknownInPreview.reduce((p, path) => withField(p, path, UNKNOWN_STRING), m.outputs) : m.outputs;
        return view(m.type, props, { name: m.name, propertyDependencies: m.propertyDependencies, dependencies: Object.values(m.propertyDependencies).flat() });
    });
}

const deployed = (program: Made[]) => views(program, false);
const firstPreview = (program: Made[]) => views(program, true);
const reported = (rule: string, resources: ResourceView[]) => stackMessages(rule, resources).map((v) => v.urn);

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers";
const ACCOUNT_ID = `${SUB}/Microsoft.Storage/storageAccounts/stgood`;
const account = made(TYPES.storageAccount, "st", { name: "stgood", id: ACCOUNT_ID, kind: "StorageV2", allowBlobPublicAccess: false }, ["name", "id"]);
const otherAccount = made(TYPES.storageAccount, "st-other", { name: "stother", id: ACCOUNT_ID.replace("stgood", "stother"), kind: "StorageV2" }, ["name", "id"]);

/** A blob service whose accountName came from `owner`, keeping deleted blobs and containers `days` (0: off). */
function blobService(owner: Made, days: number): Made {
    const policy = days > 0 ? { enabled: true, days } : { enabled: false };
    const outputs = { name: "default", id: `${String(owner.outputs.id)}/blobServices/default`, deleteRetentionPolicy: policy, containerDeleteRetentionPolicy: policy };
    return made(TYPES.blobService, "blob", outputs, ["name", "id"], { accountName: [owner.urn] });
}

const BLOB = "azure-storage-account-enable-soft-delete";
const CONTAINER = "azure-storage-account-enable-container-soft-delete";

/** Programs, each with the resources the rules report on it once deployed: a first preview must report exactly those. */
const SCENARIOS: { title: string; rules: string[]; program: Made[]; reports: string[] }[] = [
    { title: "an account with no blob service", rules: [BLOB, CONTAINER], program: [account], reports: [account.urn] },
    { title: "an account whose blob service keeps deleted items 7 days", rules: [BLOB, CONTAINER], program: [account, blobService(account, 7)], reports: [] },
    { title: "an account whose blob service has soft delete off", rules: [BLOB, CONTAINER], program: [account, blobService(account, 0)], reports: [account.urn] },
    { title: "two accounts, one with a blob service keeping deleted items 7 days", rules: [BLOB, CONTAINER], program: [account, otherAccount, blobService(otherAccount, 7)], reports: [account.urn] },
];

describe.each(SCENARIOS)("$title", ({ rules, program, reports }) => {
    test.each(rules)("%s reports on a first preview what it reports once deployed", (rule) => {
        expect(reported(rule, deployed(program))).toEqual(reports);
        expect(reported(rule, firstPreview(program))).toEqual(reports);
    });
});

test("a first preview names what is not known yet by its name in the program", () => {
    expect(stackMessages(BLOB, firstPreview([account])).map((v) => v.message)).toEqual([
        'Storage account st has no blob service settings, so blob soft delete is off and a deletion is final; add a storage.BlobServiceProperties (blobServicesName "default") with deleteRetentionPolicy { enabled: true, days: 7 or more }.',
    ]);
});

describe("where no dependency links a resource to another, a first preview reports nothing", () => {
    test("a blob service whose accountName is written out may be any account's", () => {
        const written = { ...blobService(account, 0), propertyDependencies: {} };
        expect(reported(BLOB, deployed([account, written]))).toEqual([account.urn]);
        expect(reported(BLOB, firstPreview([account, written]))).toEqual([]);
    });
});
