"""The official Python SDK (PyPI opentok==3.15.0) against the standalone test server: every method of
its surface that the platform's API description covers (sessions, tokens, archives, moderation,
signals, streams, SIP, DTMF, broadcasts), each success and the documented failures.

Reads `{"url", "api_key", "api_secret"}` on stdin. Asserts as it goes; on the first failed check it
prints what went wrong on stderr and exits 1. On success it prints one JSON object on stdout with ids
the driving Rust test cross-checks against the server's own state.

Where the SDK itself is wrong, the check says which of its bugs it steps around (PY-BUG-n, listed in
test-server/tests/it/python_oracle.rs).
"""

import json
import time

import requests
from opentok import (
    ArchiveModes,
    BroadcastStreamModes,
    MediaModes,
    OpenTok,
    OutputModes,
    Roles,
    StreamModes,
)
from opentok.exceptions import (
    ArchiveError,
    AuthError,
    BroadcastError,
    BroadcastHLSOptionsError,
    ForceDisconnectError,
    NotFoundError,
    OpenTokException,
    RequestError,
    SipDialError,
)

from harness import URL, check, control, ot, out, raises, server


def connect(session_id, token):
    status, body = control("POST", f"/_test/session/{session_id}/connection", {"token": token})
    check(status == 200, f"simulated client connects with the SDK's token: {status} {body}")
    return body


# ---- Sessions ----------------------------------------------------------------------------------
routed = ot.create_session(media_mode=MediaModes.routed)
relayed = ot.create_session()  # The SDK's default is relayed.
located = ot.create_session(location="10.1.2.3", media_mode=MediaModes.routed, e2ee=True)
always = ot.create_session(
    media_mode=MediaModes.routed,
    archive_mode=ArchiveModes.always,
    archive_name="auto-archive",
    archive_resolution="1280x720",
)
for name, s in [("routed", routed), ("relayed", relayed), ("located", located), ("always", always)]:
    check(s.session_id.startswith("1_"), f"{name} session id {s.session_id}")
out["sessions"] = {
    "routed": routed.session_id,
    "relayed": relayed.session_id,
    "located": located.session_id,
    "always": always.session_id,
}
# Creating an always-archived relayed session is refused by the SDK before sending.
raises(OpenTokException, lambda: ot.create_session(archive_mode=ArchiveModes.always), "always + relayed")
wrong = OpenTok(server["api_key"], "0" * 40, api_url=URL, timeout=10)
raises(RequestError, lambda: wrong.create_session(), "a wrong secret is refused (AuthError wrapped)")

# ---- Tokens: both formats, every role, data, classes, expiry --------------------------------------
clients = {}
for role in [Roles.publisher, Roles.subscriber, Roles.moderator, Roles.publisher_only]:
    for use_jwt in [True, False]:
        token = ot.generate_token(
            routed.session_id,
            role=role,
            expire_time=int(time.time()) + 3600,
            data=f"name=py-{role.value}",
            initial_layout_class_list=["focus", "full"],
            use_jwt=use_jwt,
        )
        check(token.startswith("T1==") != use_jwt, f"token format for use_jwt={use_jwt}")
        client = connect(routed.session_id, token)
        check((client["streamId"] is None) == (role == Roles.subscriber), f"{role.value} publishes iff not subscriber")
        clients[(role.value, use_jwt)] = client
publisher = clients[("publisher", True)]
moderator = clients[("moderator", False)]
out["publisherConnection"] = publisher["connectionId"]
out["publisherStream"] = publisher["streamId"]
# A token for another session is refused by the server.
status, body = control(
    "POST", f"/_test/session/{routed.session_id}/connection", {"token": ot.generate_token(relayed.session_id)}
)
check(status == 403 and isinstance(body.get("message"), str), f"token for another session: {status} {body}")

# ---- Archives ---------------------------------------------------------------------------------------
raises(NotFoundError, lambda: ot.start_archive(ot.create_session(media_mode=MediaModes.routed).session_id), "no clients")
connect(relayed.session_id, ot.generate_token(relayed.session_id))
raises(ArchiveError, lambda: ot.start_archive(relayed.session_id), "relayed sessions cannot be archived (409)")

