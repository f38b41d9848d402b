"""A real headless Chromium for the view's tests (and ``benchmarks/view_layout.py``), driven over
the Chrome DevTools Protocol — plus tests that the harness itself sees what it must see.

Chromium is Debian's ``chromium`` package (``scripts/test.sh`` installs it). It is started with
``--remote-debugging-pipe``: the protocol runs over two pipes, so no port is opened and nothing
beyond the standard library is needed. Where ``unshare --net`` works (root, as in CI) Chromium
runs in a network namespace of its own with no interface up, so the page *cannot* reach any
network; a proxy to a closed local port and a resolver that resolves nothing stand guard where
it does not. Either way every request the page starts is recorded (``Network.requestWillBeSent``)
and the tests check the list, so a page that tried to load something is caught even though the
load would fail.

Set ``NORMGRAPH_SKIP_BROWSER=1`` to skip the browser tests on a machine without Chromium; by
default they run, and fail when Chromium is missing.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-breakpad",
    "--metrics-recording-only",
    "--mute-audio",
    "--hide-scrollbars",
    "--allow-file-access-from-files",
    # Belt and braces where no network namespace can be had: nothing resolves, and any proxy
    # use goes to a closed local port.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--remote-debugging-pipe",
)


class BrowserError(RuntimeError):
    pass


def chromium_binary() -> str | None:
    override = os.environ.get("NORMGRAPH_CHROMIUM")
    if override:
        return override
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _can_unshare() -> bool:
    if not shutil.which("unshare"):
        return False
    try:
        return subprocess.run(["unshare", "--net", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


class Chromium:
    """One headless Chromium process; :meth:`open` gives a :class:`Page`."""

    def __init__(self, binary: str | None = None, *, width: int = 1400, height: int = 900,
                 netns: str | None = None, flags: tuple[str, ...] = FLAGS) -> None:
        """``netns``: run inside that network namespace (``/proc/PID/ns/net``: one a test made with
        loopback up and its own server in it, tests/graph/test_serve_editor.py) instead of a new
        one with nothing up; ``flags``: Chromium's switches."""
        self.binary = binary or chromium_binary()
        if not self.binary:
            raise BrowserError("Chromium is not installed (Debian: apt-get install chromium)")
        self.width, self.height = width, height
        self.isolated = netns is not None or _can_unshare()
        self.profile = tempfile.mkdtemp(prefix="normgraph-chromium-")
        self._next_id = 0
        self._lock = threading.Lock()
        self._waiting: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._events: dict[str | None, list[dict[str, Any]]] = {}
        self._event_added = threading.Condition()
        self._log = open(Path(self.profile) / "chromium.log", "wb")  # noqa: SIM115
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def plumb() -> None:  # in the child: the protocol pipes become fds 3 and 4
            a, b = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        command = [self.binary, *flags, f"--user-data-dir={self.profile}",
                   f"--window-size={width},{height}", "about:blank"]  # fmt: skip
        if netns is not None:
            command = ["nsenter", f"--net={netns}", "--", *command]
        elif self.isolated:
            command = ["unshare", "--net", *command]
        self.process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
            preexec_fn=plumb, pass_fds=(3, 4), start_new_session=True,
        )  # fmt: skip
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.version = self.send("Browser.getVersion", timeout=30)["product"]

    # -- protocol
    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._from_browser, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._event_added:
                    self._event_added.notify_all()
                for waiting in list(self._waiting.values()):
                    waiting.put({"error": {"message": "Chromium closed the connection"}})
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    waiting = self._waiting.pop(message["id"], None)
                    if waiting is not None:
                        waiting.put(message)
                else:
                    with self._event_added:
                        self._events.setdefault(message.get("sessionId"), []).append(message)
                        self._event_added.notify_all()

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None,
             timeout: float = 60) -> dict[str, Any]:  # fmt: skip
        with self._lock:
            self._next_id += 1
            ident = self._next_id
            answer: queue.Queue[dict[str, Any]] = queue.Queue(maxsize=1)
            self._waiting[ident] = answer
            message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
            if session:
                message["sessionId"] = session
            os.write(self._to_browser, json.dumps(message).encode("utf-8") + b"\0")
        try:
            reply = answer.get(timeout=timeout)
        except queue.Empty:
            raise BrowserError(f"{method}: no answer from Chromium in {timeout} s") from None
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error'].get('message')}")
        return reply.get("result", {})

    def events(self, session: str | None, method: str | None = None) -> list[dict[str, Any]]:
        with self._event_added:
            found = list(self._events.get(session, ()))
        return [e for e in found if method is None or e["method"] == method]

    def wait_event(self, session: str | None, method: str, timeout: float = 60, after: int = 0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._event_added:
            while True:
                found = [e for e in self._events.get(session, ())[after:] if e["method"] == method]
                if found:
                    return found[0]
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    raise BrowserError(f"no {method} within {timeout} s")
                self._event_added.wait(min(left, 0.5))

    # -- pages
    def open(self, target: str | Path, *, bypass_csp: bool = False, settle: bool = True,
             timeout: float = 120, init_script: str | None = None) -> Page:  # fmt: skip
        """A new tab showing ``target`` (a file path or URL), its network and console recorded
        from before the first byte. ``settle`` waits for the view's layout to settle;
        ``init_script`` runs in the page before any of its own scripts."""
        url = Path(target).resolve().as_uri() if not str(target).startswith(("file:", "data:", "about:", "http")) else str(target)
        target_id = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target_id, "flatten": True})["sessionId"]
        page = Page(self, target_id, session, url)
        for method in ("Page.enable", "Network.enable", "Runtime.enable", "Log.enable"):
            page.send(method)
        page.send("Emulation.setDeviceMetricsOverride",
                  {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False})  # fmt: skip
        if bypass_csp:
            page.send("Page.setBypassCSP", {"enabled": True})
        if init_script:
            page.send("Page.addScriptToEvaluateOnNewDocument", {"source": init_script})
        mark = len(self.events(session))
        page.send("Page.navigate", {"url": url})
        self.wait_event(session, "Page.loadEventFired", timeout=timeout, after=mark)
        if settle:
            page.wait_for("window.normgraph && window.normgraph.state.settled && window.normgraph.state.drawnMs !== null",
                          timeout=timeout)  # fmt: skip
        return page

    def close(self) -> None:
        try:
            if self.process.poll() is None:
                try:
                    self.send("Browser.close", timeout=10)
                except BrowserError:
                    pass
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(self.process.pid, signal.SIGKILL)
                    self.process.wait(timeout=10)
        finally:
            for fd in (self._to_browser, self._from_browser):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self._log.close()
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Page:
    def __init__(self, browser: Chromium, target_id: str, session: str, url: str) -> None:
        self.browser, self.target_id, self.session, self.url = browser, target_id, session, url

    def send(self, method: str, params: dict[str, Any] | None = None, timeout: float = 60) -> dict[str, Any]:
        return self.browser.send(method, params, self.session, timeout)

    def evaluate(self, expression: str, timeout: float = 60) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True}, timeout)  # fmt: skip
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise BrowserError(f"{expression[:80]}: {details.get('exception', {}).get('description', details.get('text'))}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 60, interval: float = 0.05) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(f"(function(){{ try {{ return ({expression}); }} catch (e) {{ return false; }} }})()")
            if value:
                return value
            thrown = self.browser.events(self.session, "Runtime.exceptionThrown")
            if thrown:  # the page broke: no use waiting
                raise BrowserError(f"the page threw while waiting for {expression}: {self.problems()}")
            if time.monotonic() > deadline:
                problems = self.problems()
                raise BrowserError(f"timed out after {timeout} s waiting for {expression}; page problems: {problems}")
            time.sleep(interval)

    # -- what the page did
    def requests(self) -> list[str]:
        """Every URL the page asked for, in order (the page itself first)."""
        urls = [e["params"]["request"]["url"] for e in self.browser.events(self.session, "Network.requestWillBeSent")]
        urls += [e["params"]["url"] for e in self.browser.events(self.session, "Network.webSocketCreated")]
        return urls

    def problems(self) -> list[str]:
        """Uncaught exceptions, console errors and warnings, and browser log errors/warnings."""
        out = []
        for e in self.browser.events(self.session, "Runtime.exceptionThrown"):
            d = e["params"]["exceptionDetails"]
            out.append("exception: " + d.get("exception", {}).get("description", d.get("text", "")))
        for e in self.browser.events(self.session, "Runtime.consoleAPICalled"):
            if e["params"]["type"] in ("error", "warning", "assert"):
                out.append(f"console.{e['params']['type']}: " + " ".join(str(a.get("value", a.get("description"))) for a in e["params"]["args"]))
        for e in self.browser.events(self.session, "Log.entryAdded"):
            entry = e["params"]["entry"]
            if entry["level"] in ("error", "warning"):
                out.append(f"log {entry['source']} {entry['level']}: {entry['text']}")
        return out

    # -- input
    def mouse(self, kind: str, x: float, y: float, **extra: Any) -> None:
        self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, **extra})

    def hover(self, x: float, y: float) -> None:
        self.mouse("mouseMoved", x, y)

    last_click = 0.0  # time.monotonic() of the last click sent

    def click(self, x: float, y: float) -> None:
        self.mouse("mouseMoved", x, y)
        self.mouse("mousePressed", x, y, button="left", clickCount=1)
        self.mouse("mouseReleased", x, y, button="left", clickCount=1)
        self.last_click = time.monotonic()

    def double_click(self, x: float, y: float) -> None:
        """Two clicks as a person makes them. The view's gesture library (Hammer, in vis-network)
        pairs two taps up to 300 ms apart: a double click sent within that time of an earlier
        click would pair with it instead (on a fast machine, the click that opened the node), so
        it waits that out; and its second click comes 60 ms after the first (sent back to back,
        under 50 ms apart, they were not paired)."""
        time.sleep(max(0.0, self.last_click + 0.4 - time.monotonic()))
        self.click(x, y)
        time.sleep(0.06)
        self.click(x, y)

    def click_selector(self, selector: str) -> None:
        # scrolled into view first, as a person (or Playwright) would: the controls pane scrolls
        box = self.evaluate(f"(function(){{ var e = document.querySelector({json.dumps(selector)});"
                            " e.scrollIntoView({block: 'center'}); var r = e.getBoundingClientRect();"
                            " return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()")  # fmt: skip
        self.click(box["x"], box["y"])

    def type_text(self, selector: str, text: str) -> None:
        self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
        self.send("Input.insertText", {"text": text})

    def press(self, key: str, code: str | None = None, key_code: int | None = None) -> None:
        params: dict[str, Any] = {"key": key, "code": code or key}
        if key_code is not None:
            params["windowsVirtualKeyCode"] = key_code
        self.send("Input.dispatchKeyEvent", {"type": "keyDown", **params})
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", **params})

    def screenshot(self, path: str | Path) -> Path:
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        Path(path).write_bytes(base64.b64decode(data))
        return Path(path)

    def close(self) -> None:
        try:
            self.browser.send("Target.closeTarget", {"targetId": self.target_id}, timeout=10)
        except BrowserError:
            pass


