/**
 * `npm run import-key -- --key-id <kid> --byok-file FILE [...]`
 * The only place that maps results to exit codes: 0 imported and verified, 1 a step failed, 2 usage error.
 */
import { UsageError } from "./command";
import { IMPORT_USAGE, parseImportArgs, runImportCommand } from "./import-command";
import { exitWhenWritten } from "./exit";
import { scrubSdkLog } from "./sdk-log";

// Before any client exists: the SDK's log (AZURE_LOG_LEVEL) would print HTTPS_PROXY's password.
scrubSdkLog();

async function main(argv: readonly string[]): Promise<number> {
    try {
        const options = parseImportArgs(argv);
        if (options.help) {
            process.stdout.write(`${IMPORT_USAGE}\n`);
            return 0;
        }
        const { result, output } = await runImportCommand(options);
        process.stdout.write(`${output}\n`);
        return result.ok ? 0 : 1;
    } catch (error) {
        if (error instanceof UsageError) {
            console.error(`import-key: ${error.message}\n${error.suggestion}`);
            return 2;
        }
        console.error(`import-key: unexpected error: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
        return 1;
    }
}

main(process.argv.slice(2)).then(exitWhenWritten);
