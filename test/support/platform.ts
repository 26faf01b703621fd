// Tests of what only POSIX systems have (bash pipelines, signals, ps, mkfifo, file symlinks without
// privileges): on Windows they are skipped, and the report names each one skipped.
const windows = process.platform === "win32";

export const posixTest = windows ? test.skip : test;
export const posixDescribe = windows ? describe.skip : describe;
