// The floor a plan cannot beat: node, @pulumi/pulumi and the azure-native submodules the program imports.
require("@pulumi/pulumi");
require("@pulumi/random");
for (const m of ["authorization", "compute", "containerregistry", "keyvault", "managedidentity", "monitor", "resources", "storage"]) {
    require(`@pulumi/azure-native/${m}`);
}
