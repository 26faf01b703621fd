/**
 * Exits with `code` once stdout and stderr have handed everything written to them to the OS.
 * Writes to a pipe are asynchronous, so exiting at once would cut a long report short for a
 * reader slower than the writer (`verify --json | jq`, `| tee report.json`).
 */
export function exitWhenWritten(code: number): void {
    let pending = 2;
    const done = () => {
        if (--pending === 0) process.exit(code);
    };
    process.stdout.write("", done);
    process.stderr.write("", done);
}
