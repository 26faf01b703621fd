/**
 * The command and arguments that run npm: the npm CLI script this test run came from (npm sets
 * `npm_execpath` for `npm test` and `npx jest`) under the running node, since Windows' npm is npm.cmd,
 * which execFile cannot start; plain `npm` where jest was started some other way.
 */
export function npmCommand(args: string[]): [string, string[]] {
    const cli = process.env.npm_execpath;
    return cli !== undefined && /\.[cm]?js$/.test(cli) ? [process.execPath, [cli, ...args]] : ["npm", args];
}
