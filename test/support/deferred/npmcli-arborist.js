module.exports = require("./stand-in")("@npmcli/arborist");
