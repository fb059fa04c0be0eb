import * as parser from "@chatmlkit/parser";
import * as validator from "@chatmlkit/validator";
import check from "./check.cjs";

await check(parser, validator, "import");
