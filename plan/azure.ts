import { ArmError, autoname, badRequest, echo, identityGuidSeed, identityResourceId, isGuid, list, notFound, parseArmId, record, resourceGroupId, stableGuid, stableSuffix } from "./arm";
import { builtInRoles } from "./azure-access";
import { eventGridHandlers } from "./azure-events";
import { getKey, keyHandlers } from "./azure-keys";
import { getVault, keyVaultHandlers } from "./azure-keyvault";
import { networkHandlers } from "./azure-network";
import { kubernetesHandlers } from "./azure-kubernetes";
import { serviceHandlers } from "./azure-services";
import type { AzureState, ResourceHandler } from "./azure-state";

// Resource groups, identities, role assignments, locks, diagnostic settings and random values; and every handler the mocks answer with.
// What Azure knows during a run is AzureState (azure-state.ts); Key Vault is azure-keyvault.ts and azure-keys.ts.
export { AzureState } from "./azure-state";
export type { KeyRecord, ResourceHandler, StorageAccountSettings } from "./azure-state";
export { getKey, getVault };

const PRINCIPAL_TYPES = ["User", "Group", "ServicePrincipal", "ForeignGroup", "Device"];
const KEY_VAULT_LOG_CATEGORIES = ["AuditEvent", "AzurePolicyEvaluationDetails"];
const KEY_VAULT_METRIC_CATEGORIES = ["AllMetrics"];
const LOG_CATEGORY_GROUPS = ["audit", "allLogs"];

const resourceGroupHandler: ResourceHandler = (inputs, name, state) => {
    const rgName = typeof inputs.resourceGroupName === "string" ? inputs.resourceGroupName : autoname(name, "resourcegroup");
    if (typeof inputs.location !== "string" || inputs.location.length === 0) {
        throw badRequest("LocationRequired", "The location property is required for this definition.");
    }
    if (!/^[-\p{L}\p{Nd}_.()]{1,90}$/u.test(rgName) || rgName.endsWith(".")) {
        throw badRequest("InvalidResourceGroupName", `Resource group name '${rgName}' is invalid: 1-90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'.`);
    }
    if (state.hasResourceGroup(rgName)) {
        // azure-native checks before it creates: an existing group must be imported, not created again.
        throw new ArmError(409, "Conflict", `Resource group '${rgName}' already exists; import it instead of creating it.`);
    }
    state.addResourceGroup(rgName, inputs.location);
    const id = resourceGroupId(state.subscriptionId, rgName);
    return {
        id,
        state: { ...echo(inputs, "resourceGroupName"), name: rgName, type: "Microsoft.Resources/resourceGroups", properties: { provisioningState: "Succeeded" } },
    };
};

/** `managedidentity.getUserAssignedIdentity`: the identity as ARM's GET returns it, or ARM's 404. */
export function getIdentity(inputs: Record<string, unknown>, state: AzureState): Record<string, unknown> {
    const rg = state.resourceGroup(inputs.resourceGroupName);
    const id = identityResourceId(state.subscriptionId, rg.name, String(inputs.resourceName));
    const identity = state.identities.get(id.toLowerCase());
    if (!identity) {
        throw notFound("Microsoft.ManagedIdentity/userAssignedIdentities", String(inputs.resourceName), rg.name);
    }
    return {
        id: identity.id,
        name: String(inputs.resourceName),
        location: rg.location,
        type: "Microsoft.ManagedIdentity/userAssignedIdentities",
        clientId: identity.clientId,
        principalId: identity.principalId,
        tenantId: identity.tenantId ?? state.options.tenantId,
        tags: {},
    };
}

const identityHandler: ResourceHandler = (inputs, name, state) => {
    const rg = state.resourceGroup(inputs.resourceGroupName);
    const identityName = typeof inputs.resourceName === "string" ? inputs.resourceName : autoname(name, "identity");
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/.test(identityName)) {
        throw badRequest("InvalidResourceName", `Identity name '${identityName}' is invalid: 3-128 letters, digits, '-' or '_', starting with a letter or digit.`);
    }
    const id = state.claim(identityResourceId(state.subscriptionId, rg.name, identityName), "User-assigned identity");
    const clientId = stableGuid(identityGuidSeed(id), "clientId");
    const principalId = stableGuid(identityGuidSeed(id), "principalId");
    state.identities.set(id.toLowerCase(), { id, clientId, principalId });
    return {
        id,
        state: {
            ...echo(inputs, "resourceGroupName", "resourceName"),
            name: identityName,
            location: typeof inputs.location === "string" ? inputs.location : rg.location,
            type: "Microsoft.ManagedIdentity/userAssignedIdentities",
            clientId,
            principalId,
            tenantId: state.options.tenantId,
            isolationScope: "None",
        },
    };
};

