"""What both oracle scripts start with: the server's details read from stdin, a client of the official
Python SDK for it, the checks that stop the script at the first failure, and the test server's control
API. Each script prints `out` as JSON on success.
"""

import json
import sys

import requests
from opentok import OpenTok, __version__

server = json.load(sys.stdin)
URL = server["url"]
ot = OpenTok(server["api_key"], server["api_secret"], api_url=URL, timeout=10)
out = {"sdkVersion": __version__}


def check(condition, what):
    if not condition:
        print(f"check failed: {what}", file=sys.stderr)
        sys.exit(1)


def raises(kind, call, what):
    """Runs `call`; it must raise `kind`. Returns the exception."""
    try:
        call()
    except kind as e:
        return e
    except Exception as e:  # noqa: BLE001 - any other kind is the failure reported
        check(False, f"{what}: raised {type(e).__name__} {e}, not {kind.__name__}")
    check(False, f"{what}: did not raise {kind.__name__}")


def control(method, path, body=None):
    """A call to the test server's control API: (status, JSON body or None)."""
    response = requests.request(method, URL + path, json=body, timeout=10)
    return response.status_code, (response.json() if response.content else None)


check(__version__ == "3.15.0", f"opentok {__version__} is installed, not 3.15.0")
