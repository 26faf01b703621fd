module.exports = require("./stand-in")("./automation");