const roleAssignmentHandler: ResourceHandler = (inputs, name, state) => {
    const scope = state.requireScope(inputs.scope, "scope");
    const roleDefinitionId = String(inputs.roleDefinitionId);
    const m = /^(?:\/subscriptions\/([^/]+))?\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i.exec(roleDefinitionId);
    if (!m || !isGuid(m[2])) {
        throw badRequest("InvalidRoleDefinitionId", `The role definition ID '${roleDefinitionId}' is not valid; expected /subscriptions/<guid>/providers/Microsoft.Authorization/roleDefinitions/<guid>.`);
    }
    if (!builtInRoles[m[2].toLowerCase()]) {
        throw badRequest("RoleDefinitionDoesNotExist", `The specified role definition with ID '${m[2]}' does not exist.`);
    }
    if (!isGuid(inputs.principalId)) {
        throw badRequest("InvalidPrincipalId", `A valid principal ID must be provided for role assignment; '${String(inputs.principalId)}' is not a GUID.`);
    }
    if (inputs.principalType !== undefined && !PRINCIPAL_TYPES.includes(String(inputs.principalType))) {
        throw badRequest("InvalidPrincipalType", `principalType '${String(inputs.principalType)}' is invalid; it must be one of ${PRINCIPAL_TYPES.join(", ")}.`);
    }
    const assignmentName = inputs.roleAssignmentName ?? stableGuid(name, scope);
    if (!isGuid(assignmentName)) {
        throw badRequest("InvalidRoleAssignmentId", `The role assignment ID '${String(assignmentName)}' is not valid. The role assignment ID must be a GUID.`);
    }
    for (const existing of state.assignmentsOf(String(inputs.principalId))) {
        if (
            existing.scope.toLowerCase() === scope.toLowerCase() &&
            existing.roleDefinitionId.toLowerCase().endsWith(m[2].toLowerCase())
        ) {
            throw new ArmError(409, "RoleAssignmentExists", "The role assignment already exists.");
        }
    }
    const id = state.claim(`${scope}/providers/Microsoft.Authorization/roleAssignments/${assignmentName}`, "Role assignment");
    state.addRoleAssignment({ scope, principalId: String(inputs.principalId), roleDefinitionId });
    return {
        id,
        state: {
            ...echo(inputs, "roleAssignmentName"),
            name: assignmentName,
            type: "Microsoft.Authorization/roleAssignments",
            createdBy: state.options.objectId,
            createdOn: new Date(state.startedAt * 1000).toISOString(),
        },
    };
};

const lockHandler: ResourceHandler = (inputs, name, state) => {
    const scope = state.requireScope(inputs.scope, "scope");
    if (inputs.level !== "CanNotDelete" && inputs.level !== "ReadOnly") {
        throw badRequest("LockLevelInvalid", `The lock level '${String(inputs.level)}' is invalid; it must be CanNotDelete or ReadOnly.`);
    }
    const lockName = typeof inputs.lockName === "string" ? inputs.lockName : autoname(name, "lock");
    // The Management Locks REST reference: at most 260 characters, none of < > % & : \ ? / or a control character.
    if (!/^[^<>%&:\\?/\x00-\x1f]{1,260}$/.test(lockName)) {
        throw badRequest("LockNameInvalid", `The lock name '${lockName}' is invalid: at most 260 characters, none of < > % & : \\ ? / or a control character.`);
    }
    if (typeof inputs.notes === "string" && inputs.notes.length > 512) {
        throw badRequest("LockNotesTooLong", "Lock notes are limited to 512 characters.");
    }
    const id = state.claim(`${scope}/providers/Microsoft.Authorization/locks/${lockName}`, "Lock");
    return { id, state: { ...echo(inputs, "scope", "lockName"), name: lockName, type: "Microsoft.Authorization/locks" } };
};

