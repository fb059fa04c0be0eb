const parser = require("@chatmlkit/parser");
const validator = require("@chatmlkit/validator");
const check = require("./check.cjs");

check(parser, validator, "require").catch((error) => {
  console.error(error);
  process.exit(1);
});