archive = ot.start_archive(
    routed.session_id,
    name="py-archive",
    resolution="1280x720",
    layout={"type": "bestFit", "screenshareType": "pip"},
    max_bitrate=2_000_000,
)
check(archive.status == "started" and archive.name == "py-archive", f"archive started: {archive.json()}")
check(archive.resolution == "1280x720" and archive.max_bitrate == 2_000_000, "archive options echoed")
check(archive.session_id == routed.session_id and archive.output_mode == OutputModes.composed, "archive fields")
e = raises(ArchiveError, lambda: ot.start_archive(routed.session_id), "second archive without a tag (409)")
check("multiArchiveTag" in str(e), f"409 message names multiArchiveTag: {e}")

individual = ot.start_archive(
    routed.session_id,
    output_mode=OutputModes.individual,
    stream_mode=StreamModes.manual,
    multi_archive_tag="py-individual",
    has_video=False,
)
check(individual.output_mode == OutputModes.individual and individual.has_video is False, "individual archive")
qp = ot.start_archive(routed.session_id, multi_archive_tag="py-qp", quantization_parameter=20)
check(qp.quantization_parameter == 20, "quantization parameter echoed")
transcribed = ot.start_archive(
    routed.session_id,
    output_mode=OutputModes.individual,
    multi_archive_tag="py-transcribed",
    has_transcription=True,
    transcription_properties={"primaryLanguageCode": "en-US", "hasSummary": False},
)
check(transcribed.has_transcription is True, "hasTranscription echoed")

# Manual stream selection: add, toggle, remove.
ot.add_archive_stream(individual.id, publisher["streamId"], has_audio=True, has_video=False)
status, state = control("GET", f"/_test/archive/{individual.id}")
check(
    state["streams"] == [{"streamId": publisher["streamId"], "hasAudio": True, "hasVideo": False}],
    f"stream added to the archive: {state}",
)
ot.remove_archive_stream(individual.id, publisher["streamId"])
# PY-BUG-2: `if response:` hides every error status, so 404 and 400 come back as a generic
# RequestError carrying the status, never as NotFoundError or ArchiveStreamModeError.
e = raises(RequestError, lambda: ot.remove_archive_stream(individual.id, publisher["streamId"]), "removed twice")
check(e.args[1] == 404, f"removing a stream not in the archive is 404: {e.args}")
e = raises(RequestError, lambda: ot.add_archive_stream(archive.id, publisher["streamId"]), "auto-mode archive")
check(e.args[1] == 400, f"stream selection on an auto-mode archive is 400, as on a broadcast: {e.args}")

ot.set_archive_layout(archive.id, "custom", stylesheet="stream.focus { width: 100%; }")
ot.set_archive_layout(archive.id, "bestFit", screenshare_type="horizontalPresentation")
raises(ArchiveError, lambda: ot.set_archive_layout(archive.id, "pip", screenshare_type="pip"), "screenshareType")
raises(ArchiveError, lambda: ot.set_archive_layout(individual.id, "pip"), "layout of an individual archive")

fetched = ot.get_archive(archive.id)
check(fetched.id == archive.id and fetched.status == "started", "get_archive")
raises(NotFoundError, lambda: ot.get_archive("00000000-0000-0000-0000-000000000000"), "unknown archive")
# PY-BUG-3: delete_archive has no 409 branch: deleting a recording archive is a generic RequestError.
e = raises(RequestError, lambda: ot.delete_archive(archive.id), "deleting a recording archive")
check(e.args[1] == 409, f"deleting a started archive is 409: {e.args}")

stopped = ot.stop_archive(archive.id)
check(stopped.status == "stopped", f"stop_archive: {stopped.json()}")
raises(ArchiveError, lambda: ot.stop_archive(archive.id), "stopping twice (409)")
raises(NotFoundError, lambda: ot.stop_archive("00000000-0000-0000-0000-000000000000"), "stopping an unknown archive")
available = ot.get_archive(archive.id)
check(available.status == "available" and available.url and available.size > 0, f"available: {available.json()}")
check(requests.get(available.url, timeout=10).status_code == 200, "the archive url serves the file")
individual.stop()  # Archive.stop updates the object in place (and returns None).
check(individual.status == "stopped", "Archive.stop")

