// The inspector's script: polls /_inspector/state and redraws what changed; acts through /_test.
// Everything shown is untrusted text: the page is built with createElement and textContent only.
"use strict";

const POLL_MS = 500;
let lastText = "";

// An element with the given text (or children).
function el(tag, content, className) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const part of [].concat(content === undefined || content === null ? [] : content)) {
    node.append(part instanceof Node ? part : document.createTextNode(String(part)));
  }
  return node;
}

function time(ms) {
  return typeof ms === "number" ? new Date(ms).toISOString().replace("T", " ").replace("Z", "") : "";
}

// A button that runs `action` when clicked; `data` becomes data-* attributes (for scripts and tests).
function button(label, data, action) {
  const b = el("button", label);
  b.type = "button";
  for (const [k, v] of Object.entries(data)) b.dataset[k] = v;
  b.addEventListener("click", action);
  return b;
}

// A table of `rows` (arrays of cells) under `headers`, or a "none" line.
function table(headers, rows) {
  if (rows.length === 0) return el("p", "none", "muted");
  const t = el("table");
  t.append(el("tr", headers.map((h) => el("th", h))));
  for (const row of rows) t.append(el("tr", row.map((c) => el("td", c))));
  return t;
}

function counted(list, node) {
  const box = el("div", node);
  if (list.total > list.items.length) box.append(el("p", `newest ${list.items.length} of ${list.total}`, "muted"));
  return box;
}

function put(id, node) {
  document.getElementById(id).replaceChildren(node);
}

// Calls the control API, shows the answer in #result, and returns the answer's JSON when it succeeded.
async function act(method, path, body) {
  const result = document.getElementById("result");
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let line;
  let answer = null;
  try {
    const response = await fetch(path, init);
    const text = await response.text();
    line = `${method} ${path} → ${response.status}${text ? "\n" + text : ""}`;
    result.className = response.ok ? "ok" : "bad";
    if (response.ok && text) answer = JSON.parse(text);
  } catch (error) {
    line = `${method} ${path} → ${error}`;
    result.className = "bad";
  }
  result.textContent = line;
  poll();
  return answer;
}

const seg = encodeURIComponent;

function drawSessions(list) {
  const box = el("div");
  for (const s of list.items) {
    const div = el("div", [el("h3", `Session ${s.id}`)], "session");
    div.dataset.session = s.id;
    div.append(el("p", `media mode ${s.mediaMode} · archive mode ${s.archiveMode}${s.forceMuted ? " · mute all" : ""}`));
    div.append(button("Send session notification", { action: "notify", session: s.id },
      () => act("POST", `/_test/session/${seg(s.id)}/notification`, {})));
    div.append(button("Connect a client here", { action: "prefill", session: s.id }, () => {
      document.querySelector("#connect-form [name=sessionId]").value = s.id;
      document.querySelector("#mint-form [name=sessionId]").value = s.id;
    }));
    div.append(table(["connection", "role", "data", "connected since", ""], s.connections.map((c) => [
      c.id, c.role + (c.sip ? " (SIP)" : ""), c.data === null ? "" : c.data, time(c.createdAt),
      el("span", [
        c.role === "subscriber" || c.sip ? "" : button("Publish", { action: "publish", connection: c.id },
          () => act("POST", `/_test/session/${seg(s.id)}/connection/${seg(c.id)}/stream`, {})),
        button("Disconnect", { action: "disconnect", connection: c.id },
          () => act("DELETE", `/_test/session/${seg(s.id)}/connection/${seg(c.id)}`)),
      ]),
    ])));
    div.append(table(["stream", "connection", "video type", "audio", "layout classes", ""], s.streams.map((st) => [
      st.id, st.connectionId, st.videoType === null ? "audio only" : st.videoType,
      st.audioMuted ? "muted" : "on", st.layoutClassList.join(" "),
      button("Unpublish", { action: "unpublish", stream: st.id },
        () => act("DELETE", `/_test/session/${seg(s.id)}/stream/${seg(st.id)}`)),
    ])));
    if (s.connectionsTotal > s.connections.length || s.streamsTotal > s.streams.length) {
      div.append(el("p", `first ${s.connections.length} of ${s.connectionsTotal} connections, ` +
        `${s.streams.length} of ${s.streamsTotal} streams`, "muted"));
    }
    box.append(div);
  }
  if (list.items.length === 0) box.append(el("p", "none", "muted"));
  put("sessions", counted(list, box));
}

// A list of records with a status, and an optional action button per row.
function drawRecords(id, list, headers, cells, actionFor) {
  put(id, counted(list, table(headers.concat(["status", "updated", "history", ""]), list.items.map((r) => cells(r).concat([
    r.status + (r.reason ? ` (${r.reason})` : ""), time(r.updatedAt),
    (r.history || []).map((h) => h.status).join(" → "), actionFor ? actionFor(r) : "",
  ])))));
}

function failButton(kind, path, r, running) {
  return running.includes(r.status)
    ? button("Fail", { action: `fail-${kind}`, id: r.id }, () => act("POST", `/_test/${path}/${seg(r.id)}/failure`, {}))
    : "";
}

