const { sep } = require("node:path");
module.exports = { describe: () => `CommonJS by require (path separator ${sep})` };
