// Smoke test of the standalone test server against the official Node SDK (npm opentok@2.23.2).
//
// Reads `{"url","api_key","api_secret"}` (the server's start-up line) on stdin, drives the Node SDK
// through a session's life against it, and prints one JSON object describing what happened. Any
// failed expectation exits non-zero with the reason on stderr. Run by tests/oracle/node_sdk_smoke.rs.
'use strict';

const assert = require('node:assert/strict');
const OpenTok = require('opentok');

const readStdin = require('./stdin');

// Calls a callback-style Node SDK method and resolves with its first result argument. The Node SDK
// loses the callback on some transport errors, so a call that never answers fails after a while.
function call(what, fn) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no callback within 10 s`)), 10000);
    fn((err, result, extra) => {
      clearTimeout(timer);
      if (err) {
        reject(new Error(`${what} failed: ${err.message || err}`));
      } else {
        resolve(extra === undefined ? result : [result, extra]);
      }
    });
  });
}

// Like `call`, for a call that must fail: resolves with the error.
function callFails(what, fn) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no callback within 10 s`)), 10000);
    fn((err) => {
      clearTimeout(timer);
      if (err) resolve(err);
      else reject(new Error(`${what} succeeded but should have failed`));
    });
  });
}

// The test server's control API (no auth).
async function control(base, method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10000),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`control ${method} ${path} answered ${response.status}: ${text}`);
  }
  return text ? JSON.parse(text) : null;
}

