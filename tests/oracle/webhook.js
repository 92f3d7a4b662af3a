// Independent signer for the webhook verification tests (tests/webhooks/verify.rs): signs callback JWTs
// with the npm `jsonwebtoken` package (9.0.3, a dependency of the pinned opentok SDK) and hashes bodies
// with node's crypto, so that the Rust verifier is checked against another implementation of the scheme.
//
// stdin:  JSON array of cases {secret, body, claims, algorithm, header}
//         - claims: the JWT claims; `payload_hash` is added as the lowercase hex SHA-256 of `body` unless
//           the case gives one;
//         - algorithm: "HS256" (default), "none" or "RS256" (with a fresh RSA key);
//         - header: extra JOSE header members.
// stdout: JSON array of {"jwt": "...", "payloadHash": "..."}
'use strict';

const crypto = require('crypto');
const jwt = require('jsonwebtoken');

let rsaKey = null;

function sign(c) {
  const payloadHash = crypto.createHash('sha256').update(Buffer.from(c.body, 'utf8')).digest('hex');
  const claims = Object.assign({}, c.claims);
  if (!('payload_hash' in claims)) claims.payload_hash = payloadHash;
  const algorithm = c.algorithm || 'HS256';
  // noTimestamp: an `iat` only when the case gives one (jsonwebtoken adds the current time otherwise).
  const options = { algorithm, noTimestamp: !('iat' in claims), header: Object.assign({ typ: 'JWT' }, c.header || {}) };
  let key = c.secret;
  if (algorithm === 'none') key = undefined;
  if (algorithm === 'RS256') {
    if (!rsaKey) rsaKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    key = rsaKey;
  }
  return { jwt: jwt.sign(claims, key, options), payloadHash };
}

let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  process.stdout.write(JSON.stringify(JSON.parse(input).map(sign)));
});
