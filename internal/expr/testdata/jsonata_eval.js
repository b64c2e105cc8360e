'use strict';
// Evaluates JSONata expressions for the Go conformance test.
// Usage: node jsonata_eval.js TOOLS_DIR < cases.json
// Input: [{"expr": "...", "bindings": {...}}, ...]. Output: [{"value": ...} | {"error": "..."}, ...].
// A result that is undefined or contains a non-finite number counts as an error, because Step Functions
// fails a state whose expression yields undefined and JSON cannot carry Infinity or NaN.
const path = require('path');

const toolsDir = process.argv[2];
const expectedVersion = '2.0.6';
let jsonata;
try {
  jsonata = require(path.join(toolsDir, 'node_modules', 'jsonata'));
  const version = require(path.join(toolsDir, 'node_modules', 'jsonata', 'package.json')).version;
  if (version !== expectedVersion) {
    console.error(`jsonata ${version} is installed in ${toolsDir}, but the tests need ${expectedVersion}: run \`make tools\``);
    process.exit(3);
  }
} catch (err) {
  console.error(`jsonata is not installed in ${toolsDir}: run \`make tools\` (${err.message})`);
  process.exit(3);
}

function findNonFinite(value) {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(findNonFinite);
  if (value !== null && typeof value === 'object') return Object.values(value).some(findNonFinite);
  return false;
}

async function evaluate(testCase) {
  try {
    const value = await jsonata(testCase.expr).evaluate({}, testCase.bindings);
    if (value === undefined) return { error: 'undefined result' };
    if (findNonFinite(value)) return { error: 'non-finite number in result' };
    return { value: JSON.parse(JSON.stringify(value)) };
  } catch (err) {
    return { error: `${err.code || 'error'}: ${err.message}` };
  }
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const cases = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const results = [];
  for (const testCase of cases) results.push(await evaluate(testCase));
  process.stdout.write(JSON.stringify(results));
}

main().catch((err) => {
  console.error(err.stack || String(err));
  process.exit(1);
});
