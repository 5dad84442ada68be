#!/usr/bin/python3
"""Central management simulator: what a customer's own HTTP server does for a
floor of wallboards (issue 16), on 127.0.0.1, for the demo and the tests.

  GET  /managed/<name>.json   a managed config document, with an ETag and 304
                              on If-None-Match. <name> is a device id (the
                              board's managed.url has {id}) or a floor name;
                              a name without a document of its own gets the
                              floor-wide one ("floor").
  POST /reports               a status report, kept per X-Wallboard-Id.

Control, for tests:
  PUT    /_control/documents/<name>   the body becomes that document, byte for
                                      byte (a bad one too: nothing is checked)
  DELETE /_control/documents/<name>
  POST   /_control {"reports_status": 503}   answer reports with that status
  GET    /_control/requests           every request: method, path, headers,
                                      status, request and response bytes
  GET    /_control/reports            {"<id>": [{"headers": {...}, "body": {...}}]}

Standard library only.
"""

import argparse
import hashlib
import json
import re
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DOC_RE = re.compile(r"^/managed/([^/]+)\.json$")
CONTROL_DOC_RE = re.compile(r"^/_control/documents/([^/]+)$")
REQUEST_LOG_KEEP = 1000
REPORTS_KEEP = 200  # per id
BODY_MAX = 1024 * 1024
FLOOR = "floor"
DEFAULT_DOCUMENT = {"display": {"title": "Webcare floor 3"}}


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.documents = {FLOOR: json.dumps(DEFAULT_DOCUMENT, indent=2).encode("utf-8")}
        self.requests = []
        self.reports = {}
        self.reports_status = 200


def etag_of(body):
    return '"%s"' % hashlib.sha256(body).hexdigest()[:16]


class Handler(BaseHTTPRequestHandler):
    server_version = "centralsim/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def setup(self):
        super().setup()
        real = self.wfile

        class Counting:
            """Counts what is written to the client: status line, headers, body."""

            def __init__(self):
                self.count = 0

            def write(self, data):
                self.count += len(data)
                return real.write(data)

            def flush(self):
                real.flush()

        self.wfile = Counting()

    def _request_bytes(self, body_len):
        head = len(self.raw_requestline)
        head += sum(len(k) + 2 + len(v) + 2 for k, v in self.headers.items()) + 2
        return head + body_len

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n > BODY_MAX:
            raise ValueError("body over %d bytes" % BODY_MAX)
        return self.rfile.read(n) if n else b""

    def _send(self, status, body=b"", content_type="application/json", headers=None):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if status != 304:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304 and self.command != "HEAD":
            self.wfile.write(body)
        self.wfile.flush()

    def _record(self, status, body_len, start):
        st = self.server.state
        with st.lock:
            st.requests.append({
                "method": self.command, "path": self.path, "headers": dict(self.headers.items()),
                "status": status, "request_bytes": self._request_bytes(body_len),
                "response_bytes": self.wfile.count - start})
            del st.requests[:-REQUEST_LOG_KEEP]

    def _json(self, status, doc):
        self._send(status, (json.dumps(doc) + "\n").encode("utf-8"))

    def do_GET(self):
        st = self.server.state
        start = self.wfile.count
        m = DOC_RE.match(self.path)
        if m:
            with st.lock:
                body = st.documents.get(m.group(1), st.documents.get(FLOOR))
            if body is None:
                status = 404
                self._json(404, {"error": "no document"})
            else:
                tag = etag_of(body)
                if tag in [t.strip() for t in self.headers.get("If-None-Match", "").split(",")]:
                    status = 304
                    self._send(304, headers={"ETag": tag, "Cache-Control": "no-cache"})
                else:
                    status = 200
                    self._send(200, body, headers={"ETag": tag, "Cache-Control": "no-cache"})
            self._record(status, 0, start)
            return
        if self.path == "/_control/requests":
            with st.lock:
                doc = {"requests": list(st.requests)}
            return self._json(200, doc)
        if self.path == "/_control/reports":
            with st.lock:
                doc = {k: list(v) for k, v in st.reports.items()}
            return self._json(200, doc)
        self._json(404, {"error": "not found"})

    def do_POST(self):
        st = self.server.state
        start = self.wfile.count
        try:
            body = self._body()
        except ValueError as e:
            return self._json(413, {"error": str(e)})
        if self.path == "/reports":
            with st.lock:
                status = st.reports_status
            if status == 200:
                try:
                    doc = json.loads(body)
                except ValueError:
                    doc = None
                if doc is None:
                    status = 400
                else:
                    who = self.headers.get("X-Wallboard-Id", "")
                    with st.lock:
                        kept = st.reports.setdefault(who, [])
                        kept.append({"headers": dict(self.headers.items()), "body": doc,
                                     "raw": body.decode("utf-8", "replace")})
                        del kept[:-REPORTS_KEEP]
            self._json(status, {"ok": status == 200})
            self._record(status, len(body), start)
            return
        if self.path == "/_control":
            try:
                settings = json.loads(body or b"{}")
            except ValueError:
                return self._json(400, {"error": "not JSON"})
            with st.lock:
                if "reports_status" in settings:
                    st.reports_status = int(settings["reports_status"])
                doc = {"reports_status": st.reports_status, "documents": sorted(st.documents)}
            return self._json(200, doc)
        self._json(404, {"error": "not found"})

    def do_PUT(self):
        m = CONTROL_DOC_RE.match(self.path)
        if not m:
            return self._json(404, {"error": "not found"})
        body = self._body()
        with self.server.state.lock:
            self.server.state.documents[m.group(1)] = body
        self._json(200, {"name": m.group(1), "etag": etag_of(body)})

    def do_DELETE(self):
        m = CONTROL_DOC_RE.match(self.path)
        if not m:
            return self._json(404, {"error": "not found"})
        with self.server.state.lock:
            self.server.state.documents.pop(m.group(1), None)
        self._json(200, {"name": m.group(1)})


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--port", type=int, default=8090, help="0: any free port")
    ap.add_argument("--floor", metavar="FILE", help="the floor-wide document (default: a title)")
    args = ap.parse_args()
    httpd = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    httpd.daemon_threads = True
    httpd.state = State()
    if args.floor:
        with open(args.floor, "rb") as f:
            httpd.state.documents[FLOOR] = f.read()
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=httpd.shutdown).start())
    print("centralsim listening on http://127.0.0.1:%d/" % httpd.server_address[1], flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