const diagnosticSettingHandler: ResourceHandler = (inputs, name, state) => {
    const resourceUri = state.requireScope(inputs.resourceUri, "resourceUri");
    const destinations = ["workspaceId", "storageAccountId", "eventHubAuthorizationRuleId", "marketplacePartnerId"].filter((k) => inputs[k] !== undefined);
    if (destinations.length === 0) {
        throw badRequest("BadRequest", "A diagnostic setting needs at least one destination: workspaceId, storageAccountId, eventHubAuthorizationRuleId or marketplacePartnerId.");
    }
    for (const k of ["workspaceId", "storageAccountId", "eventHubAuthorizationRuleId"]) {
        if (inputs[k] !== undefined && !parseArmId(inputs[k])?.resourceType) {
            throw badRequest("BadRequest", `${k} '${String(inputs[k])}' is not a resource id.`);
        }
    }
    const isVault = parseArmId(resourceUri)?.resourceType?.toLowerCase() === "microsoft.keyvault/vaults";
    list(inputs.logs).forEach((raw, i) => {
        const log = record(raw);
        if ((log.category === undefined) === (log.categoryGroup === undefined)) {
            throw badRequest("BadRequest", `logs[${i}] must set exactly one of category and categoryGroup.`);
        }
        if (log.category !== undefined && isVault && !KEY_VAULT_LOG_CATEGORIES.includes(String(log.category))) {
            throw badRequest("BadRequest", `Category '${String(log.category)}' is not supported for Microsoft.KeyVault/vaults; supported: ${KEY_VAULT_LOG_CATEGORIES.join(", ")}.`);
        }
        if (log.categoryGroup !== undefined && !LOG_CATEGORY_GROUPS.includes(String(log.categoryGroup))) {
            throw badRequest("BadRequest", `Category group '${String(log.categoryGroup)}' is not supported; supported: ${LOG_CATEGORY_GROUPS.join(", ")}.`);
        }
    });
    list(inputs.metrics).forEach((raw, i) => {
        const metric = record(raw);
        if (typeof metric.category !== "string") {
            throw badRequest("BadRequest", `metrics[${i}].category is required.`);
        }
        if (isVault && !KEY_VAULT_METRIC_CATEGORIES.includes(metric.category)) {
            throw badRequest("BadRequest", `Metric category '${metric.category}' is not supported for Microsoft.KeyVault/vaults; supported: ${KEY_VAULT_METRIC_CATEGORIES.join(", ")}.`);
        }
    });
    // A category or group named twice in one setting fails its deployment (Azure/Azure-Landing-Zones#3004).
    for (const [what, names] of [["Log category", list(inputs.logs).map((raw) => record(raw).category ?? record(raw).categoryGroup)], ["Metric category", list(inputs.metrics).map((raw) => record(raw).category)]] as const) {
        const twice = names.find((n, i) => n !== undefined && names.indexOf(n) < i);
        if (twice !== undefined) throw badRequest("BadRequest", `${what} '${String(twice)}' is listed more than once in the diagnostic setting.`);
    }
    // Azure/azure-rest-api-specs#22719: entries enabled or not, a setting names its logs one way.
    const logEntries = list(inputs.logs).map(record);
    if (logEntries.some((log) => log.category !== undefined) && logEntries.some((log) => log.categoryGroup !== undefined)) {
        throw badRequest("BadRequest", "Diagnostic setting does not support mix of log category and log category group.");
    }
    const existing = [...state.ids].filter((id) => id.startsWith(`${resourceUri.toLowerCase()}/providers/microsoft.insights/diagnosticsettings/`)).length;
    if (existing >= 5) {
        throw badRequest("BadRequest", `Resource '${resourceUri}' already has 5 diagnostic settings, the most Azure allows per resource.`);
    }
    const settingName = typeof inputs.name === "string" ? inputs.name : autoname(name, "diagnostics");
    // The portal's rule, which azurerm mirrors (hashicorp/terraform-provider-azurerm#10014).
    if (!/^[^<>*%&:\\?+/]{1,260}$/.test(settingName)) {
        throw badRequest("BadRequest", `The diagnostic setting name '${settingName}' is invalid: 1-260 characters, none of < > * % & : \\ ? + /.`);
    }
    // A sink takes a category once per resource (Azure/bicep-registry-modules#3407); a group stands for its categories.
    const sinks = ["workspaceId", "storageAccountId", "eventHubAuthorizationRuleId"].filter((k) => inputs[k] !== undefined).map((k) => (k === "eventHubAuthorizationRuleId" ? `${String(inputs[k])}|${String(inputs.eventHubName ?? "")}` : String(inputs[k])));
    const categories = list(inputs.logs).flatMap((raw) => {
        const log = record(raw);
        if (log.enabled === false) return [];
        if (log.category !== undefined) return [String(log.category)];
        return !isVault ? [String(log.categoryGroup)] : log.categoryGroup === "audit" ? ["AuditEvent"] : KEY_VAULT_LOG_CATEGORIES;
    });
    const taken: string[] = [];
    for (const sink of sinks) {
        for (const category of categories) {
            const at = `${resourceUri}|${sink}|${category}`.toLowerCase();
            const holder = state.diagnosticSinks.get(at);
            if (holder !== undefined) {
                throw new ArmError(409, "Conflict", `Data sink '${sink.replace(/\|$/, "")}' is already used in diagnostic setting '${holder}' for category '${category}'. Data sinks can't be reused in different settings on the same category for the same resource.`);
            }
            taken.push(at);
        }
    }
    const id = state.claim(`${resourceUri}/providers/Microsoft.Insights/diagnosticSettings/${settingName}`, "Diagnostic setting");
    for (const at of taken) state.diagnosticSinks.set(at, settingName);
    return { id, state: { ...echo(inputs, "resourceUri"), name: settingName, type: "Microsoft.Insights/diagnosticSettings" } };
};

