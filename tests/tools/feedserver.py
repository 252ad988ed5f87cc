#!/usr/bin/env python3
"""feedserver.py - a scripted HTTP feed server for the download tests.

Serves the files of DIR on 127.0.0.1 only, on a free port that it writes to
--port-file once it listens. Files come with an ETag (a hash of the content)
and a Last-Modified (the mtime) and conditional requests get 304 (RFC 9110
section 13.1: If-None-Match wins over If-Modified-Since).

Misbehaviour is selected per request by query parameters, so that each test
case names what it wants in its URL; counters are per path and query:

  ?fail=N          the first N requests get 500, then the file
  ?throttle=N      the first N requests get 429 with Retry-After (?after=S, 1)
  ?status=CODE     always CODE with a small body
  ?truncate=1      Content-Length of the whole file, half the body, close
  ?stall=S         headers and half the body, then S seconds of silence, close
  ?redirect=N      302 to the same URL with redirect=N-1, the file at 0
  ?to=URL          302 to URL
  ?gzip=1          Content-Encoding: gzip (when the client accepts it)
  ?require=NAME:V  401 unless the request has header NAME with value V

With --rules FILE, a JSON object {"/url/path": "fail=2", ...} adds those
parameters to every request for that path (FILE is re-read on each
request, so a test can change the server's behaviour between runs of a
client whose URLs it does not control).

A missing file is a plain 404. Requests for absolute URLs ("GET http://host/
path", as sent to a proxy) are answered from path, so the server doubles as
an HTTP proxy for the proxy test. --tls serves HTTPS with the given
certificate. Nothing is logged unless --verbose.

usage: feedserver.py [--port-file FILE] [--tls CERT KEY] [--verbose] DIR
"""
import argparse
import email.utils
import gzip
import hashlib
import http.server
import json
import os
import ssl
import sys
import threading
import time
import urllib.parse

COUNTS = {}
COUNTS_LOCK = threading.Lock()


def count(key):
    """How many requests for key came before this one."""
    with COUNTS_LOCK:
        n = COUNTS.get(key, 0)
        COUNTS[key] = n + 1
        return n


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "feedserver/1"
    root = "."
    verbose = False
    rules = None

    def log_message(self, fmt, *args):
        if self.verbose:
            sys.stderr.write("feedserver: " + (fmt % args) + "\n")

    def reply(self, code, body=b"", headers=()):
        self.send_response(code)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        query.update(self.rules_for(url.path))
        seen = count(url.path + "?" + urllib.parse.urlencode(sorted(query.items())))
        if self.misbehave(url, query, seen):
            return
        name = os.path.normpath(urllib.parse.unquote(url.path)).lstrip("/")
        path = os.path.join(self.root, name)
        if name.startswith("..") or not os.path.isfile(path):
            self.reply(404, b"not found\n")
            return
        self.serve_file(path, query)

    def rules_for(self, path):
        if not self.rules:
            return {}
        try:
            with open(self.rules) as f:
                rules = json.load(f)
        except (OSError, ValueError):
            return {}
        return dict(urllib.parse.parse_qsl(rules.get(urllib.parse.unquote(path), "")))

    def misbehave(self, url, query, seen):
        """Answer a scripted failure; False when the file should be served."""
        want = query.get("require", "").partition(":")
        if want[0] and self.headers.get(want[0]) != want[2]:
            self.reply(401, b"credential required\n")
        elif "status" in query:
            self.reply(int(query["status"]), b"scripted status\n")
        elif seen < int(query.get("fail", 0)):
            self.reply(500, b"scripted failure\n")
        elif seen < int(query.get("throttle", 0)):
            self.reply(429, b"slow down\n",
                       [("Retry-After", query.get("after", "1"))])
        elif "to" in query:
            self.reply(302, b"", [("Location", query["to"])])
        elif int(query.get("redirect", 0)) > 0:
            query["redirect"] = str(int(query["redirect"]) - 1)
            target = url.path + "?" + urllib.parse.urlencode(query)
            self.reply(302, b"", [("Location", target)])
        else:
            return False
        return True

    def validators(self, path, body):
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
        mtime = int(os.stat(path).st_mtime)
        return etag, mtime

    def not_modified(self, etag, mtime):
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        ims = self.headers.get("If-Modified-Since")
        if ims is None:
            return False
        try:
            since = email.utils.parsedate_to_datetime(ims).timestamp()
        except (TypeError, ValueError):
            return False
        return mtime <= since

    def serve_file(self, path, query):
        with open(path, "rb") as f:
            body = f.read()
        etag, mtime = self.validators(path, body)
        headers = [("ETag", etag),
                   ("Last-Modified", email.utils.formatdate(mtime, usegmt=True))]
        if self.not_modified(etag, mtime):
            self.send_response(304)
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            return
        if query.get("gzip") and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            headers.append(("Content-Encoding", "gzip"))
        if "truncate" in query or "stall" in query:
            self.send_partial(body, headers, float(query.get("stall", 0)))
            return
        self.reply(200, body, headers)

    def send_partial(self, body, headers, stall):
        """Promise the whole body, send half of it, go quiet, hang up."""
        self.send_response(200)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        if stall:
            time.sleep(stall)
        self.close_connection = True


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # clients hang up on purpose in these tests
        if Handler.verbose:
            super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser(description="scripted HTTP feed server")
    ap.add_argument("--port-file", help="write the port here once listening")
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--rules", help="JSON file: URL path -> misbehaviour parameters")
    ap.add_argument("dir")
    args = ap.parse_args()
    Handler.root = os.path.abspath(args.dir)
    Handler.verbose = args.verbose
    Handler.rules = args.rules
    server = Server(("127.0.0.1", 0), Handler)
    if args.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls[0], args.tls[1])
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    port = server.server_address[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, args.port_file)
    else:
        print(port, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
