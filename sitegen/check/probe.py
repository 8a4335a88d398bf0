"""Ask one external URL whether it still answers: HEAD, then GET.

Like lychee and Zola's link checker: a HEAD request first; when the server
answers it with 4xx/5xx (some refuse HEAD with 403, 404 or 405) or drops
the connection, the same URL is asked again with GET (a time-out, an
unknown host or a refused connection is not asked twice).  Redirects are not followed blindly: a
permanent one (301, 308: RFC 9110 §15.4) is reported with its target, a
temporary one (302, 303, 307) is followed up to ``MAX_HOPS`` times.  No
response body is read beyond ``BODY_LIMIT`` bytes.
"""

from __future__ import annotations

import http.client
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

MAX_HOPS = 5
BODY_LIMIT = 4096  # bytes of a body read at most (only to let the connection close cleanly)
AGENT = "sitegen-linkcheck/1 (+build.py check --external)"
PERMANENT = frozenset({301, 308})
TEMPORARY = frozenset({302, 303, 307})


@dataclass(frozen=True)
class Answer:
    """What one URL answered.

    ``status``: the final HTTP status, 0 when no answer came (``failure``
    says why: "host not found", "no answer within 10 s", …); ``moved``: the
    absolute target of a permanent redirect of the URL itself, else "".
    """

    status: int = 0
    failure: str = ""
    moved: str = ""
    moved_status: int = 0

    @property
    def dead(self) -> bool:
        """True for no answer or a 4xx/5xx status."""
        return not self.moved and (self.status == 0 or self.status >= 400)


def probe(url: str, timeout: float, wait=lambda host: None) -> Answer:
    """Ask ``url`` (http or https) with HEAD, then GET on an error status.

    ``timeout`` in seconds applies to connecting and to each read;
    ``wait(host)`` is called before every request (the per-host rate
    limit).  Never raises for network trouble: it becomes ``Answer.failure``.
    """
    current = url
    for hop in range(MAX_HOPS + 1):
        status, location, failure = _ask(current, "HEAD", timeout, wait)
        if status >= 400 or failure.startswith("connection failed"):  # some servers refuse or drop HEAD
            status, location, failure = _ask(current, "GET", timeout, wait)
        if failure:
            return Answer(0, failure)
        if status in PERMANENT and location and hop == 0:
            return Answer(status, moved=urljoin(current, location), moved_status=status)
        if (status in PERMANENT or status in TEMPORARY) and location:
            current = urljoin(current, location)
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                return Answer(0, f"redirects to {current[:200]}, not a web address")
            continue
        return Answer(status)
    return Answer(0, f"more than {MAX_HOPS} redirects")


def _ask(url: str, method: str, timeout: float, wait) -> tuple[int, str, str]:
    """One request: (status, Location header, failure text)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    wait(host)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection = None
    try:
        connection = kind(host, parts.port, timeout=timeout)
        connection.request(method, path, headers={"User-Agent": AGENT, "Accept": "*/*"})
        response = connection.getresponse()
        if method == "GET":
            response.read(BODY_LIMIT)
        return response.status, (response.getheader("Location") or "")[:2000], ""
    except socket.gaierror:
        return 0, "", f"host {host} not found"
    except (TimeoutError, socket.timeout):
        return 0, "", f"no answer within {timeout:g} s"
    except ConnectionRefusedError:
        return 0, "", "connection refused"
    except ssl.SSLError as exc:
        return 0, "", f"TLS error ({exc.reason or 'handshake failed'})"
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return 0, "", f"connection failed ({type(exc).__name__})"
    finally:
        if connection is not None:
            connection.close()
