import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig, rawConfig } from "./config";
import { program } from "./program";

// Pulumi calls an exported function and publishes what it returns as the stack outputs.
// The config is validated whole before the program registers anything.
export = async () => program(parseStackConfig(rawConfig(pulumi.runtime.allConfig())));
