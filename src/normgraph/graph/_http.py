"""HTTP for talking to triple stores, shared by remote queries and push.

- Credentials are sent only when the store asks (HTTP 401) and in the scheme it asks for: Basic
  or Digest (Virtuoso's ``-auth`` endpoints). After the first challenge they go with every request
  to that origin, so a large body is not uploaded twice.
- A redirect is followed only to the same scheme, host and port, with its method and body intact
  (urllib would re-send a PUT or POST as a body-less GET and report success); any other redirect
  is refused with a line saying where it pointed.
- No URL in a message ever carries a password (:func:`redact`), and each failure is one line.
"""

from __future__ import annotations

import base64
import netrc
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

from .._help import Brief
from ..errors import QueryError

REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Credentials(metaclass=Brief):
    user: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class Response:
    status: int
    headers: Message
    body: bytes
    url: str

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def text(self, limit: int = 300) -> str:
        """The body as one line of plain text (HTML tags dropped), cut at ``limit``."""
        text = self.body[:4000].decode("utf-8", "replace")
        if "<" in text and re.search(r"</?(html|body|h\d|p|title|pre)\b", text, re.I):
            text = re.sub(r"<(script|style|head)\b.*?</\1>", " ", text, flags=re.I | re.S)
            text = re.sub(r"<[^>]+>", " ", text)
        return one_line(text, limit)


def one_line(value: object, limit: int = 300) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def redact(url: str) -> str:
    """``http://alice:secret@host/x`` → ``http://alice:***@host/x`` (also inside a longer text)."""
    # up to the authority's last "@": a raw "@" in the user (an e-mail) or the password must not end it early
    return re.sub(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:]*):[^/\s]*@", r"\1:***@", url)


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """(the URL without user and password, the user, the password) — urllib would otherwise
    look the whole ``user:password@host`` up as a host name."""
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url, None, None
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user, sep, password = userinfo.partition(":")
    clean = urllib.parse.urlunsplit((parts.scheme, hostport, parts.path, parts.query, parts.fragment))
    return clean, urllib.parse.unquote(user) or None, urllib.parse.unquote(password) if sep else None