function draw(state) {
  const p = state.project;
  document.getElementById("project").textContent = `${p.mode} ${p.id} · ${p.url}`;
  drawSessions(state.world.sessions);
  drawRecords("archives", state.world.archives, ["archive", "session", "name", "output"],
    (a) => [a.id, a.sessionId, a.name === null ? "" : a.name, a.outputMode],
    (a) => button("Force status…", { action: "prefill-archive", id: a.id }, () => {
      document.querySelector("#archive-form [name=archiveId]").value = a.id;
    }));
  drawRecords("broadcasts", state.world.broadcasts, ["broadcast", "session", "outputs"],
    (b) => [b.id, b.sessionId, `${b.hls ? "HLS " : ""}${b.rtmp} RTMP`],
    (b) => failButton("broadcast", "broadcast", b, ["started"]));
  drawRecords("renders", state.world.renders, ["Experience Composer", "session", "url"],
    (r) => [r.id, r.sessionId, r.url], (r) => failButton("render", "render", r, ["starting", "started"]));
  drawRecords("captions", state.world.captions, ["captions", "session", "language"],
    (c) => [c.id, c.sessionId, c.languageCode], (c) => failButton("captions", "captions", c, ["started"]));
  drawRecords("audioConnectors", state.world.audioConnectors, ["Audio Connector", "session", "connection", "uri"],
    (a) => [a.id, a.sessionId, a.connectionId, a.uri]);
  put("signals", counted(state.world.signals, table(["session", "to connection", "type", "data"],
    state.world.signals.items.map((s) => [s.sessionId, s.connectionId === null ? "(all)" : s.connectionId,
      s.type === null ? "" : s.type, s.data === null ? "" : s.data]))));
  put("requests", counted(state.requests, table(["request", "status", "latency", "credential", "verified", "body"],
    state.requests.items.map((r) => [
      `${r.method} ${r.path}${r.query ? "?" + r.query : ""}`,
      r.status === null ? "no answer (yet)" : String(r.status),
      r.latencyUs === null ? "" : `${(r.latencyUs / 1000).toFixed(1)} ms`,
      credential(r.auth),
      r.verified === null ? "not checked" : r.verified.ok ? "yes" : `no: ${r.verified.reason}`,
      r.body ? el("details", [el("summary", `${r.body.length} chars`), el("pre", r.body)]) : "",
    ]))));
  put("callbacks", counted(state.callbacks, table(["kind", "url", "signed", "attempts", "receiver", "payload"],
    state.callbacks.items.map((c) => [
      c.kind, c.url, c.signed ? "yes" : "no", String(c.attempts),
      `${c.result}${c.status === null ? "" : " " + c.status}${c.error ? ": " + c.error : ""}`,
      el("details", [el("summary", String(c.payload && c.payload.event || "payload")),
        el("pre", JSON.stringify(c.payload, null, 1))]),
    ]))));
}

function credential(auth) {
  const parts = [auth.kind];
  for (const k of ["alg", "iss", "application_id", "ist"]) if (auth[k] !== undefined) parts.push(`${k} ${auth[k]}`);
  for (const k of ["iat", "exp"]) {
    if (typeof auth[k] === "number") parts.push(`${k} ${time(auth[k] * 1000)}`);
    else if (auth[k] !== undefined) parts.push(`${k} ${JSON.stringify(auth[k])}`);
  }
  if (auth.error) parts.push(`(${auth.error})`);
  return parts.join(" · ");
}

let polling = false;
async function poll() {
  if (polling) return;
  polling = true;
  try {
    const response = await fetch("/_inspector/state", { cache: "no-store" });
    const text = await response.text();
    if (text !== lastText) {
      lastText = text;
      draw(JSON.parse(text));
    }
    document.getElementById("poll").textContent = `updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    document.getElementById("poll").textContent = `cannot reach the server: ${error}`;
  } finally {
    polling = false;
  }
}

function onSubmit(id, handler) {
  document.getElementById(id).addEventListener("submit", (event) => {
    event.preventDefault();
    handler(new FormData(event.target));
  });
}

document.addEventListener("DOMContentLoaded", () => {
  onSubmit("connect-form", (f) =>
    act("POST", `/_test/session/${seg(f.get("sessionId").trim())}/connection`, { token: f.get("token").trim() }));
  onSubmit("mint-form", async (f) => {
    const sid = f.get("sessionId").trim();
    const answer = await act("POST", `/_test/session/${seg(sid)}/token`, { role: f.get("role"), data: f.get("data") });
    if (answer && answer.token) {
      document.querySelector("#connect-form [name=sessionId]").value = sid;
      document.querySelector("#connect-form [name=token]").value = answer.token;
    }
  });
  onSubmit("archive-form", (f) =>
    act("POST", `/_test/archive/${seg(f.get("archiveId").trim())}/status`, { status: f.get("status") }));
  onSubmit("fault-form", (f) => {
    const fault = { count: Number(f.get("count") || 1) };
    if (f.get("drop")) fault.drop = true;
    else if (f.get("status")) Object.assign(fault, { status: Number(f.get("status")), body: f.get("body") });
    if (f.get("delayMs")) fault.delayMs = Number(f.get("delayMs"));
    act("POST", "/_test/faults", fault);
  });
  poll();
  setInterval(poll, POLL_MS);
});
