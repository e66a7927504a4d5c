// Floor of `rdsctl validate FILE`: start Node, load the YAML library, read the
// file and parse it into a document with source positions (what any check of
// a spec that can point at a line must have). Nothing is checked.
const { readFileSync } = require("node:fs");
const YAML = require("yaml");

const doc = YAML.parseDocument(readFileSync(process.argv[2], "utf8"));
if (doc.errors.length > 0) process.exitCode = 1;