page = ot.list_archives(session_id=routed.session_id)
check(page.count == 4 and len(page.items) == 4, f"list by session: {page.count}")
check(page.items[0].id == transcribed.id, "newest first")
check([a.id for a in ot.list_archives(offset=1, count=2).items] == [qp.id, individual.id], "offset and count")
raises(RequestError, lambda: ot.list_archives(count=1001), "count over 1000")

ot.delete_archive(archive.id)
raises(NotFoundError, lambda: ot.get_archive(archive.id), "deleted archive is gone")
raises(NotFoundError, lambda: ot.delete_archive(archive.id), "deleting twice")
individual.delete()  # Stopped, then moved on to available by this access.
out["archives"] = {"qp": qp.id, "transcribed": transcribed.id}

# The always session archives itself when its first client connects.
connect(always.session_id, ot.generate_token(always.session_id))
auto = ot.list_archives(session_id=always.session_id)
check(auto.count == 1 and auto.items[0].name == "auto-archive", f"automatic archive: {auto.json()}")
check(auto.items[0].resolution == "1280x720", "automatic archive resolution")

# ---- Streams ----------------------------------------------------------------------------------------
stream = ot.get_stream(routed.session_id, publisher["streamId"])
check(stream.id == publisher["streamId"] and stream.videoType == "camera", f"get_stream: {stream.json()}")
check(stream.layoutClassList == ["focus", "full"], "classes from the token")
streams = ot.list_streams(routed.session_id)
check(streams.count == 6 and len(streams.items) == 6, f"six publishing clients: {streams.count}")
raises(RequestError, lambda: ot.get_stream(routed.session_id, "nope"), "unknown stream (404)")
ot.set_stream_class_lists(routed.session_id, [{"id": publisher["streamId"], "layoutClassList": ["solo"]}])
check(ot.get_stream(routed.session_id, publisher["streamId"]).layoutClassList == ["solo"], "classes set")
empty = ot.list_streams(ot.create_session(media_mode=MediaModes.routed).session_id)
check(empty.count == 0 and len(empty.items) == 0, "a session without streams lists none")

# ---- Signals ----------------------------------------------------------------------------------------
ot.send_signal(routed.session_id, {"type": "chat", "data": "hello from python"})
ot.send_signal(routed.session_id, {"type": "dm", "data": "just you"}, publisher["connectionId"])
# PY-BUG-2 again: the 413 and 404 branches are unreachable; both are RequestError with the status.
e = raises(RequestError, lambda: ot.send_signal(routed.session_id, {"type": "t", "data": "x" * 8193}), "data > 8 kB")
check(e.args[1] == 413, f"oversized signal data is 413: {e.args}")
e = raises(RequestError, lambda: ot.send_signal(routed.session_id, {"data": "x"}, "nope"), "unknown connection")
check(e.args[1] == 404, f"signal to an unknown connection is 404: {e.args}")
status, signals = control("GET", "/_test/signals")
check(
    [(s["type"], s["data"], s["connectionId"]) for s in signals]
    == [("chat", "hello from python", None), ("dm", "just you", publisher["connectionId"])],
    f"signals as the server saw them: {signals}",
)

