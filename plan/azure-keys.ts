import { isoDurationToDays } from "../components/duration";
import { badRequest, CLOUDS, echo, list, notFound, record, stableVersion } from "./arm";
import { getVault, objectName, requireObjectTags, vaultOf } from "./azure-keyvault";
import type { AzureState, ResourceHandler } from "./azure-state";

// Key Vault keys and their rotation policies, judged as Key Vault judges them.

const KEY_TYPES = ["RSA", "RSA-HSM", "EC", "EC-HSM"];
const RSA_SIZES = [2048, 3072, 4096];
const CURVES = ["P-256", "P-384", "P-521", "P-256K"];
const KEY_OPS = ["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey", "import", "release"];

const keyHandler: ResourceHandler = (inputs, name, state) => {
    const vault = vaultOf(inputs, state);
    // azure-native names a key left without keyName after the resource, as is: its AutoNamer "copies" the name of a
    // resource nested under another (pulumi-azure-native provider/pkg/resources/resources.go, AutoName).
    const keyName = objectName(inputs.keyName ?? name, "Key");
    requireObjectTags(inputs.tags, "Key");
    const p = record(inputs.properties);
    const kty = p.kty;
    if (typeof kty !== "string" || !KEY_TYPES.includes(kty)) {
        throw badRequest("BadParameter", `properties.kty '${String(kty)}' is invalid; it must be one of ${KEY_TYPES.join(", ")}.`);
    }
    if (kty.endsWith("-HSM") && vault.sku.toLowerCase() !== "premium") {
        throw badRequest("BadParameter", `Key type ${kty} needs a premium vault; vault '${vault.name}' is ${vault.sku}. HSM-protected keys are not supported in standard vaults.`);
    }
    if (kty.startsWith("RSA")) {
        if (p.keySize !== undefined && !RSA_SIZES.includes(Number(p.keySize))) {
            throw badRequest("BadParameter", `properties.keySize ${String(p.keySize)} is invalid for ${kty}; it must be 2048, 3072 or 4096.`);
        }
        if (p.curveName !== undefined) {
            throw badRequest("BadParameter", `properties.curveName is not valid for key type ${kty}.`);
        }
    } else {
        if (typeof p.curveName !== "string" || !CURVES.includes(p.curveName)) {
            throw badRequest("BadParameter", `properties.curveName '${String(p.curveName)}' is invalid for ${kty}; it must be one of ${CURVES.join(", ")}.`);
        }
        if (p.keySize !== undefined) {
            throw badRequest("BadParameter", `properties.keySize is not valid for key type ${kty}; EC keys take a curveName.`);
        }
    }
    list(p.keyOps).forEach((op) => {
        if (typeof op !== "string" || !KEY_OPS.includes(op)) {
            throw badRequest("BadParameter", `properties.keyOps contains '${String(op)}'; key operations are ${KEY_OPS.join(", ")}.`);
        }
        if (kty.startsWith("EC") && ["encrypt", "decrypt", "wrapKey", "unwrapKey"].includes(op)) {
            throw badRequest("BadParameter", `properties.keyOps '${op}' is not supported by ${kty} keys, which only sign and verify.`);
        }
    });
    // Key Vault: import marks a key exchange key and goes with no other operation.
    if (list(p.keyOps).includes("import") && list(p.keyOps).length > 1) {
        throw badRequest("BadParameter", `properties.keyOps: key operation 'import' cannot be combined with other key operations (got ${list(p.keyOps).join(", ")}); it marks a key exchange key.`);
    }
    const attributes = record(p.attributes);
    if (attributes.expires !== undefined && attributes.notBefore !== undefined && Number(attributes.expires) <= Number(attributes.notBefore)) {
        throw badRequest("BadParameter", "properties.attributes.expires must be later than properties.attributes.notBefore.");
    }
    if (p.rotationPolicy !== undefined) {
        validateRotationPolicy(record(p.rotationPolicy));
    }
    const id = state.claim(`${vault.id}/keys/${keyName}`, "Key");
    const version = stableVersion(vault.name, keyName, "1");
    // A version the stack pins comes from an earlier deploy of the key: older than the one made now.
    const pinned = (state.options.pinnedVersions ?? []).filter((pin) => pin.keyName.toLowerCase() === String(keyName).toLowerCase() && pin.version.toLowerCase() !== version).map((pin) => pin.version);
    state.keys.set(`${vault.name}/${keyName}`.toLowerCase(), {
        id,
        vaultName: vault.name,
        keyName,
        kty,
        keySize: kty.startsWith("RSA") ? Number(p.keySize ?? 2048) : undefined,
        keyOps: list(p.keyOps ?? (kty.startsWith("RSA") ? ["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"] : ["sign", "verify"])).map(String),
        curveName: typeof p.curveName === "string" ? p.curveName : undefined,
        enabled: record(p.attributes).enabled === false ? false : undefined,
        expires: typeof record(p.attributes).expires === "number" ? Number(record(p.attributes).expires) : undefined,
        versions: [...pinned, version],
    });
    const retention = vault.softDeleteRetentionInDays ?? 90;
    const recoveryLevel = `${retention < 90 ? "CustomizedRecoverable" : "Recoverable"}${vault.enablePurgeProtection ? "" : "+Purgeable"}`;
    const keyUri = `https://${vault.name}.${CLOUDS[state.options.cloud].keyVault}/keys/${keyName}`;
    return {
        id,
        state: {
            ...echo(inputs, "resourceGroupName", "vaultName", "keyName", "properties"),
            name: keyName,
            location: vault.location,
            type: "Microsoft.KeyVault/vaults/keys",
            kty,
            keySize: kty.startsWith("RSA") ? (p.keySize ?? 2048) : undefined,
            curveName: p.curveName,
            keyOps: p.keyOps ?? (kty.startsWith("RSA") ? ["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"] : ["sign", "verify"]),
            attributes: {
                enabled: attributes.enabled ?? true,
                exportable: attributes.exportable ?? false,
                expires: attributes.expires,
                notBefore: attributes.notBefore,
                created: state.startedAt,
                updated: state.startedAt,
                recoveryLevel,
            },
            rotationPolicy: p.rotationPolicy,
            keyUri,
            keyUriWithVersion: `${keyUri}/${version}`,
            tags: inputs.tags ?? {},
        },
    };
};

