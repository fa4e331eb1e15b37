// Compile a JSON Schema (draft 2020-12) with Ajv in strict mode and validate instances against it.
// Usage: node ajv-validate.js SCHEMA.json [INSTANCE.json ...]; prints one JSON line with the findings.
"use strict";
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const [schemaPath, ...instances] = process.argv.slice(2);
let validate;
try {
  validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
} catch (error) {
  console.log(JSON.stringify({ compiled: false, error: error.message }));
  process.exit(0);
}
const invalid = {};
for (const path of instances) {
  if (!validate(JSON.parse(fs.readFileSync(path, "utf8")))) invalid[path] = validate.errors;
}
console.log(JSON.stringify({ compiled: true, invalid }));
