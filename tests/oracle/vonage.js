// Differential-test oracle for application credentials: the official @vonage/video 1.31.1 (with
// @vonage/jwt 1.17.1), pinned in package.json / package-lock.json. Used by tests/oracle/vonage_oracle.rs.
//
// stdin:  {applicationId, privateKey, videoHost?, steps: [{op, args}]}
//   op "token":  args [sessionId, tokenOptions]   -> the client token it mints
//   op <method>: args as the Video method takes them (createSession, startArchive, getArchive, ...) -> its result
//   Any argument value {"$step": N} is replaced by the result of step N (for instance a token), and
//   {"$step": N, "$field": "id"} by that result's field.
// stdout: JSON array, one entry per step: {"ok": <result>} or {"error": "<message>", "status": <HTTP status>}
'use strict';

const { Video } = require('@vonage/video');
const readStdin = require('./stdin');

async function main() {
  const input = JSON.parse(await readStdin());
  const video = new Video(
    { applicationId: input.applicationId, privateKey: input.privateKey },
    input.videoHost ? { videoHost: input.videoHost } : {},
  );
  const out = [];
  const resolve = (value) => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value && typeof value === 'object') {
      if ('$step' in value) {
        const result = out[value.$step].ok;
        return '$field' in value ? result[value.$field] : result;
      }
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    }
    return value;
  };
  for (const step of input.steps) {
    try {
      const args = resolve(step.args);
      const result = step.op === 'token'
        ? video.generateClientToken(...args)
        : await video[step.op](...args);
      out.push({ ok: result === undefined ? null : result });
    } catch (e) {
      const status = e && e.response ? e.response.status : undefined;
      out.push({ error: String(e && e.message ? e.message : e), status });
    }
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