# -- fixtures for the view's browser tests ----------------------------------------------------


def require_browser() -> str:
    if os.environ.get("NORMGRAPH_SKIP_BROWSER") == "1":
        pytest.skip("NORMGRAPH_SKIP_BROWSER=1")
    binary = chromium_binary()
    if binary is None:
        pytest.fail("Chromium is not installed: apt-get install chromium (scripts/test.sh does), "
                    "or set NORMGRAPH_SKIP_BROWSER=1 to skip the browser tests")  # fmt: skip
    return binary


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    with Chromium(require_browser()) as chromium:
        yield chromium


def assert_offline(page: Page) -> None:
    """The page asked for nothing but itself and inline data: URLs."""
    requests = page.requests()
    assert requests and requests[0] == page.url, requests
    others = [url for url in requests[1:] if not url.startswith("data:")]
    assert others == [], f"the page made network requests: {others}"


# -- the harness sees what it must see ---------------------------------------------------------


def test_harness_records_every_request(browser, tmp_path):
    page_file = tmp_path / "leaky.html"
    page_file.write_text(
        "<!DOCTYPE html><html><head><link rel=stylesheet href='https://cdn.example.invalid/x.css'></head><body>"
        "<img src='http://pixel.invalid/pixel.png'><img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>"
        "<script>window.normgraph = {state: {settled: true, drawnMs: 1}};"
        "fetch('https://api.example.invalid/data').catch(function () {});</script></body></html>",
        encoding="utf-8",
    )
    page = browser.open(page_file)
    page.wait_for("performance.getEntriesByType('resource').length >= 0")
    expected = ("https://cdn.example.invalid/x.css", "http://pixel.invalid/pixel.png", "https://api.example.invalid/data")
    deadline = time.monotonic() + 10  # until the harness has seen each request, not a fixed wait
    while not all(url in (requests := page.requests()) for url in expected):
        assert time.monotonic() < deadline, requests
        time.sleep(0.02)
    assert requests[0] == page.url
    for url in expected:
        assert url in requests, requests
    with pytest.raises(AssertionError, match="network requests"):
        assert_offline(page)
    page.close()


