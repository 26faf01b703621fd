/**
 * With AZURE_BYOK_PLAN_TRACE set, the plan writes when each of its steps happens (seconds since
 * its process started) to stderr: where a slow plan spends its time, without a profiler.
 */
export function trace(step: string): void {
    if (process.env.AZURE_BYOK_PLAN_TRACE) {
        process.stderr.write(`plan: trace ${process.uptime().toFixed(3)} s ${step}\n`);
    }
}