const randomStringHandler: ResourceHandler = (inputs, name) => {
    const length = Number(inputs.length);
    if (!Number.isInteger(length) || length < 1) {
        throw new Error(`random.RandomString ${name}: length must be a positive integer, got ${String(inputs.length)}.`);
    }
    let alphabet = "";
    if (inputs.lower !== false) alphabet += "abcdefghijklmnopqrstuvwxyz";
    if (inputs.upper !== false) alphabet += "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    if (inputs.numeric !== false) alphabet += "0123456789";
    if (inputs.special !== false) alphabet += typeof inputs.overrideSpecial === "string" ? inputs.overrideSpecial : "!@#$%&*()-_=+[]{}<>:?";
    if (alphabet.length === 0) {
        throw new Error(`random.RandomString ${name}: every character class is turned off.`);
    }
    const seed = stableSuffix(length * 2, "random", name, JSON.stringify(inputs.keepers ?? {}));
    let result = "";
    for (let i = 0; i < length; i++) {
        result += alphabet[(seed.charCodeAt(i) * 31 + seed.charCodeAt(length + i)) % alphabet.length];
    }
    return { id: stableGuid("random", name), state: { ...inputs, result } };
};

/** What random's provider checks of a password before it makes one: the minimums must fit the length and each class they ask for be on. */
const randomPasswordHandler: ResourceHandler = (inputs, name) => {
    const length = Number(inputs.length);
    const minimums = { lower: Number(inputs.minLower ?? 0), upper: Number(inputs.minUpper ?? 0), numeric: Number(inputs.minNumeric ?? 0), special: Number(inputs.minSpecial ?? 0) };
    if (!Number.isInteger(length) || length < 1 || Object.values(minimums).reduce((a, b) => a + b, 0) > length) {
        throw new Error(`random.RandomPassword ${name}: length ${String(inputs.length)} does not hold the minimum counts of each class.`);
    }
    const classes = {
        lower: "abcdefghijklmnopqrstuvwxyz",
        upper: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        numeric: "0123456789",
        special: typeof inputs.overrideSpecial === "string" ? inputs.overrideSpecial : "!@#$%&*()-_=+[]{}<>:?",
    };
    const on = (Object.keys(classes) as (keyof typeof classes)[]).filter((c) => inputs[c] !== false && classes[c].length > 0);
    if (on.length === 0) {
        throw new Error(`random.RandomPassword ${name}: every character class is turned off.`);
    }
    const seed = stableSuffix(length * 2, "random-password", name, JSON.stringify(inputs.keepers ?? {}));
    const pick = (alphabet: string, i: number) => alphabet[(seed.charCodeAt(i) * 31 + seed.charCodeAt(length + i)) % alphabet.length];
    // Each class's minimum first, then any class that is on.
    const required = on.flatMap((c) => Array.from({ length: minimums[c] }, () => classes[c]));
    const all = on.map((c) => classes[c]).join("");
    let result = "";
    for (let i = 0; i < length; i++) result += pick(required[i] ?? all, i);
    return { id: stableGuid("random-password", name), state: { ...inputs, result } };
};

export const azureHandlers: Record<string, ResourceHandler> = {
    "azure-native:resources:ResourceGroup": resourceGroupHandler,
    ...keyVaultHandlers,
    ...keyHandlers,
    "azure-native:managedidentity:UserAssignedIdentity": identityHandler,
    "azure-native:authorization:RoleAssignment": roleAssignmentHandler,
    "azure-native:authorization:ManagementLockByScope": lockHandler,
    "azure-native:monitor:DiagnosticSetting": diagnosticSettingHandler,
    "random:index/randomString:RandomString": randomStringHandler,
    "random:index/randomPassword:RandomPassword": randomPasswordHandler,
    ...serviceHandlers,
    ...networkHandlers,
    ...kubernetesHandlers,
    ...eventGridHandlers,
};
