import * as pulumi from "@pulumi/pulumi";
import { program } from "./program";

// Pulumi calls an exported function and publishes what it returns as the stack outputs.
export = async () => {
    const config = new pulumi.Config("azure-byok");
    return program({
        resourceGroupName: config.require("resourceGroupName"),
        location: config.require("location"),
    });
};
