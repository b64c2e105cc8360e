#!/usr/bin/env node
// Print the totals of a `go test -json` log, such as build/test/go-test.json
// that `make test` writes through gotestsum.
//
// Usage: node scripts/test-summary.cjs GO_TEST_JSON
//
// The last line has the form "tests: N passed, N failed, N skipped". Subtests
// count as tests, as in gotestsum's own summary. Packages that failed without
// a failing test (a build error, a panic in TestMain) are listed above it.
"use strict";

const fs = require("node:fs");

const logPath = process.argv[2];
if (!logPath) {
  console.error("test-summary: usage: test-summary.cjs GO_TEST_JSON");
  process.exit(2);
}

let text;
try {
  text = fs.readFileSync(logPath, "utf8");
} catch (err) {
  console.error(`test-summary: failed to read ${logPath}: ${err.message}`);
  process.exit(1);
}

const counts = { pass: 0, fail: 0, skip: 0 };
const failedPackages = new Set();
const packagesWithFailedTests = new Set();

for (const line of text.split("\n")) {
  // Skip any line that is not a JSON event.
  if (!line.startsWith("{")) {
    continue;
  }
  let event;
  try {
    event = JSON.parse(line);
  } catch {
    continue;
  }
  if (!(event.Action in counts)) {
    continue;
  }
  if (event.Test) {
    counts[event.Action] += 1;
    if (event.Action === "fail") {
      packagesWithFailedTests.add(event.Package);
    }
  } else if (event.Action === "fail" && event.Package) {
    failedPackages.add(event.Package);
  }
}

for (const pkg of [...failedPackages].sort()) {
  if (!packagesWithFailedTests.has(pkg)) {
    console.log(`test-summary: package ${pkg} failed outside any test (build error, panic or TestMain)`);
  }
}
console.log(`tests: ${counts.pass} passed, ${counts.fail} failed, ${counts.skip} skipped`);
