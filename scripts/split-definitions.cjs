#!/usr/bin/env node
// Split the `definitions` output of examples/quickstart into one file per
// workflow and target platform.
//
// Usage: node scripts/split-definitions.cjs DEFINITIONS_JSON OUT_DIR
//
// DEFINITIONS_JSON is the output of `terraform output -json definitions`: an
// object that maps each workflow name to
//   { "aws_asl": string, "gcp_yaml": string, "azure_json": string }.
// For a workflow NAME the script writes NAME.asl.json, NAME.gcp.yaml and
// NAME.logicapp.json into OUT_DIR, each with the exact text of the output
// (plus a final newline when the text lacks one), and prints the paths.
"use strict";

const fs = require("node:fs");
const path = require("node:path");

// Output attribute of each definition, mapped to the suffix of its file.
const FILE_SUFFIXES = {
  aws_asl: ".asl.json",
  gcp_yaml: ".gcp.yaml",
  azure_json: ".logicapp.json",
};

// Workflow names become file names, so they must not contain path separators
// or start with a dot.
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function fail(message) {
  console.error(`split-definitions: ${message}`);
  process.exit(1);
}

function main() {
  const [inputPath, outDir] = process.argv.slice(2);
  if (!inputPath || !outDir) {
    fail("usage: split-definitions.cjs DEFINITIONS_JSON OUT_DIR");
  }

  let definitions;
  try {
    definitions = JSON.parse(fs.readFileSync(inputPath, "utf8"));
  } catch (err) {
    fail(`failed to read ${inputPath} as JSON: ${err.message}`);
  }
  if (definitions === null || typeof definitions !== "object" || Array.isArray(definitions)) {
    fail(`output "definitions" must be a map from workflow name to definitions, got ${JSON.stringify(definitions)}`);
  }

  const names = Object.keys(definitions).sort();
  if (names.length === 0) {
    fail('output "definitions" is an empty map, so there is nothing to write');
  }

  // Check every entry before writing, so a bad entry leaves no partial output.
  for (const name of names) {
    checkEntry(name, definitions[name]);
  }

  for (const name of names) {
    for (const [attribute, suffix] of Object.entries(FILE_SUFFIXES)) {
      const text = definitions[name][attribute];
      const file = path.join(outDir, name + suffix);
      fs.writeFileSync(file, text.endsWith("\n") ? text : text + "\n");
      console.log(file);
    }
  }
}

function checkEntry(name, entry) {
  if (!SAFE_NAME.test(name)) {
    fail(`workflow name ${JSON.stringify(name)} cannot be used as a file name; expected it to match ${SAFE_NAME}`);
  }
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
    fail(`definitions[${JSON.stringify(name)}] must be an object with ${Object.keys(FILE_SUFFIXES).join(", ")}, got ${JSON.stringify(entry)}`);
  }
  for (const attribute of Object.keys(FILE_SUFFIXES)) {
    const text = entry[attribute];
    if (text === undefined) {
      fail(`definitions[${JSON.stringify(name)}] is missing the attribute ${attribute}`);
    }
    if (typeof text !== "string") {
      fail(`definitions[${JSON.stringify(name)}].${attribute} must be a string, got ${JSON.stringify(text)}`);
    }
  }
}

main();