def test_harness_sees_scripts_that_run_and_input_that_lands(browser, tmp_path):
    page_file = tmp_path / "flag.html"
    page_file.write_text(
        "<!DOCTYPE html><html><body style='margin:0'><button id=b style='width:200px;height:100px'"
        " onclick='window.__clicked = (window.__clicked || 0) + 1'>b</button><input id=i>"
        "<img src=x onerror='window.__xss = 1'>"
        "<script>window.normgraph = {state: {settled: true, drawnMs: 1}};</script></body></html>",
        encoding="utf-8",
    )
    page = browser.open(page_file)
    # The same payload the view's tests use does run when a page lets it: the check has teeth.
    assert page.wait_for("window.__xss === 1", timeout=10)
    page.click_selector("#b")
    assert page.evaluate("window.__clicked") == 1
    page.type_text("#i", "héllo <b>")
    assert page.evaluate("document.getElementById('i').value") == "héllo <b>"
    page.close()


def test_chromium_has_no_network(browser):
    assert browser.version.startswith(("Chrome/", "HeadlessChrome/", "Chromium/"))
    if not browser.isolated:  # no namespace to be had here: the resolver and proxy flags still apply
        assert "--host-resolver-rules=MAP * ~NOTFOUND" in FLAGS
        return
    # Inside its own network namespace not even loopback is up.
    result = subprocess.run(["unshare", "--net", "cat", "/proc/net/route"], capture_output=True, text=True, timeout=10)
    assert result.returncode == 0 and len(result.stdout.strip().splitlines()) <= 1


