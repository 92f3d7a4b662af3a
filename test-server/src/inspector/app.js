// The inspector's script: polls /_inspector/state and redraws what changed; acts through /_test.
// Everything shown is untrusted text: the page is built with createElement and textContent only.
// A request's bodies are fetched from /_inspector/request/{seq} when the user opens it, never in the poll.
"use strict";

const POLL_MS = 500;
let lastText = "";
// The keys of the expanders the user opened: a redraw opens them again.
const openKeys = new Set();
// Fetched request details by sequence number (those still in the log), so a redraw need not fetch again.
const requestDetails = new Map();

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

// An expander under `key` that stays open across redraws; `fill(body)` fills it when it is open.
function expander(key, summary, fill) {
  const d = el("details", el("summary", summary));
  d.dataset.key = key;
  const body = el("div");
  d.append(body);
  let filled = false;
  const show = () => {
    if (!filled) fill(body);
    filled = true;
  };
  d.open = openKeys.has(key);
  if (d.open) show();
  d.addEventListener("toggle", () => {
    if (d.open) {
      openKeys.add(key);
      show();
    } else {
      openKeys.delete(key);
    }
  });
  return d;
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
    div.append(el("p", `created ${time(s.createdAt)} · media mode ${s.mediaMode} · archive mode ${s.archiveMode}` +
      (s.forceMuted ? " · mute all" : "")));
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
      el("span", [
        button("Unpublish", { action: "unpublish", stream: st.id },
          () => act("DELETE", `/_test/session/${seg(s.id)}/stream/${seg(st.id)}`)),
        button("Force unpublish", { action: "force-unpublish", stream: st.id },
          () => act("DELETE", `/_test/session/${seg(s.id)}/stream/${seg(st.id)}`, { reason: "forceUnpublished" })),
      ]),
    ])));
    if (s.connectionsTotal > s.connections.length || s.streamsTotal > s.streams.length) {
      div.append(el("p", `first ${s.connections.length} of ${s.connectionsTotal} connections, ` +
        `${s.streams.length} of ${s.streamsTotal} streams`, "muted"));
    }
    box.append(div);
  }
  if (list.items.length === 0) box.append(el("p", list.filter === null ? "none" : "none match", "muted"));
  const shown = list.filter === null
    ? `showing ${list.items.length} of ${list.total} (the newest first)`
    : `showing ${list.items.length} of ${list.matching} whose id contains “${list.filter}” (${list.total} in all)`;
  const count = el("p", shown, "muted");
  count.id = "sessions-shown";
  box.prepend(count);
  put("sessions", box);
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
  put("requests", counted(state.requests, table(["request", "status", "latency", "credential", "verified", "bodies"],
    state.requests.items.map((r) => [
      `${r.method} ${r.path}${r.query ? "?" + r.query : ""}`,
      r.status === null ? "no answer (yet)" : String(r.status),
      r.latencyUs === null ? "" : `${(r.latencyUs / 1000).toFixed(1)} ms`,
      credential(r.auth),
      r.verified === null ? "not checked" : r.verified.ok ? "yes" : `no: ${r.verified.reason}`,
      expander(`request-${r.seq}`, `${r.requestBytes} B in / ${r.responseBytes === null ? "–" : r.responseBytes + " B"} out`,
        (box) => showRequest(r.seq, box)),
    ]))));
  // Forget the details of requests no longer listed.
  const listed = new Set(state.requests.items.map((r) => r.seq));
  for (const seq of requestDetails.keys()) if (!listed.has(seq)) requestDetails.delete(seq);
  put("callbacks", counted(state.callbacks, table(["kind", "url", "signed", "attempts", "receiver", "payload"],
    state.callbacks.items.map((c) => [
      c.kind, c.url, c.signed ? "yes" : "no", String(c.attempts),
      `${c.result}${c.status === null ? "" : " " + c.status}${c.error ? ": " + c.error : ""}`,
      expander(`callback-${c.seq}`, String(c.payload && c.payload.event || "payload"),
        (box) => box.replaceChildren(el("pre", JSON.stringify(c.payload, null, 1)))),
    ]))));
}

// Fills `box` with request `seq`'s headers and bodies, fetched once.
async function showRequest(seq, box) {
  let detail = requestDetails.get(seq);
  if (!detail) {
    box.replaceChildren(el("p", "loading…", "muted"));
    try {
      const response = await fetch(`/_inspector/request/${seq}`, { cache: "no-store" });
      detail = await response.json();
      if (!response.ok) return box.replaceChildren(el("p", detail.message || `HTTP ${response.status}`, "bad"));
    } catch (error) {
      return box.replaceChildren(el("p", `cannot fetch the request: ${error}`, "bad"));
    }
    // Kept once answered (until then, opening it again asks again).
    if (detail.status !== null) requestDetails.set(seq, detail);
  }
  box.replaceChildren(
    el("h4", "request headers"),
    el("pre", Object.entries(detail.headers).map(([k, v]) => `${k}: ${v}`).join("\n")),
    el("h4", "request body"), bodyView(detail.requestBody),
    el("h4", `response body${detail.status === null ? "" : " (" + detail.status + ")"}`),
    detail.responseBody === null ? el("p", "no answer (yet)", "muted") : bodyView(detail.responseBody));
}

// A body as text (JSON indented when whole), and whether it was cut.
function bodyView(body) {
  if (body.bytes === 0) return el("p", "empty", "muted");
  let text = body.text;
  if (!body.truncated && /json/i.test(body.contentType || "")) {
    try { text = JSON.stringify(JSON.parse(text), null, 1); } catch (_) { /* shown as sent */ }
  }
  const box = el("div", el("pre", text, "body"));
  const kind = body.contentType ? `${body.contentType}, ` : "";
  box.append(el("p", `${kind}${body.bytes} bytes${body.truncated ? `, truncated: the first ${body.text.length} characters shown` : ""}`,
    body.truncated ? "bad" : "muted"));
  return box;
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
    const filter = document.getElementById("session-filter").value.trim();
    const query = filter ? `?session=${encodeURIComponent(filter)}` : "";
    const response = await fetch(`/_inspector/state${query}`, { cache: "no-store" });
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
  document.getElementById("session-filter").addEventListener("input", () => poll());
  poll();
  setInterval(poll, POLL_MS);
});
