module.exports = require("./stand-in")("normalize-package-data");