# -- helpers for the view's pages --------------------------------------------------------------

NODE_POINT = """(function (id) {
  var net = window.normgraph.network, p = net.getPositions([id])[id], d = net.canvasToDOM(p);
  var r = document.getElementById("network").getBoundingClientRect();
  return { x: r.left + d.x, y: r.top + d.y };
})(%d)"""

PAINTED = """(function () {
  var c = document.querySelector("#network canvas"), d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  var n = 0;
  for (var i = 3; i < d.length; i += 4) { if (d[i] > 0) { n += 1; } }
  return { painted: n, total: c.width * c.height };
})()"""


def node_point(page: Page, node_id: int, zoom: float | None = None) -> dict[str, float]:
    """Where node ``node_id`` is on the screen (drawn first if the view had left it out); with
    ``zoom``, centred on it at that scale first."""
    page.evaluate(f"window.normgraph.reveal({node_id}).then(function () {{ return window.normgraph.idle(); }}).then(function () {{ return true; }})")
    if zoom is not None:
        page.evaluate(f"window.normgraph.network.focus({node_id}, {{scale: {zoom}, animation: false}})")
        page.evaluate("new Promise(function (r) { window.normgraph.network.once('afterDrawing', r); window.normgraph.network.redraw(); })")
    return page.evaluate(NODE_POINT % node_id)


