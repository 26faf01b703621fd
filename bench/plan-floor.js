// The floor a plan cannot beat: node, @pulumi/pulumi, the random and time SDKs and the azure-native submodules the program imports
// (test/bench/plan-floor.test.ts keeps this list equal to what components/ and stacks/ import).
const AZURE_NATIVE_MODULES = ["authorization", "compute", "containerregistry", "containerservice", "cosmosdb", "dbformysql", "dbforpostgresql", "eventgrid", "eventhub", "keyvault", "managedidentity", "monitor", "network", "provider", "resources", "servicebus", "sql", "storage"];
require("@pulumi/pulumi");
require("@pulumi/random");
require("@pulumiverse/time");
for (const m of AZURE_NATIVE_MODULES) {
    require(`@pulumi/azure-native/${m}`);
}
