// Request oracle: runs a list of official Node SDK (npm opentok@2.23.2) calls against a test server and
// reports the HTTP requests each one made, as the server's recorder saw them.
//
// stdin: {"url", "apiKey", "apiSecret", "ops": [{"label", "call", "args": [...], "stopAfter"?}]}
//   `call` names an OpenTok method; it is called as ot[call](...args, callback). With `stopAfter`, the
//   archive (or, for startBroadcast, the broadcast) the call returned is stopped once its requests have
//   been read (so the next start is not refused), and that stop is not reported.
// stdout: one JSON array, one entry per op, in order:
//   {"label", "ok", "error", "result", "requests": [{method, path, query, headers, body}]}
// The ops run one after another; the recorder is cleared before each. Run by tests/oracle/node_sdk_requests.rs.
'use strict';

const OpenTok = require('opentok');

const readStdin = require('./stdin');

async function control(base, method, path) {
  const response = await fetch(base + path, { method, signal: AbortSignal.timeout(10000) });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`control ${method} ${path} answered ${response.status}: ${text}`);
  }
  return text ? JSON.parse(text) : null;
}

// Calls ot[name](...args, cb) and resolves with {ok, error, result}. Some Node SDK methods never call
// back on certain failures, so a call gets 10 s.
function invoke(ot, name, args) {
  return new Promise((resolve) => {
    if (typeof ot[name] !== 'function') {
      resolve({ ok: false, error: `the Node SDK has no method ${name}`, result: null });
      return;
    }
    let settled = false;
    const timer = setTimeout(() => finish({ ok: false, error: 'no callback within 10 s', result: null }), 10000);
    function finish(outcome) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    }
    try {
      ot[name](...args, (err, result) => {
        if (err) finish({ ok: false, error: String(err.message || err), result: null });
        else finish({ ok: true, error: null, result: result === undefined ? null : result });
      });
    } catch (err) {
      finish({ ok: false, error: `threw: ${err.message || err}`, result: null });
    }
  });
}

// Results carry model objects: a Session holds the OpenTok instance (and so the secret); leave it out.
function plain(value) {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === 'ot' ? undefined : v)) ?? 'null');
}

async function main() {
  const input = JSON.parse(await readStdin());
  const ot = new OpenTok(input.apiKey, input.apiSecret, input.url);
  const outcomes = [];
  for (const op of input.ops) {
    await control(input.url, 'DELETE', '/_test/requests');
    const outcome = await invoke(ot, op.call, op.args || []);
    const requests = await control(input.url, 'GET', '/_test/requests');
    if (op.stopAfter && outcome.ok) {
      const stop = op.call === 'startBroadcast' ? 'stopBroadcast' : 'stopArchive';
      const stopped = await invoke(ot, stop, [outcome.result.id]);
      if (!stopped.ok) throw new Error(`${op.label}: ${stop} after it failed: ${stopped.error}`);
    }
    outcomes.push({ label: op.label, ok: outcome.ok, error: outcome.error, result: plain(outcome.result), requests });
  }
  process.stdout.write(JSON.stringify(outcomes) + '\n');
}

main().catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(1);
});
