"""The official Python SDK (PyPI opentok==3.15.0) against the standalone test server, for the areas it
offers beyond the core: Live Captions, Experience Composer, Audio Connector and archive transcription
(it has no session migration). Each success and the documented failures.

Reads `{"url", "api_key", "api_secret"}` on stdin. Asserts as it goes; on the first failed check it
prints what went wrong on stderr and exits 1. On success it prints one JSON object on stdout with ids
the driving Rust test (test-server/tests/it/python_oracle_rest.rs) cross-checks against the server.

Where the SDK is wrong, the check says which of its bugs it steps around (PY-REST-BUG-n, listed in
that Rust test).
"""

import json

from opentok import MediaModes, OutputModes, Roles
from opentok.exceptions import (
    AuthError,
    CaptioningAlreadyInProgressError,
    InvalidMediaModeError,
    NotFoundError,
    RequestError,
)

from harness import check, control, ot, out, raises

routed = ot.create_session(media_mode=MediaModes.routed)
relayed = ot.create_session()
sid = routed.session_id
publisher_token = ot.generate_token(sid)
status, client = control("POST", f"/_test/session/{sid}/connection", {"token": publisher_token})
check(status == 200, f"a client connects: {status} {client}")

# ---- Live Captions -------------------------------------------------------------------------------
moderator = ot.generate_token(sid, role=Roles.moderator)
captions = ot.start_captions(
    sid, moderator, language_code="es-US", max_duration=600, partial_captions=False,
    status_callback_url="https://example.com/captions",
)
check(bool(captions.captions_id), "a captions id")
out["captionsId"] = captions.captions_id
raises(CaptioningAlreadyInProgressError, lambda: ot.start_captions(sid, moderator), "one captioning per session")
raises(AuthError, lambda: ot.start_captions(sid, publisher_token), "captions need a moderator token")
raises(RequestError, lambda: ot.start_captions(sid, moderator, max_duration=60), "maxDuration below 300")
ot.stop_captions(captions.captions_id)
raises(NotFoundError, lambda: ot.stop_captions(captions.captions_id), "a second stop")

# ---- Experience Composer -------------------------------------------------------------------------
render = ot.start_render(sid, publisher_token, "https://example.com/scoreboard", max_duration=600,
                         resolution="720x1280", properties={"name": "py-composer"})
check(render.status == "starting" and render.streamId is None, f"starting, no stream yet: {render.attrs()}")
started = ot.get_render(render.id)
check(started.status == "started" and started.streamId, f"started with a stream: {started.attrs()}")
out["render"] = {"id": render.id, "streamId": started.streamId}
listed = ot.list_renders(offset=0, count=10)
check(listed.count == 1 and listed.items[0].id == render.id, "the render is listed")
plain = ot.start_render(sid, publisher_token, "https://example.com/other")  # properties None is accepted
check(plain.resolution == "1280x720", "the default resolution")
e = raises(RequestError, lambda: ot.start_render(sid, publisher_token, "https://example.com/x", max_duration=59),
           "maxDuration below 60")
check("maxDuration" in str(e), f"the platform's message: {e}")
# PY-REST-BUG-1: stop_render treats only 200 as success; the platform answers 204, so a successful stop
# surfaces as RequestError("An unexpected error occurred", 204). The server's state shows it stopped.
e = raises(RequestError, lambda: ot.stop_render(render.id), "PY-REST-BUG-1: a successful stop (204)")
check(204 in e.args, f"PY-REST-BUG-1: the 204 is in the error: {e.args}")
check(ot.get_render(render.id).reason == "Stop Requested", "stopped by request")
raises(NotFoundError, lambda: ot.stop_render(render.id), "a second stop")
raises(NotFoundError, lambda: ot.get_render("unknown"), "an unknown render")

# ---- Audio Connector -----------------------------------------------------------------------------
connector = ot.connect_audio_to_websocket(sid, publisher_token, {
    "uri": "wss://bot.example.com/audio", "headers": {"X-Bot": "py"}, "audioRate": 16000, "bidirectional": True,
})
check(connector.id and connector.connectionId, f"connector and connection ids: {connector.__dict__}")
out["connector"] = {"id": connector.id, "connectionId": connector.connectionId}
raises(InvalidMediaModeError, lambda: ot.connect_audio_to_websocket(
    relayed.session_id, ot.generate_token(relayed.session_id), {"uri": "wss://bot.example.com/audio"}),
    "routed sessions only")
# PY-REST-BUG-2: audio_transport is sent as a JSON *string* (json.dumps) where the platform takes an
# object, so any audio transport is refused with 400.
e = raises(RequestError, lambda: ot.connect_audio_to_websocket(sid, publisher_token, {
    "uri": "wss://bot.example.com/audio", "audio_transport": {"transport": "json", "encoding": "base64"}}),
    "PY-REST-BUG-2: audio_transport as a string")
check("audioTransport" in str(e), f"PY-REST-BUG-2: the platform names the field: {e}")
# Stopping: force-disconnect of the connector's connection.
ot.force_disconnect(sid, connector.connectionId)

# ---- Archive transcription -----------------------------------------------------------------------
archive = ot.start_archive(sid, output_mode=OutputModes.individual, has_transcription=True,
                           transcription_properties={"primaryLanguageCode": "fr-FR", "hasSummary": True})
check(archive.has_transcription is True, "hasTranscription echoed")
# PY-REST-BUG-3: the Archive reads `transcriptionProperties`, but the platform answers `transcription`:
# the SDK's view of the transcription is always None.
check(archive.transcription_properties is None, "PY-REST-BUG-3: transcription_properties is None")
out["transcribedArchive"] = archive.id
raises(RequestError, lambda: ot.start_archive(sid, multi_archive_tag="composed", has_transcription=True),
       "transcription of a composed archive")
ot.stop_archive(archive.id)

print(json.dumps(out))
