module.exports = require("./stand-in")("./provider");
