"""Which ``Host`` and ``Origin`` the preview answers to (the DNS-rebinding guard).

A page on another site can point its own domain name at 127.0.0.1 (DNS
rebinding) and then read the preview, drafts included, as a same-origin
page.  Its requests still carry that domain in ``Host``, and its websocket
that domain in ``Origin``, so the preview accepts only names that cannot be
an attacker's: the loopback names, and, when ``serve --host/--bind`` opens
it on another address on purpose (to test on a phone), the machine's own
names and addresses.  The same rule as webpack-dev-server's ``allowedHosts:
'auto'`` and Vite's ``server.allowedHosts``; Hugo's server has no such check.

Any port is accepted with an accepted name: the port says nothing about
who wrote the page, and ``ssh -L 9000:localhost:8000`` forwards the preview
under another one.
"""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from urllib.parse import urlsplit

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
WILDCARDS = ("", "0.0.0.0", "::")
_PROC_LIMIT = 1 << 20  # bytes read from a /proc table at most


def host_literal(address: str) -> str:
    """``address`` as it appears in a URL's host: lowercase, IPv6 in brackets
    (``::1`` → ``[::1]``; ``fe80::1%eth0`` loses its zone, which browsers do not send)."""
    address = address.strip().lower()
    if ":" in address and not address.startswith("["):
        return f"[{address.split('%', 1)[0]}]"
    return address


def is_loopback(bind: str) -> bool:
    """True when ``bind`` (the ``--host`` value) reaches only this machine."""
    if bind.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(bind.strip("[]")).is_loopback
    except ValueError:
        return False


def accepted_names(bind: str) -> frozenset[str]:
    """The host names (as ``host_literal``) a preview bound to ``bind`` answers to:
    the loopback names, plus ``bind`` itself and, unless ``bind`` is a loopback
    address, this machine's names (``gethostname``, ``getfqdn``, ``<name>.local``)
    and the addresses of its interfaces.  May wait for the resolver (``getfqdn``)."""
    names = set(LOOPBACK_NAMES)
    if bind:
        names.add(host_literal(bind))
    if not is_loopback(bind):
        names |= machine_names()
    return frozenset(names)


def machine_names() -> set[str]:
    """This machine's names and interface addresses, as ``host_literal``s."""
    host = socket.gethostname()
    try:
        fqdn = socket.getfqdn()
    except OSError:
        fqdn = host
    names = {host, fqdn, f"{host.split('.')[0]}.local"}
    addresses = _resolved(host) | _resolved(fqdn) | _route_addresses() | _proc_ipv4() | _proc_ipv6()
    return {host_literal(n) for n in names | addresses if n}


def _resolved(name: str) -> set[str]:
    """The addresses ``name`` resolves to (none when it does not)."""
    try:
        return {info[4][0] for info in socket.getaddrinfo(name, None)}
    except (OSError, UnicodeError):
        return set()


def _route_addresses() -> set[str]:
    """The source addresses of the default routes (a UDP connect sends no packet)."""
    found = set()
    for family, target in ((socket.AF_INET, "192.0.2.1"), (socket.AF_INET6, "2001:db8::1")):
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as probe:
                probe.connect((target, 9))
                found.add(probe.getsockname()[0])
        except OSError:
            continue
    return found


def _read_proc(path: str) -> str:
    """A Linux /proc table, or "" where there is none."""
    try:
        with Path(path).open(encoding="ascii", errors="replace") as table:
            return table.read(_PROC_LIMIT)
    except OSError:
        return ""


def _proc_ipv4() -> set[str]:
    """The local IPv4 addresses in /proc/net/fib_trie (``|-- A`` followed by ``/32 host LOCAL``)."""
    found, last = set(), ""
    for line in _read_proc("/proc/net/fib_trie").splitlines():
        text = line.strip(" |-+`")
        if text.startswith("/32 host LOCAL") and last:
            found.add(last)
        last = text if text.count(".") == 3 and " " not in text else ""
    return found


def _proc_ipv6() -> set[str]:
    """The IPv6 addresses in /proc/net/if_inet6 (32 hex digits per line)."""
    found = set()
    for line in _read_proc("/proc/net/if_inet6").splitlines():
        digits = line.split(" ", 1)[0]
        try:
            found.add(str(ipaddress.IPv6Address(int(digits, 16))))
        except ValueError:
            continue
    return found


def split_host(value: str) -> tuple[str, str]:
    """``Host`` header → (lowercase name, port text or "").  ``[::1]:8000`` → ``("[::1]", "8000")``."""
    value = value.strip().lower()
    if value.startswith("["):
        name, _, rest = value.partition("]")
        return name + "]", rest.removeprefix(":") if rest.startswith(":") else rest
    if value.count(":") == 1:
        name, _, port = value.partition(":")
        return name, port
    return value, ""


def host_accepted(value: str | None, names: frozenset[str]) -> bool:
    """True when the ``Host`` header ``value`` names one of ``names`` (with any
    port of 1–65535, or none).  A missing header is refused."""
    if not value:
        return False
    name, port = split_host(value)
    if port and not (port.isascii() and port.isdigit() and 0 < int(port) < 65536):
        return False
    return name in names


def origin_accepted(origin: str, names: frozenset[str]) -> bool:
    """True when a websocket's ``Origin`` (``http://localhost:8000``) is a page
    of an accepted host; ``null`` and other schemes are refused."""
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and host_accepted(parts.netloc, names)


def shown(value: str, limit: int = 80) -> str:
    """``value`` quoted for a one-line message: printable, at most ``limit`` characters."""
    text = value if value.isprintable() else value.encode("unicode_escape").decode("ascii")
    return "'" + (text if len(text) <= limit else text[:limit] + "…") + "'"


def host_refusal(value: str | None, names: frozenset[str], port: int) -> str:
    """The one-line text of the 403 for a refused ``Host`` (``port``: the one the preview listens on)."""
    what = f"the host {shown(value)}" if value else "a request without a Host header"
    return (f"403 Forbidden: this preview answers only to {', '.join(sorted(names))}, not to {what} "
            f"(a guard against DNS rebinding) — open http://localhost:{port}/, or start "
            "serve with --bind 0.0.0.0 to reach it from another device")


def origin_refusal(origin: str, names: frozenset[str]) -> str:
    """The one-line text of the 403 for a live-reload websocket from a refused ``Origin``."""
    return (f"403 Forbidden: live reload refuses the origin {shown(origin)} — only pages of this preview "
            f"({', '.join(sorted(names))}) may connect")
