module.exports = require("./stand-in")("typescript");
