"""What ``normgraph serve`` refuses before a request reaches the engine, as pure functions.

- **Host** (every request): a web page on a domain that resolves to 127.0.0.1 (DNS rebinding)
  must not read the endpoint, so the Host header must name this server.
- **Writes** (``/update``, Graph Store writes): a browser sends a cross-site form POST without
  asking, so a write from another Origin is refused, and a POST in a content type a form can
  produce (urlencoded, multipart, text/plain, none) needs the server's token. Non-form types
  (``application/sparql-update``, RDF) cannot be sent cross-site without a CORS preflight,
  which this server never grants.
- **SPARQL text**: nesting deeper than the engine's stack can parse; SERVICE (the engine would
  make requests on the caller's behalf, to any host this machine reaches) unless allowed.
- **CORS** (``--cors``): off by default; when on, it lets the origins named read the query routes.
  Writes stay same-origin whatever ``--cors`` says: a preflight for them is never granted.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from .._sparql import MAX_DEPTH, service_call, too_deep

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data", "text/plain", ""})
"""Content types a cross-site HTML form or a no-preflight fetch can send."""


@dataclass(frozen=True)
class Refusal:
    status: int
    message: str
    challenge: bool = False
    """Ask for credentials (HTTP Basic, the token as password) rather than refuse outright."""


CORS_METHODS = ("GET", "HEAD", "POST")
CORS_HEADERS = frozenset({"accept", "content-type"})
"""What a cross-origin reader may send: a query needs no more (and no credentials)."""


@dataclass(frozen=True)
class Policy:
    allow_update: bool = False
    allow_service: bool = False
    allowed_hosts: frozenset[str] | None = LOOPBACK_NAMES
    """Host names a request may address; None accepts any (a server bound to every interface)."""
    token: str | None = None
    max_depth: int = MAX_DEPTH
    cors: tuple[str, ...] = ()
    """Origins (``scheme://host[:port]``, or ``*``) whose pages may read the query routes."""


def allowed_hosts(bind: str, extra: tuple[str, ...] = ()) -> frozenset[str] | None:
    """The Host names a server bound to ``bind`` answers to: loopback names, the bound address,
    and ``extra``; any at all when bound to every interface and no ``extra`` is given."""
    if bind in WILDCARD_HOSTS and not extra:
        return None
    return LOOPBACK_NAMES | {bind.strip("[]").lower()} | {name.strip("[]").lower() for name in extra}


def check_host(host_header: str | None, policy: Policy) -> Refusal | None:
    if policy.allowed_hosts is None:
        return None
    name = _host_name(host_header or "")
    if name in policy.allowed_hosts:
        return None
    return Refusal(421, f"This server does not answer for host {name or '(none)'!r}; "
                        "start it with --allowed-host to add a name.\n")


def check_write(method: str, headers: Mapping[str, str], policy: Policy) -> Refusal | None:
    """Whether a write may go ahead: ``headers`` with lower-case names. Only POST can come from
    a form (a cross-site PUT or DELETE needs a preflight), so only POST may need the token."""
    if not policy.allow_update:
        return Refusal(403, "This SPARQL endpoint is read-only; start `normgraph serve --allow-update` to accept updates.\n")
    origin = headers.get("origin")
    if origin is not None and not _same_origin(origin, headers.get("host", "")):
        return Refusal(403, f"Writes from another site are refused (Origin {origin!r}).\n")
    if origin is None and headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return Refusal(403, "Writes from another site are refused (Sec-Fetch-Site).\n")
    if (method == "POST" and media_type(headers.get("content-type", "")) in FORM_TYPES
            and not _has_token(headers, policy.token)):
        return Refusal(401, "A write sent as a form needs this server's token (printed when it started) as "
                            "the HTTP Basic password or a Bearer token; or send application/sparql-update.\n",
                       challenge=True)
    return None


def check_sparql(texts: list[str], policy: Policy) -> Refusal | None:
    for text in texts:
        reason = too_deep(text, policy.max_depth)
        if reason:
            return Refusal(400, f"Refused: {reason}.\n")
        if not policy.allow_service and service_call(text) is not None:
            return Refusal(403, "SERVICE (a call from this server to another endpoint) is off; "
                                "start `normgraph serve --allow-service` to allow it.\n")
    return None


def sparql_texts(query_params: list[tuple[str, str]], content_type: str, body: bytes) -> list[str] | Refusal:
    """The query and update texts a SPARQL Protocol request carries, wherever it carries them."""
    texts = [value for key, value in query_params if key in ("query", "update")]
    kind = media_type(content_type)
    try:
        if kind == "application/x-www-form-urlencoded":
            text = body.decode("utf-8")
            texts += [value for key, value in parse_qsl(text, keep_blank_values=True) if key in ("query", "update")]
        elif kind in ("application/sparql-query", "application/sparql-update"):
            texts.append(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return Refusal(400, f"The request body is not UTF-8 (at byte offset {exc.start}).\n")
    return texts


def cors_origin(origin: str | None, policy: Policy) -> str | None:
    """The ``Access-Control-Allow-Origin`` value for a request from ``origin``; None: no CORS."""
    if not policy.cors or origin is None:
        return None
    if "*" in policy.cors:
        return "*"
    return origin if origin.lower() in policy.cors else None


def check_preflight(origin: str | None, method: str | None, headers: str | None,
                    policy: Policy) -> dict[str, str] | Refusal:
    """A CORS preflight (``OPTIONS``) on a query route: the headers that grant it, or why not."""
    allowed = cors_origin(origin, policy)
    if allowed is None:
        return Refusal(403, f"Cross-origin requests from {origin!r} are not allowed; start `normgraph serve "
                            "--cors ORIGIN` to allow a site.\n" if policy.cors else
                            "Cross-origin requests are off; start `normgraph serve --cors ORIGIN` to allow a site.\n")
    if (method or "").upper() not in CORS_METHODS:
        return Refusal(403, f"A cross-origin {method or '(no method)'} is not allowed here: queries only "
                            "(writes are same-origin).\n")
    asked = {h.strip().lower() for h in (headers or "").split(",") if h.strip()}
    if asked - CORS_HEADERS:
        return Refusal(403, f"Cross-origin requests may send only Accept and Content-Type, not "
                            f"{', '.join(sorted(asked - CORS_HEADERS))}.\n")
    granted = {"Access-Control-Allow-Origin": allowed, "Access-Control-Allow-Methods": ", ".join(CORS_METHODS),
               "Access-Control-Allow-Headers": "Accept, Content-Type", "Access-Control-Max-Age": "600"}
    if allowed != "*":
        granted["Vary"] = "Origin"
    return granted


def cors_origins(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--cors`` values as origins (``*``, or ``scheme://host[:port]`` in lower case); ValueError
    names the first that is not one."""
    origins = []
    for value in values:
        if value == "*":
            origins.append("*")
            continue
        parts = urlsplit(value.strip())
        if (parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/")
                or parts.query or parts.fragment or parts.username or parts.password):
            raise ValueError(f"{value!r} is not an origin (scheme://host[:port], or *)")
        origins.append(f"{parts.scheme}://{parts.netloc.lower()}")
    return tuple(origins)


def media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _host_name(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):  # an IPv6 address, [::1] or [::1]:port
        address, bracket, rest = host[1:].partition("]")
        return address if bracket and (not rest or rest.startswith(":")) else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _same_origin(origin: str, host: str) -> bool:
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and bool(host) and parts.netloc.lower() == host.strip().lower()


def _has_token(headers: Mapping[str, str], token: str | None) -> bool:
    if not token:
        return False
    scheme, _, value = headers.get("authorization", "").partition(" ")
    value = value.strip()
    if scheme.lower() == "bearer":
        return hmac.compare_digest(value.encode(), token.encode())
    if scheme.lower() == "basic":
        try:
            _, _, password = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return hmac.compare_digest(password.encode(), token.encode())
    return False
