// Differential-test oracle for application credentials: the official @vonage/video 1.31.1 (with
// @vonage/jwt 1.17.1), pinned in package.json / package-lock.json. Used by tests/vonage_oracle.rs.
//
// stdin:  {applicationId, privateKey, videoHost?, jwtTtl?, steps: [{op, args}]}
//   jwtTtl: its REST JWTs expire this many seconds after the script starts (@vonage/jwt's default
//   lifetime is 900 s)
//   op "token":  args [sessionId, tokenOptions]   -> the client token it mints
//   op <method>: args as the Video method takes them (createSession, startArchive, getArchive, ...) -> its result
// stdout: JSON array, one entry per step: {"ok": <result>} or {"error": "<message>", "status": <HTTP status>}
'use strict';

const { Video } = require('@vonage/video');
const readStdin = require('./stdin');

async function main() {
  const input = JSON.parse(await readStdin());
  const video = new Video(
    {
      applicationId: input.applicationId,
      privateKey: input.privateKey,
      // An absolute `exp`, not `ttl`: @vonage/jwt 1.17.1 deletes `ttl` from the shared options after the
      // first token, so later requests would get its 900 s default. The script lives for seconds.
      ...(input.jwtTtl ? { jwtOptions: { exp: Math.floor(Date.now() / 1000) + input.jwtTtl } } : {}),
    },
    input.videoHost ? { videoHost: input.videoHost } : {},
  );
  const out = [];
  for (const step of input.steps) {
    try {
      const result = step.op === 'token'
        ? video.generateClientToken(...step.args)
        : await video[step.op](...step.args);
      out.push({ ok: result === undefined ? null : result });
    } catch (e) {
      const status = e && e.response ? e.response.status : undefined;
      const body = e && e.response ? e.response.data : undefined;
      out.push({ error: String(e && e.message ? e.message : e), status, body });
    }
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
