// Runs JSONPath-mode state machines with aws-local-stepfunctions for each
// of their cases, read as one request from standard input, and writes the
// results as JSON to standard output.
//
// Request: [{"id", "definition": {...}, "cases": [{"name", "input",
// "tasks"}]}], where tasks maps a Task state name to the list of its
// scripted replies, used one per invocation: {"result": value} returns
// value, and {"error": name, "cause": text} fails the task with that error.
// A reply with "match" (and "matchField") is used only for the invocation
// whose request equals it; see takeReply.
//
// Output: [{"id", "invalid": message, "results": [{"name", "status":
// "SUCCEEDED" | "FAILED", "output", "error", "cause", "calls": {state:
// [task input, ...]}}]}]. invalid is set, and results empty, when
// aws-local-stepfunctions rejects the definition.
//
// Every Wait state and every retry interval is shortened to zero, so the
// runs take no real time. Run it with Node 22 or newer: aws-local-stepfunctions
// 3.0.0 fails every Task state on Node 20.
"use strict";

const path = require("node:path");

const moduleDir = process.argv[2];

// taskToken is the task token of every execution, which the cases can
// expect in the requests of await_callback steps.
const taskToken = "conformance-task-token";
const { StateMachine } = require(path.join(moduleDir, "aws-local-stepfunctions"));

// collectStates lists the states of a definition, including those inside
// Parallel branches and Map item processors.
function collectStates(definition, out) {
  for (const [name, state] of Object.entries(definition.States || {})) {
    out.push([name, state]);
    for (const branch of state.Branches || []) {
      collectStates(branch, out);
    }
    if (state.ItemProcessor) {
      collectStates(state.ItemProcessor, out);
    }
    if (state.Iterator) {
      collectStates(state.Iterator, out);
    }
  }
  return out;
}

function scriptedError(name, cause) {
  const error = new Error(cause === undefined ? "" : cause);
  error.name = name;
  return error;
}

// takeReply removes and returns the first reply whose match equals the
// request (the field of the task input that matchField names, or the whole
// input), or else the first reply without match. Matching keeps replies
// right when iterations run at the same time and call in any order.
function takeReply(replies, input) {
  let index = replies.findIndex((r) => {
    if (r.match === undefined) {
      return false;
    }
    const request = r.matchField ? (input || {})[r.matchField] : input;
    return JSON.stringify(canonical(request)) === JSON.stringify(canonical(r.match));
  });
  if (index < 0) {
    index = replies.findIndex((r) => r.match === undefined);
  }
  return index < 0 ? undefined : replies.splice(index, 1)[0];
}

// canonical sorts object keys, so that equal JSON values print alike.
function canonical(v) {
  if (Array.isArray(v)) {
    return v.map(canonical);
  }
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
  }
  return v;
}

async function runCase(machine, states, c) {
  const calls = {};
  const taskHandlers = {};
  const waitTimeOverrides = {};
  const retryIntervalOverrides = {};

  for (const [name, state] of states) {
    if (state.Type === "Wait") {
      waitTimeOverrides[name] = 0;
    }
    if (state.Retry) {
      retryIntervalOverrides[name] = 0;
    }
    if (state.Type !== "Task") {
      continue;
    }
    const replies = [...((c.tasks || {})[name] || [])];
    taskHandlers[name] = async (input) => {
      (calls[name] = calls[name] || []).push(input);
      const reply = takeReply(replies, input);
      if (reply === undefined) {
        throw scriptedError("Conformance.NoReply", `the case scripts no reply for call ${calls[name].length} of ${name}`);
      }
      if (reply.error !== undefined) {
        throw scriptedError(reply.error, reply.cause);
      }
      return reply.result === undefined ? null : reply.result;
    };
  }

  // The context object gives a waitForTaskToken Task its token, which the
  // local handler then receives like any other task input.
  const execution = machine.run(c.input === undefined ? null : c.input, {
    overrides: { taskResourceLocalHandlers: taskHandlers, waitTimeOverrides, retryIntervalOverrides },
    context: { Task: { Token: taskToken } },
  });

  try {
    const output = await execution.result;
    return { name: c.name, status: "SUCCEEDED", output: output === undefined ? null : output, calls };
  } catch (err) {
    const cause = err.cause || err;
    return { name: c.name, status: "FAILED", error: cause.name, cause: cause.message, calls };
  }
}

async function runMachine(request) {
  let machine;
  try {
    // ARNs in the corpus are examples, and the tasks never reach AWS.
    machine = new StateMachine(request.definition, { validationOptions: { checkArn: false } });
  } catch (err) {
    return { id: request.id, invalid: String(err.message || err), results: [] };
  }

  const states = collectStates(request.definition, []);
  const results = [];
  for (const c of request.cases) {
    results.push(await runCase(machine, states, c));
  }
  return { id: request.id, results };
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  const requests = JSON.parse(Buffer.concat(chunks).toString("utf8"));

  const out = [];
  for (const request of requests) {
    out.push(await runMachine(request));
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((err) => {
  process.stderr.write(`run.cjs: ${err.stack || err}\n`);
  process.exit(1);
});
