import * as pulumi from "@pulumi/pulumi";
import { sameKey, sameVault, serverKeyNamesProblem, shownName, SQL_SERVER_KEY_NAMES_MAX } from "../../components/sql-server-keys";
import { keyReference, vaultReference } from "../support/references";

describe("SQL server key rules", () => {
    test("takes vault and key names of 94 characters together and refuses 95, saying how long a key name fits", () => {
        expect(SQL_SERVER_KEY_NAMES_MAX).toBe(94);
        expect(serverKeyNamesProblem(shownName("v".repeat(24)), shownName("k".repeat(70)))).toBeUndefined();
        expect(serverKeyNamesProblem({ shown: `"kv-<6 random>"`, length: 9 }, shownName("k".repeat(86)))).toBe(`is key "${"k".repeat(86)}" (86 characters) of vault "kv-<6 random>" (9), 95 characters together, but SQL takes a key whose vault and key names come to 94 at most; use a key name of at most 85 characters, or a vault with a shorter name`);
    });

    test("tells one key from another by id, else by vault and key name in any case, and never by names not known yet", () => {
        const vault = vaultReference({ vaultName: "kv-a" });
        expect(sameKey(keyReference({ keyName: "tde" }, vault), keyReference({ keyName: "TDE" }, vaultReference({ vaultName: "KV-A" })))).toBe(true);
        expect(sameKey(keyReference({ keyName: "tde" }, vault), keyReference({ keyName: "tde" }, vaultReference({ vaultName: "kv-b" })))).toBe(false);
        const unknownNames = { ...keyReference({}, vault), id: pulumi.output("x"), keyName: pulumi.output("tde") };
        expect(sameKey(unknownNames, { ...unknownNames, id: pulumi.output("x") })).toBe(false);
        expect(sameKey(unknownNames, unknownNames)).toBe(true);
        expect(sameVault(vault, { ...vault, id: pulumi.output("x"), vaultName: "KV-a" })).toBe(true);
    });
});
