// Differential-test oracle: mints client tokens with the official OpenTok Node SDK (opentok@2.23.2, pinned in
// package.json / package-lock.json) under a fixed clock and a fixed Math.random, so that each token can be
// compared byte for byte with the Rust SDK's. Used by tests/oracle/token_node_oracle.rs.
//
// stdin:  JSON array of cases {apiKey, apiSecret, sessionId, nowMs, nonce, t1, opts}
//         (opts as generateToken takes them: role, expireTime, data, initialLayoutClassList)
// stdout: JSON array, one entry per case: {"token": "..."} or {"error": "<message>"}
'use strict';

const RealDate = Date;
let fixedNowMs = 0;
let fixedNonce = 0;

// The SDK reads the clock through `new Date()` and `Date.now()` and draws its nonce with Math.random():
// fix all three before loading it (official-node-sdk.md §7).
class FixedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(fixedNowMs);
    else super(...args);
  }
  static now() {
    return fixedNowMs;
  }
}
global.Date = FixedDate;
Math.random = () => fixedNonce;

const OpenTok = require('opentok');

function main(input) {
  const cases = JSON.parse(input);
  const out = cases.map((c) => {
    fixedNowMs = c.nowMs;
    fixedNonce = c.nonce;
    try {
      const ot = new OpenTok(c.apiKey, c.apiSecret);
      return { token: ot.generateToken(c.sessionId, c.opts || {}, Boolean(c.t1)) };
    } catch (e) {
      return { error: String(e && e.message ? e.message : e) };
    }
  });
  process.stdout.write(JSON.stringify(out));
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  input += chunk;
});
process.stdin.on('end', () => main(input));