def netrc_credentials(url: str, user: str | None = None) -> Credentials | None:
    """The ``~/.netrc`` (or ``$NETRC``) entry for the URL's host, if there is one (and, given
    ``user``, only if its login is that user). A malformed file is an error naming its line."""
    path = Path(os.environ.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(urllib.parse.urlsplit(url).hostname or "")
    except netrc.NetrcParseError as exc:
        raise QueryError(f"{exc.filename or path}, line {exc.lineno}: {exc.msg}") from None
    except OSError as exc:
        raise QueryError(f"cannot read {path}: {exc.strerror or exc}") from None
    if entry is None:
        return None
    login, _, password = entry
    if password is None or (user is not None and login and login != user):
        return None
    return Credentials(login or user or "", password)


class _Refuse(urllib.request.HTTPRedirectHandler):
    """Redirects come back as responses; :class:`HttpClient` decides what to do with them."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


class HttpClient:
    """One client per store conversation; it remembers each origin's authentication challenge."""

    def __init__(self, credentials: Credentials | None = None, timeout: float = 30.0) -> None:
        self.credentials = credentials
        self.timeout = timeout
        self._opener = urllib.request.build_opener(_Refuse())
        self._challenges: dict[tuple[str, str, int | None], tuple[str, dict[str, str]]] = {}
        self._digest: urllib.request.HTTPDigestAuthHandler | None = None
        self._probed: set[tuple[str, str, int | None]] = set()

    def send(self, method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> Response:
        """Send one request (following same-origin redirects); any HTTP status comes back as a
        Response, a network failure is a QueryError."""
        headers = dict(headers or {})
        start = url
        challenged = False
        if body and self.credentials is not None and _origin(url) not in self._probed:
            refused = self._probe(url)
            if refused is not None:
                return refused
        redirects = 0
        while redirects <= MAX_REDIRECTS:
            response = self._once(method, url, body, headers)
            if response.status == 401 and self.credentials is not None and not challenged:
                challenge = _challenge(response.headers)
                if challenge is not None:
                    self._challenges[_origin(url)] = challenge
                    challenged = True
                    continue  # the same request again, now with credentials
            if response.status in REDIRECTS:
                target = response.headers.get("Location")
                if not target:
                    return response
                target = urllib.parse.urljoin(url, target)
                if _origin(target) != _origin(url):
                    raise QueryError(
                        f"{where(start)} redirected the {method} to {where(target)}, not the same scheme, "
                        "host and port; refused (give that URL yourself if you trust it)"
                    )
                url = target
                redirects += 1
                continue
            return response
        raise QueryError(f"{where(start)}: more than {MAX_REDIRECTS} redirects; refused")

    def _probe(self, url: str) -> Response | None:
        """Learn the origin's challenge and try the credentials with body-less HEADs first: a store
        that answers 401 to a large upload may close the connection before the upload ends
        (Virtuoso does), and the upload then fails as a broken pipe instead of a clear 401.
        Returns the 401 if the store refuses the credentials."""
        self._probed.add(_origin(url))
        if _origin(url) not in self._challenges:
            response = self._once("HEAD", url, None, {})
            challenge = _challenge(response.headers) if response.status == 401 else None
            if challenge is None:
                return None  # the store does not ask (here): nothing to send
            self._challenges[_origin(url)] = challenge
        response = self._once("HEAD", url, None, {})
        return response if response.status == 401 else None

    def _once(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> Response:
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        authorization = self._authorization(request)
        if authorization:
            request.add_unredirected_header("Authorization", authorization)
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                return Response(int(answer.status), answer.headers, answer.read(), url)
        except urllib.error.HTTPError as exc:
            try:
                data = exc.read()
            except (OSError, ValueError):
                data = b""
            return Response(exc.code, exc.headers, data, url)
        except urllib.error.URLError as exc:
            raise QueryError(network_message(url, exc.reason, self.timeout)) from None
        except (OSError, ValueError) as exc:  # timeouts while reading, resets, http.client errors
            raise QueryError(network_message(url, exc, self.timeout)) from None

    def _authorization(self, request: urllib.request.Request) -> str | None:
        if self.credentials is None:
            return None
        found = self._challenges.get(_origin(request.full_url))
        if found is None:
            return None
        scheme, params = found
        if scheme == "basic":
            token = f"{self.credentials.user}:{self.credentials.password}".encode()
            return "Basic " + base64.b64encode(token).decode("ascii")
        if self._digest is None:
            self._digest = urllib.request.HTTPDigestAuthHandler(urllib.request.HTTPPasswordMgrWithDefaultRealm())
        parts = urllib.parse.urlsplit(request.full_url)
        root = f"{parts.scheme}://{parts.netloc}/"  # every path of this origin
        self._digest.passwd.add_password(None, root, self.credentials.user, self.credentials.password)
        value = self._digest.get_authorization(request, params)
        return f"Digest {value}" if value else None


def _challenge(headers: Message) -> tuple[str, dict[str, str]] | None:
    """The strongest scheme the store offers: Digest over Basic."""
    offered: dict[str, dict[str, str]] = {}
    for value in headers.get_all("WWW-Authenticate") or []:
        scheme, _, rest = value.strip().partition(" ")
        params = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(rest)))
        offered[scheme.lower()] = params
    if "digest" in offered and offered["digest"].get("algorithm", "MD5").upper() in ("MD5", "SHA"):
        return "digest", offered["digest"]
    if "basic" in offered:
        return "basic", offered["basic"]
    return None


def where(url: str) -> str:
    """The URL for a message: no password, and no query string (a GET carries the whole query)."""
    return redact(url.split("?", 1)[0])


def network_message(url: str, reason: object, timeout: float) -> str:
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return f"no answer from {where(url)} within {timeout:g} s"
    return f"cannot reach {where(url)}: {one_line(reason)}"


def auth_hint(url: str, response: Response, credentials: Credentials | None) -> str:
    """The line for a 401/403: what to pass, or that the given user was refused."""
    if response.status == 401 and credentials is None:
        return (
            f"{redact(url)} needs authentication (HTTP 401): pass --user NAME "
            "(the password from NORMGRAPH_PASSWORD, --password-stdin, ~/.netrc or a prompt)"
        )
    if response.status == 401:
        return f"{redact(url)} refused the password of user {credentials.user!r} (HTTP 401)"  # type: ignore[union-attr]
    detail = response.text(200)
    detail = f": {detail}" if detail else ""
    if credentials is None:
        return f"{redact(url)} forbids this to anonymous requests (HTTP 403){detail}; pass --user NAME of a user allowed to write"
    return f"{redact(url)} forbids this to user {credentials.user!r} (HTTP 403){detail}"
