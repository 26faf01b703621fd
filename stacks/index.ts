import * as pulumi from "@pulumi/pulumi";
import { misplacedConfig, parseStackConfig, rawConfig, regionConfig } from "./config";
import { program } from "./program";

// Pulumi calls an exported function and publishes what it returns as the stack outputs.
// The config is validated whole before the program registers anything.
export = async () => {
    const all = pulumi.runtime.allConfig();
    const misplaced = misplacedConfig(all, pulumi.getProject()) ?? regionConfig(all);
    if (misplaced) throw misplaced;
    return program(parseStackConfig(rawConfig(all)));
};