async function main() {
  const server = JSON.parse(await readStdin());
  const ot = new OpenTok(server.api_key, server.api_secret, server.url);
  const out = {};

  // Sessions: a routed one to record and dial into, a relayed one to check the media-mode rules.
  const session = await call('createSession(routed)', (cb) => ot.createSession({ mediaMode: 'routed' }, cb));
  assert.match(session.sessionId, /^1_[A-Za-z0-9_-]+$/, 'routed session id');
  const relayed = await call('createSession(relayed)', (cb) => ot.createSession({ location: '10.1.2.3' }, cb));
  assert.match(relayed.sessionId, /^1_/, 'relayed session id');
  assert.notEqual(relayed.sessionId, session.sessionId);
  out.sessionId = session.sessionId;
  out.relayedSessionId = relayed.sessionId;

  // Tokens, in both formats the Node SDK makes: the server accepts each for a simulated client.
  const publisherToken = ot.generateToken(session.sessionId, { role: 'publisher', data: 'name=smoke' });
  const moderatorToken = session.generateToken({ role: 'moderator', initialLayoutClassList: ['focus'] });
  const t1Token = ot.generateToken(session.sessionId, { role: 'publisher' }, true);
  assert.ok(t1Token.startsWith('T1=='), 'legacy token');
  out.tokens = { jwt: publisherToken, t1: t1Token };

  const publisher = await control(server.url, 'POST', `/_test/session/${session.sessionId}/connection`,
    { token: publisherToken });
  const legacy = await control(server.url, 'POST', `/_test/session/${session.sessionId}/connection`,
    { token: t1Token });
  assert.ok(publisher.connectionId && publisher.streamId, 'publisher connected with a stream');
  assert.ok(legacy.connectionId && legacy.streamId, 'T1 client connected with a stream');
  out.publisher = publisher;
  out.legacy = legacy;

  // A relayed session cannot be recorded: the Node SDK maps the 409 onto its own error.
  const relayedToken = relayed.generateToken();
  await control(server.url, 'POST', `/_test/session/${relayed.sessionId}/connection`, { token: relayedToken });
  const relayedErr = await callFails('startArchive(relayed)', (cb) => ot.startArchive(relayed.sessionId, {}, cb));
  out.relayedArchiveError = relayedErr.message;

  // The archive life cycle.
  const archive = await call('startArchive', (cb) => ot.startArchive(session.sessionId,
    { name: 'smoke archive', resolution: '1280x720', layout: { type: 'pip' } }, cb));
  assert.equal(archive.status, 'started');
  assert.equal(archive.sessionId, session.sessionId);
  assert.equal(archive.name, 'smoke archive');
  out.startedArchive = { id: archive.id, status: archive.status, outputMode: archive.outputMode,
    resolution: archive.resolution };

  const got = await call('getArchive', (cb) => ot.getArchive(archive.id, cb));
  assert.equal(got.id, archive.id);
  assert.equal(got.status, 'started');

  const [items, total] = await call('listArchives', (cb) => ot.listArchives({ sessionId: session.sessionId }, cb));
  assert.equal(total, 1, 'one archive of this session');
  assert.deepEqual(items.map((a) => a.id), [archive.id]);
  const [, allTotal] = await call('listArchives(count)', (cb) => ot.listArchives({ count: 5 }, cb));
  assert.equal(allTotal, 1);

  const stopped = await call('stopArchive', (cb) => ot.stopArchive(archive.id, cb));
  assert.equal(stopped.id, archive.id);
  assert.equal(stopped.status, 'stopped');
  const stopAgain = await callFails('stopArchive twice', (cb) => ot.stopArchive(archive.id, cb));
  out.secondStopError = stopAgain.message;

  const afterStop = await call('getArchive after stop', (cb) => ot.getArchive(archive.id, cb));
  out.archiveAfterStop = { status: afterStop.status, size: afterStop.size, url: afterStop.url,
    duration: afterStop.duration };

  // An individual archive, stopped through the Archive object's own method.
  const individual = await call('startArchive(individual)', (cb) => ot.startArchive(session.sessionId,
    { outputMode: 'individual', hasVideo: false }, cb));
  assert.equal(individual.outputMode, 'individual');
  const individualStopped = await call('Archive#stop', (cb) => individual.stop(cb));
  assert.equal(individualStopped.status, 'stopped');
  await call('Archive#delete', (cb) => individual.delete(cb));

  await call('deleteArchive', (cb) => ot.deleteArchive(archive.id, cb));
  const gone = await callFails('getArchive after delete', (cb) => ot.getArchive(archive.id, cb));
  out.deletedArchiveError = gone.message;
  const [, totalAfterDelete] = await call('listArchives after delete', (cb) => ot.listArchives({}, cb));
  out.totalAfterDelete = totalAfterDelete;

  // SIP: dial into the routed session with a token of its own and every option set.
  const sipToken = ot.generateToken(session.sessionId, { data: 'sip=1' });
  const sip = await call('dial', (cb) => ot.dial(session.sessionId, sipToken, 'sip:alice@sip.example.com;transport=tls', {
    from: '15551230000@example.com',
    headers: { 'X-Smoke': 'yes' },
    auth: { username: 'alice', password: 's3cret' },
    secure: true,
    video: true,
    observeForceMute: true,
    streams: [publisher.streamId],
  }, cb));
  assert.ok(sip.id && sip.connectionId && sip.streamId, 'SIP call ids');
  out.sip = { id: sip.id, connectionId: sip.connectionId, streamId: sip.streamId };
  const relayedDial = await callFails('dial(relayed)',
    (cb) => ot.dial(relayed.sessionId, relayedToken, 'sip:bob@sip.example.com', cb));
  out.relayedDialError = relayedDial.message;

  // Force disconnect a real client, then the SIP leg.
  await call('forceDisconnect(client)', (cb) => ot.forceDisconnect(session.sessionId, publisher.connectionId, cb));
  await call('forceDisconnect(sip)', (cb) => ot.forceDisconnect(session.sessionId, sip.connectionId, cb));
  const again = await callFails('forceDisconnect twice',
    (cb) => ot.forceDisconnect(session.sessionId, publisher.connectionId, cb));
  out.secondDisconnectError = again.message;

  const state = await control(server.url, 'GET', `/_test/session/${session.sessionId}`);
  out.remainingConnections = state.connections.map((c) => c.connectionId);
  out.remainingStreams = state.streams.map((s) => s.id);

  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(1);
});
