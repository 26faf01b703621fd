import { good, resourceMessages, TYPES, view, withField } from "../fixtures";

const RULE = "azure-storage-container-disable-public-access";
const container = (publicAccess: unknown) => view(TYPES.blobContainer, withField(good.blobContainer(), "publicAccess", publicAccess));

test("publicAccess null takes ARM's default, no anonymous access, as publicAccess left out does", () => {
    expect(resourceMessages(RULE, container(undefined))).toEqual([]);
    expect(resourceMessages(RULE, container(null))).toEqual([]);
});

test("publicAccess Blob is still reported", () => {
    expect(resourceMessages(RULE, container("Blob"))).toEqual(["The container allows anonymous access (publicAccess Blob); set publicAccess to \"None\" and reach its blobs with Entra identities."]);
});