def hover_node(page: Page, node_id: int, zoom: float | None = 1.5) -> None:
    """Move the mouse away, then onto the node, and wait until the page saw the hover."""
    page.hover(2, 2)
    point = node_point(page, node_id, zoom)
    page.hover(point["x"], point["y"])
    page.wait_for(f"window.normgraph.state.hoverNode === {node_id}", timeout=10)


def click_node(page: Page, node_id: int, zoom: float | None = 1.5) -> None:
    point = node_point(page, node_id, zoom)
    page.click(point["x"], point["y"])
    page.wait_for(f"window.normgraph.state.selected === {node_id}", timeout=10)


def page_data(page: Page) -> dict[str, Any]:
    return page.evaluate("window.normgraph.data")


LAYOUT_FACTS = "window.normgraph.idle().then(function () { return window.normgraph.layoutFacts(); })"


def layout_figures(facts: dict[str, Any]) -> dict[str, float]:
    """From the page's node boxes and label boxes (page pixels): the share of label area that
    overlaps another label, whether every node lies inside the canvas, how much of the canvas
    the drawing spans, the share of node area overlapping another node, and edge crossings."""
    width, height = facts["canvas"]["width"], facts["canvas"]["height"]
    labels, nodes = facts["labels"], facts["nodes"]

    def overlap(a: dict[str, float], b: dict[str, float]) -> float:
        dx = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
        dy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
        return dx * dy if dx > 0 and dy > 0 else 0.0

    label_area = sum(b["w"] * b["h"] for b in labels)
    covered = sum(overlap(a, b) for i, a in enumerate(labels) for b in labels[i + 1:])
    boxes = [n["box"] for n in nodes]
    node_area = sum(b["w"] * b["h"] for b in boxes)
    node_covered = sum(overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    inside = all(-1 <= b["x"] and b["x"] + b["w"] <= width + 1 and -1 <= b["y"] and b["y"] + b["h"] <= height + 1 for b in boxes)
    xs, ys = [n["x"] for n in nodes], [n["y"] for n in nodes]
    at = {n["id"]: (n["x"], n["y"]) for n in nodes}
    segments = [(at[a], at[b]) for a, b in facts["edges"] if a in at and b in at]

    def cross(p: tuple, q: tuple) -> bool:
        (a, b), (c, d) = p, q
        if len({a, b, c, d}) < 4:
            return False  # edges sharing a node do not cross

        def side(o: tuple, s: tuple, t: tuple) -> float:
            return (s[0] - o[0]) * (t[1] - o[1]) - (s[1] - o[1]) * (t[0] - o[0])

        return side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0

    crossings = sum(1 for i, p in enumerate(segments) for q in segments[i + 1:] if cross(p, q)) if len(segments) <= 1500 else -1
    return {
        "nodes": len(nodes),
        "labels": len(labels),
        "label_overlap": covered / label_area if label_area else 0.0,
        "inside": inside,
        "fill_x": (max(xs) - min(xs)) / width if nodes else 0.0,
        "fill_y": (max(ys) - min(ys)) / height if nodes else 0.0,
        "node_overlap": node_covered / node_area if node_area else 0.0,
        "crossings": crossings,
        "crossings_per_edge": crossings / len(segments) if segments and crossings >= 0 else 0.0,
    }
