import { existsSync } from "node:fs";
import * as path from "node:path";

/** The project folder: the nearest folder above `from` holding Pulumi.yaml (works from source and from dist/). */
export function projectRoot(from: string = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        if (existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
        if (path.dirname(dir) === dir) throw new Error(`no Pulumi.yaml in ${from} or any folder above it`);
    }
}