# ---- Moderation -------------------------------------------------------------------------------------
ot.mute_stream(routed.session_id, publisher["streamId"])
status, state = control("GET", f"/_test/session/{routed.session_id}")
muted = {s["id"]: s["audioMuted"] for s in state["streams"]}
check(muted[publisher["streamId"]] and not muted[moderator["streamId"]], f"one stream muted: {muted}")
# PY-BUG-4: errors of the mute helpers are wrapped into a bare OpenTokException.
raises(OpenTokException, lambda: ot.mute_stream(routed.session_id, "nope"), "muting an unknown stream (404)")
# PY-BUG-1: mute_all sends `excludedStreams`; the platform documents `excludedStreamIds` and ignores
# unknown keys, so the exclusion is lost and the excluded stream is muted too.
ot.mute_all(routed.session_id, [moderator["streamId"]])
status, state = control("GET", f"/_test/session/{routed.session_id}")
check(state["forceMuted"] is True, "the session is force-muted")
check(all(s["audioMuted"] for s in state["streams"]), f"every stream muted, the 'excluded' one too: {state}")
ot.disable_force_mute(routed.session_id)
status, state = control("GET", f"/_test/session/{routed.session_id}")
check(state["forceMuted"] is False, "force mute lifted")
raises(OpenTokException, lambda: ot.mute_all("1_unknown", None), "mute_all on an unknown session (404)")

ot.force_disconnect(routed.session_id, moderator["connectionId"])
raises(ForceDisconnectError, lambda: ot.force_disconnect(routed.session_id, moderator["connectionId"]), "gone (404)")
status, state = control("GET", f"/_test/session/{routed.session_id}")
check(moderator["connectionId"] not in [c["connectionId"] for c in state["connections"]], "disconnected")
check(moderator["streamId"] not in [s["id"] for s in state["streams"]], "its stream went with it")

# ---- SIP and DTMF -----------------------------------------------------------------------------------
sip_token = ot.generate_token(routed.session_id, data="sip-leg")
call = ot.dial(
    routed.session_id,
    sip_token,
    "sip:user@sip.example.com;transport=tls",
    {
        "from": "from@example.com",
        "headers": {"X-Room": "1"},
        "auth": {"username": "u", "password": "p"},
        "secure": True,
        "video": False,
        "observeForceMute": True,
        "streams": [publisher["streamId"]],
    },
)
check(call.id and call.connectionId and call.streamId, f"dial: {call.json()}")
sip_stream = ot.get_stream(routed.session_id, call.streamId)
check(sip_stream.name == "SIP" and sip_stream.videoType is None, f"the SIP leg's stream: {sip_stream.json()}")
raises(SipDialError, lambda: ot.dial(routed.session_id, sip_token, "http://not-sip"), "a non-SIP uri (400)")
raises(SipDialError, lambda: ot.dial("1_unknown", sip_token, "sip:a@b"), "unknown session (404)")
relayed_token = ot.generate_token(relayed.session_id)
raises(SipDialError, lambda: ot.dial(relayed.session_id, relayed_token, "sip:a@b"), "relayed session (409)")
raises(AuthError, lambda: ot.dial(routed.session_id, relayed_token, "sip:a@b"), "token for another session (403)")

ot.play_dtmf(routed.session_id, None, "1234#*p")
ot.play_dtmf(routed.session_id, call.connectionId, "9")
raises(OpenTokException, lambda: ot.play_dtmf(routed.session_id, None, "12a"), "bad digits (400, wrapped: PY-BUG-4)")
status, tones = control("GET", "/_test/dtmf")
check(
    [(t["connectionId"], t["digits"]) for t in tones] == [(None, "1234#*p"), (call.connectionId, "9")],
    f"DTMF as the server saw it: {tones}",
)
out["sip"] = {"connectionId": call.connectionId, "streamId": call.streamId}

