/**
 * `npm run verify -- --key-id <kid> [...] [--stack-outputs FILE] [--json]`
 * The only place that maps results to exit codes: 0 every key passed, 1 a key failed, 2 usage error.
 */
import { parseVerifyArgs, runVerifyCommand, USAGE, UsageError } from "./command";
import { exitWhenWritten } from "./exit";
import { scrubSdkLog } from "./sdk-log";

// Before any client exists: the SDK's log (AZURE_LOG_LEVEL) would print HTTPS_PROXY's password.
scrubSdkLog();

async function main(argv: readonly string[]): Promise<number> {
    try {
        const options = parseVerifyArgs(argv);
        if (options.help) {
            process.stdout.write(`${USAGE}\n`);
            return 0;
        }
        const { report, output } = await runVerifyCommand(options);
        process.stdout.write(`${output}\n`);
        return report.ok ? 0 : 1;
    } catch (error) {
        if (error instanceof UsageError) {
            console.error(`verify: ${error.message}\n${error.suggestion}`);
            return 2;
        }
        // verifyKeys reports key failures in its result; anything thrown here is a bug, shown in one line.
        console.error(`verify: unexpected error: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
        return 1;
    }
}

main(process.argv.slice(2)).then(exitWhenWritten);
