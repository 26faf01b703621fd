import * as pulumi from "@pulumi/pulumi";
import { misplacedConfig, parseStackConfig, rawConfig, regionConfig } from "./config";
import { program } from "./program";
import { secretConfigIssues, secretConfigKeys } from "./secret-config";

// Pulumi calls an exported function and publishes what it returns as the stack outputs.
// The config is validated whole before the program registers anything; secrets first, so no later message quotes one.
export = async () => {
    const all = pulumi.runtime.allConfig();
    const refused = secretConfigIssues(secretConfigKeys(Object.keys(all))) ?? misplacedConfig(all, pulumi.getProject()) ?? regionConfig(all);
    if (refused) throw refused;
    return program(parseStackConfig(rawConfig(all)));
};