/** `keyvault.getKey`: the key as ARM's GET returns it, or ARM's 404. */
export function getKey(inputs: Record<string, unknown>, state: AzureState): Record<string, unknown> {
    const vault = getVault(inputs, state);
    const key = state.keys.get(`${String(vault.name)}/${String(inputs.keyName)}`.toLowerCase());
    if (!key) {
        throw notFound("Microsoft.KeyVault/vaults", `${String(vault.name)}/keys/${String(inputs.keyName)}`, String(inputs.resourceGroupName));
    }
    const keyUri = `https://${key.vaultName}.${CLOUDS[state.options.cloud].keyVault}/keys/${key.keyName}`;
    return {
        id: key.id,
        name: key.keyName,
        location: vault.location,
        type: "Microsoft.KeyVault/vaults/keys",
        kty: key.kty,
        ...(key.keySize === undefined ? {} : { keySize: key.keySize }),
        ...(key.curveName === undefined ? {} : { curveName: key.curveName }),
        keyOps: key.keyOps,
        attributes: { enabled: key.enabled ?? true, exportable: false, ...(key.expires === undefined ? {} : { expires: key.expires }) },
        keyUri,
        keyUriWithVersion: `${keyUri}/${key.versions[key.versions.length - 1]}`,
        tags: {},
    };
}

/** Key Vault's rotation-policy rules: expiry at least 28 days, rotation at least 7 days after creation and 7 before expiry. */
function validateRotationPolicy(policy: Record<string, unknown>): void {
    const attrs = record(policy.attributes);
    let expiryDays: number | undefined;
    if (attrs.expiryTime !== undefined) {
        expiryDays = isoDurationToDays(String(attrs.expiryTime));
        if (expiryDays === undefined) {
            throw badRequest("BadParameter", `rotationPolicy.attributes.expiryTime '${String(attrs.expiryTime)}' is not an ISO-8601 duration.`);
        }
        if (expiryDays < 28) {
            throw badRequest("BadParameter", `rotationPolicy.attributes.expiryTime '${String(attrs.expiryTime)}' is shorter than the minimum of 28 days (P28D).`);
        }
    }
    const seen = new Set<string>();
    list(policy.lifetimeActions).forEach((raw, i) => {
        const action = record(record(raw).action).type;
        const trigger = record(record(raw).trigger);
        const field = `rotationPolicy.lifetimeActions[${i}]`;
        if (action !== "rotate" && action !== "notify") {
            throw badRequest("BadParameter", `${field}.action.type '${String(action)}' is invalid; it must be 'rotate' or 'notify'.`);
        }
        if (seen.has(action)) {
            throw badRequest("BadParameter", `${field}: a policy holds at most one '${action}' action.`);
        }
        seen.add(action);
        const after = trigger.timeAfterCreate;
        const before = trigger.timeBeforeExpiry;
        if ((after === undefined) === (before === undefined)) {
            throw badRequest("BadParameter", `${field}.trigger must set exactly one of timeAfterCreate and timeBeforeExpiry.`);
        }
        if (action === "notify" && after !== undefined) {
            throw badRequest("BadParameter", `${field}: a notify action is triggered by timeBeforeExpiry only.`);
        }
        const text = String(after ?? before);
        const days = isoDurationToDays(text);
        if (days === undefined) {
            throw badRequest("BadParameter", `${field}.trigger '${text}' is not an ISO-8601 duration.`);
        }
        if (days < 7) {
            throw badRequest("BadParameter", `${field}.trigger '${text}' is shorter than the minimum of 7 days (P7D).`);
        }
        if (before !== undefined && expiryDays === undefined) {
            throw badRequest("BadParameter", `${field}.trigger.timeBeforeExpiry needs rotationPolicy.attributes.expiryTime.`);
        }
        if (expiryDays !== undefined && after !== undefined && days > expiryDays - 7) {
            throw badRequest("BadParameter", `${field}.trigger.timeAfterCreate '${text}' must be at least 7 days before expiryTime '${String(attrs.expiryTime)}'.`);
        }
        if (expiryDays !== undefined && before !== undefined && days > expiryDays - 7) {
            throw badRequest("BadParameter", `${field}.trigger.timeBeforeExpiry '${text}' must leave at least 7 days after creation within expiryTime '${String(attrs.expiryTime)}'.`);
        }
    });
}

export const keyHandlers: Record<string, ResourceHandler> = {
    "azure-native:keyvault:Key": keyHandler,
};