# ---- Broadcasts ----------------------------------------------------------------------------------
# 3.15.0 has no list_broadcasts.
b_live = ot.create_session(media_mode=MediaModes.routed)
b_pub = connect(b_live.session_id, ot.generate_token(b_live.session_id))
hls_only = {"outputs": {"hls": {}}}
# PY-BUG-5: start_broadcast, get_broadcast and stop_broadcast have no 404 branch: a session without
# clients, an unknown broadcast and a stopped one surface as a generic RequestError.
e = raises(
    RequestError,
    lambda: ot.start_broadcast(ot.create_session(media_mode=MediaModes.routed).session_id, hls_only),
    "broadcasting a session without clients",
)
check(e.args[1] == 404, f"no clients is 404: {e.args}")
b_relayed = ot.create_session()
connect(b_relayed.session_id, ot.generate_token(b_relayed.session_id))
raises(BroadcastError, lambda: ot.start_broadcast(b_relayed.session_id, hls_only), "relayed session (409)")
raises(
    BroadcastHLSOptionsError,
    lambda: ot.start_broadcast(b_live.session_id, {"outputs": {"hls": {"dvr": True, "lowLatency": True}}}),
    "DVR with low latency, refused by the SDK",
)
six = [{"serverUrl": f"rtmp://h{i}.example/live", "streamName": f"k{i}"} for i in range(6)]
raises(BroadcastError, lambda: ot.start_broadcast(b_live.session_id, {"outputs": {"rtmp": six}}), "6 RTMP (400)")
raises(
    BroadcastError,
    lambda: ot.start_broadcast(b_live.session_id, {"outputs": {"hls": {}}, "maxDuration": 59}),
    "maxDuration 59 (400)",
)
hls = ot.start_broadcast(
    b_live.session_id,
    {"outputs": {"hls": {"dvr": True}}, "resolution": "1280x720", "maxDuration": 5400, "maxBitrate": 2_000_000},
    stream_mode=BroadcastStreamModes.manual,
)
check(hls.status == "started" and hls.sessionId == b_live.session_id, f"HLS broadcast started: {hls.json()}")
check(hls.resolution == "1280x720" and hls.maxDuration == 5400, f"broadcast options echoed: {hls.json()}")
check(hls.broadcastUrls["hls"].endswith("?DVR") and hls.broadcastUrls["hlsStatus"] == "connecting", "DVR URL")
raises(BroadcastError, lambda: ot.start_broadcast(b_live.session_id, hls_only), "second broadcast without a tag (409)")
rtmp = ot.start_broadcast(
    b_live.session_id,
    {
        "outputs": {"rtmp": [{"id": "py", "serverUrl": "rtmps://py.example/live", "streamName": "py-key"}]},
        "multiBroadcastTag": "py-rtmp",
        "hasVideo": False,
    },
)
check(rtmp.broadcastUrls["rtmp"][0]["status"] == "connecting" and rtmp.hasVideo is False, f"RTMP: {rtmp.json()}")
fetched = ot.get_broadcast(hls.id)
check(fetched.broadcastUrls["hlsStatus"] == "live", f"HLS is live on a later read: {fetched.json()}")
e = raises(RequestError, lambda: ot.get_broadcast("00000000-0000-0000-0000-000000000000"), "unknown broadcast")
check(e.args[1] == 404, f"an unknown broadcast is 404 (PY-BUG-5): {e.args}")

ot.add_broadcast_stream(hls.id, b_pub["streamId"], has_audio=True, has_video=False)
status, state = control("GET", f"/_test/broadcast/{hls.id}")
check(
    state["streams"] == [{"streamId": b_pub["streamId"], "hasAudio": True, "hasVideo": False}],
    f"stream added to the broadcast: {state}",
)
ot.remove_broadcast_stream(hls.id, b_pub["streamId"])
e = raises(RequestError, lambda: ot.add_broadcast_stream(rtmp.id, b_pub["streamId"]), "auto-mode broadcast")
check(e.args[1] == 400, f"stream selection on an auto-mode broadcast is 400 (generic: PY-BUG-2): {e.args}")
ot.set_broadcast_layout(hls.id, "pip")
ot.set_broadcast_layout(hls.id, "bestFit", screenshare_type="verticalPresentation")
raises(BroadcastError, lambda: ot.set_broadcast_layout(hls.id, "mosaic"), "an unknown layout (400)")

stopped = ot.stop_broadcast(hls.id)
check(stopped.status == "stopped" and stopped.broadcastUrls["hlsStatus"] == "ended", f"stop: {stopped.json()}")
e = raises(RequestError, lambda: ot.stop_broadcast(hls.id), "stopping twice")
check(e.args[1] == 404, f"a second stop is 404 (PY-BUG-5): {e.args}")
ot.stop_broadcast(rtmp.id)
out["broadcasts"] = {"hls": hls.id, "rtmp": rtmp.id}

print(json.dumps(out))
