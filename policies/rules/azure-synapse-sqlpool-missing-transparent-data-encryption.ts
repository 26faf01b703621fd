import { T } from "../lib/azure";
import { ResourceView, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { isUnknown, read, sameText, UNKNOWN, Unknown } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-synapse-sqlpool-missing-transparent-data-encryption",
    description: "Azure makes a Synapse dedicated SQL pool with transparent data encryption off, in a workspace with a customer-managed key too (Microsoft's Synapse encryption guide: each pool is not enabled for encryption by default), so a pool the stack creates without a SqlPoolTransparentDataEncryption of status Enabled is stored decrypted.",
    severity: "high",
    // Absence is judged from the stack alone, and a pool's TDE turned on outside it looks the same: advisory under baseline, as the other missing-setting stack rules.
    levels: { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-4"],
    mirrors: [
        "Azure Policy cfaf0007-99c7-4b01-b36b-4048872ac978 \"Azure Synapse Analytics dedicated SQL pools should enable encryption\" (AuditIfNotExists: a pool with no transparentDataEncryption child of status Enabled)",
        "Checkov CKV_AZURE_241 (a pool without data_encrypted)",
    ],
    resourceTypes: [T.synapseSqlPool, T.synapseSqlPoolTransparentDataEncryption],
    stackTrigger: T.synapseSqlPool,
    parameters: {},
};

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const settings = resources.filter((r) => r.type === T.synapseSqlPoolTransparentDataEncryption);
        const pools = new Set(resources.filter((r) => r.type === T.synapseSqlPool).map((r) => r.urn));
        const violations: StackViolation[] = [];
        for (const pool of resources) {
            if (pool.type !== T.synapseSqlPool) continue;
            // A restored or recovered pool takes its source's encryption, which the stack does not show.
            const mode = read(pool.props, "createMode");
            if (isUnknown(mode) || (typeof mode === "string" && !sameText(mode, "Default"))) continue;
            // A deployed pool's outputs (creationDate set) carry no createMode, so a restored one looks new there.
            if (mode === undefined && read(pool.props, "creationDate") !== undefined) continue;
            const named = poolOf(pool.props, true);
            if (named === UNKNOWN || named === undefined) continue;
            // A setting of the pool, whatever its status, is azure-synapse-sqlpool-enable-transparent-data-encryption's to judge.
            if (settings.some((s) => covers(s, pool, named, pools))) continue;
            violations.push({
                urn: pool.urn,
                message: `Dedicated SQL pool ${named.pool} of workspace ${named.workspace} has no transparent data encryption, which Azure leaves off for a new pool; add a SqlPoolTransparentDataEncryption with workspaceName "${named.workspace}", sqlPoolName "${named.pool}", transparentDataEncryptionName "current" and status "Enabled".`,
            });
        }
        return violations;
    },
};

interface PoolName {
    workspace: string;
    pool: string;
}

/**
 * The workspace and pool a SqlPool (`own`, whose `name` output is the pool's) or its TDE setting
 * names: its inputs, else the segments of its ARM id. UNKNOWN while a part is not known yet;
 * undefined when nothing says.
 */
function poolOf(props: Record<string, unknown>, own: boolean): PoolName | Unknown | undefined {
    const id = read(props, "id");
    const fromId = typeof id === "string" && !isUnknown(id) ? /\/workspaces\/([^/]+)\/sqlPools\/([^/]+)/i.exec(id) : null;
    const sources = {
        workspace: [read(props, "workspaceName"), fromId?.[1]],
        pool: [read(props, "sqlPoolName"), own ? read(props, "name") : undefined, fromId?.[2]],
    };
    const first = (values: unknown[]) => values.find((v): v is string => typeof v === "string" && v !== "" && !isUnknown(v));
    const workspace = first(sources.workspace);
    const pool = first(sources.pool);
    if (workspace !== undefined && pool !== undefined) return { workspace, pool };
    return [id, ...sources.workspace, ...sources.pool].some(isUnknown) ? UNKNOWN : undefined;
}

/** Whether a TDE setting is, or may be while its names are not known, the pool's. */
function covers(setting: ResourceView, pool: ResourceView, named: PoolName, pools: ReadonlySet<string>): boolean {
    const from = setting.propertyDependencies?.sqlPoolName ?? [];
    if (from.includes(pool.urn)) return true;
    const target = poolOf(setting.props, false);
    // One whose pool name came from another pool of the stack is that pool's.
    if (target === UNKNOWN || target === undefined) return !from.some((urn) => pools.has(urn));
    return sameText(target.workspace, named.workspace) && sameText(target.pool, named.pool);
}
