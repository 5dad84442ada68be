#!/usr/bin/python3
"""Feed v1 simulator: serves realistic, changing wallboard data on 127.0.0.1.

It stands in for the central webcare API (docs/feed-api.md) during development,
demos and the integration tests, and can misbehave on request (fault switches)
so the firmware's error handling can be exercised. Standard library only.
"""

import argparse
import collections
import datetime
import gzip
import hashlib
import json
import math
import random
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

try:
    from zoneinfo import ZoneInfo

    LOCAL_TZ = ZoneInfo("Europe/Amsterdam")
except Exception:  # no tz database: "today" then simply follows UTC
    LOCAL_TZ = datetime.timezone.utc

MAX_CHANNELS = 64  # feed v1 contract
LATEST_KEEP = 12  # the ticker needs a handful; the contract allows 100
HOUR_S = 3600.0
SPIKE_WINDOW_S = 900.0  # sentiment spikes are judged over the last quarter hour
OVERSIZE_BYTES = 2 * 1024 * 1024 + 1
REQUEST_LOG_KEEP = 200
MAX_STEP_S = 60.0  # the model's longest single step; longer gaps are replayed

FAULTS = {
    "none": "normal operation",
    "http500": "500 Internal Server Error with a JSON error body",
    "http503": "503 Service Unavailable with Retry-After",
    "slow": "answer normally after --slow-s seconds",
    "malformed": "200 with broken JSON (the document cut off halfway)",
    "truncated": "Content-Length larger than the body sent, then close",
    "oversized": "a valid document padded with whitespace to more than 2 MiB",
    "wrong_content_type": "200 text/html (a proxy's error page)",
    "invalid": "valid JSON that breaks the contract ($.channels[0].mentions.today = -5)",
    "wrong_version": "a valid document that says \"version\": 2",
    "reset": "close the connection without answering",
}


def rfc3339(t):
    """UTC, whole seconds, 'Z' suffix: the form the feed contract uses."""
    return datetime.datetime.fromtimestamp(int(t), datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def local_day(t):
    return datetime.datetime.fromtimestamp(t, LOCAL_TZ).date()


def seconds_since_local_midnight(t):
    dt = datetime.datetime.fromtimestamp(t, LOCAL_TZ)
    return dt.hour * 3600 + dt.minute * 60 + dt.second


def poisson(rng, lam):
    """Poisson sample; a normal approximation above 30 keeps it O(1)."""
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


# --- What mentions look like -------------------------------------------------

# Per channel: label, mentions per hour, share that needs an answer, SLA target,
# and the usual sentiment mix (positive, negative; the rest is neutral).
Profile = collections.namedtuple("Profile", "id label rate_h answer_share target_s pos neg")

PROFILES = [
    Profile("twitter", "X / Twitter", 540, 0.30, 3600, 0.30, 0.16),
    Profile("facebook", "Facebook", 300, 0.35, 1800, 0.38, 0.12),
    Profile("instagram", "Instagram", 240, 0.25, 1800, 0.50, 0.08),
    Profile("linkedin", "LinkedIn", 45, 0.40, 3600, 0.45, 0.07),
    Profile("whatsapp", "WhatsApp", 180, 0.90, 600, 0.25, 0.15),
    Profile("webchat", "Webchat", 120, 0.95, 300, 0.30, 0.12),
]

EXTRA_TARGETS_S = (600, 1800, 3600)

TEXTS = {
    ("nl", "negative"): [
        "Al 3 dagen wacht ik op mijn pakket 😡 Waar blijft het?",
        "Mijn factuur klopt niet: €{amount} te veel afgeschreven!",
        "Wéér een storing in de app… dit is de derde keer deze week 🙄",
        "Geen reactie op mijn e-mail van vorige week. Slechte service 👎",
        "Waarom kost een retour ineens €{amount}? Belachelijk.",
        "Ik ben echt geïrriteerd: bestelling {order} is kwijt.",
        "Monteur is niet komen opdagen, hele dag vrij genomen voor niks 😤",
    ],
    ("nl", "neutral"): [
        "Hoe lang duurt een terugbetaling gemiddeld?",
        "Is de winkel in Utrecht op zondag open?",
        "Kan ik bestelling {order} nog wijzigen?",
        "Geldt de actie van €{amount} korting ook online?",
        "Hoi, waar vind ik de algemene voorwaarden?",
        "Leveren jullie ook op Curaçao? 🏝️",
        "Mijn adres is gewijzigd, hoe geef ik dat door?",
    ],
    ("nl", "positive"): [
        "Super snel geholpen door Eva, top! 👍",
        "Pakket binnen één dag bezorgd 🎉 Dank jullie wel!",
        "Eindelijk een klantenservice die wél meedenkt 😊",
        "Heerlijk café-ontbijt gehad in jullie filiaal ☕",
        "Dankzij jullie tip €{amount} bespaard, geweldig!",
        "Probleem met bestelling {order} netjes opgelost. Chapeau! 👏",
    ],
    ("en", "negative"): [
        "Still no refund after two weeks 😤 #fail",
        "Charged €{amount} twice for the same order. Please fix this!",
        "Your app keeps logging me out… really annoying 😠",
    ],
    ("en", "neutral"): [
        "Do you ship to Belgium? Asking for a friend 🇧🇪",
        "What are your opening hours on King's Day?",
        "Is order {order} already on its way?",
    ],
    ("en", "positive"): [
        "Great service from your team in Rotterdam, thanks! 🙌",
        "Love the new app update — so much faster ✨",
        "Quick and friendly help with my €{amount} refund 💚",
    ],
}

HANDLES = ["@jan", "@sanne_v", "@pietjebell", "@m.dejong", "@lotte_utrecht", "@thijs",
           "@frits_nl", "@anouk🌷", "@bram.online", "@noor_ams"]
NAMES = ["Fatima El Amrani", "Daan Verhoef", "Kees van den Berg", "Zoë Janssen",
         "Özlem Yılmaz", "Emma Bakker", "Chloé Dubois", "Sven de Bruijn", "Reneé Smit"]


# --- The model -----------------------------------------------------------------

class Channel:
    """One channel's moving state: arrivals, the unanswered queue, answering."""

    def __init__(self, profile, rng, now):
        self.p = profile
        self.rng = rng
        # (time, positive, neutral, negative) per step, newest last; an hour's worth
        self.buckets = collections.deque()
        # unanswered mentions as [arrival, due], oldest arrival first; "due" is
        # when an agent would get to it if nothing got in the way
        self.queue = []
        self.paused_until = 0.0  # agents busy elsewhere: nothing gets answered
        self.spike_until = 0.0
        self.day = local_day(now)
        self._init_history(now)

    def _init_history(self, now):
        """Backdate an hour of traffic, a day of counts and a queue, so the board
        is populated (and some timers already amber or breached) from the start."""
        rng, p = self.rng, self.p
        for minute in range(60):
            self._add_bucket(now - HOUR_S + (minute + 1) * 60, poisson(rng, p.rate_h / 60))
        # a working day is quiet at night: count "today" as ~60% of full rate
        elapsed_h = seconds_since_local_midnight(now) / HOUR_S
        self.mentions_today = max(self.last_hour(now), int(p.rate_h * elapsed_h * 0.6))
        self.answered_today = int(self.mentions_today * p.answer_share * 0.9)
        self.within_today = int(self.answered_today * rng.uniform(0.82, 0.99))
        waiting = poisson(rng, p.rate_h * p.answer_share * p.target_s / HOUR_S * 0.35)
        span = p.target_s * rng.uniform(0.2, 1.2)
        for t in sorted(now - rng.uniform(0, span) for _ in range(waiting)):
            self._enqueue(t)

    def _add_bucket(self, t, n, spiking=False):
        pos = neu = neg = 0
        neg_share = 0.8 if spiking else self.p.neg
        pos_share = 0.05 if spiking else self.p.pos
        sentiments = []
        for _ in range(n):
            r = self.rng.random()
            if r < neg_share:
                neg += 1
                sentiments.append("negative")
            elif r < neg_share + pos_share:
                pos += 1
                sentiments.append("positive")
            else:
                neu += 1
                sentiments.append("neutral")
        self.buckets.append((t, pos, neu, neg))
        return sentiments

    def _window(self, now, span_s):
        pos = neu = neg = 0
        for t, bp, bn, bg in self.buckets:
            if t > now - span_s:
                pos, neu, neg = pos + bp, neu + bn, neg + bg
        return pos, neu, neg

    def last_hour(self, now):
        return sum(self._window(now, HOUR_S))

    def sentiment(self, now):
        pos, neu, neg = self._window(now, HOUR_S)
        return {"positive": pos, "neutral": neu, "negative": neg}

    def negative_share(self, now, span_s=SPIKE_WINDOW_S):
        pos, neu, neg = self._window(now, span_s)
        total = pos + neu + neg
        return (neg / total if total else 0.0), total

    def spiking(self, now):
        return now < self.spike_until

    def step(self, prev, now):
        """Advances from prev to now; returns (arrival time, sentiment) of new mentions."""
        rng, p, dt = self.rng, self.p, now - prev
        if local_day(now) != self.day:
            self.day = local_day(now)
            self.mentions_today = self.answered_today = self.within_today = 0
        spiking = self.spiking(now)
        rate = p.rate_h * (5 if spiking else 1)
        n = poisson(rng, rate * dt / HOUR_S)
        sentiments = self._add_bucket(now, n, spiking)
        while self.buckets and self.buckets[0][0] <= now - HOUR_S:
            self.buckets.popleft()
        self.mentions_today += n
        arrivals = sorted((rng.uniform(prev, now), s) for s in sentiments)
        # angry customers want an answer more often than happy ones
        for t, s in arrivals:
            if rng.random() < min(1.0, p.answer_share * (1.5 if s == "negative" else 1.0)):
                self._enqueue(t)
        self._answer(prev, now)
        return arrivals

    def _enqueue(self, t):
        # a normal day answers within 10..60% of the target: the timer stays green
        self.queue.append([t, t + self.p.target_s * self.rng.uniform(0.1, 0.6)])

    def _answer(self, prev, now):
        rng, p, dt = self.rng, self.p, now - prev
        if now < self.paused_until:
            return
        # A pause now and then (a meeting, a phone storm) is what lets the oldest
        # mention age through amber into breach; afterwards the backlog is worked
        # off at a limited pace, so the timers come back one by one.
        if rng.random() < dt / (p.target_s * 4):
            self.paused_until = now + p.target_s * rng.uniform(0.2, 0.8)
            return
        due = sorted((item for item in self.queue if item[1] <= now), key=lambda i: i[1])
        capacity_per_s = max(p.rate_h * p.answer_share * 3, 60) / HOUR_S
        for item in due[:poisson(rng, capacity_per_s * dt) + 1]:
            self.queue.remove(item)
            self.answered_today += 1
            self.within_today += now - item[0] <= p.target_s

    def document(self, now):
        pct = 100.0 * self.within_today / self.answered_today if self.answered_today else 100.0
        return {
            "id": self.p.id,
            "label": self.p.label,
            "mentions": {"today": self.mentions_today, "last_hour": self.last_hour(now)},
            "unanswered": len(self.queue),
            "sentiment": self.sentiment(now),
            "sla": {
                "target_s": self.p.target_s,
                "oldest_unanswered_at": rfc3339(self.queue[0][0]) if self.queue else None,
                "within_target_pct": round(pct, 1),
            },
        }


def channel_profiles(count, rng):
    """The six real channels first; beyond six, regional extras (--channels N)."""
    profiles = PROFILES[:count]
    for i in range(len(profiles), count):
        profiles.append(Profile("regio-%02d" % (i - 5), "Regio %02d" % (i - 5),
                                rng.choice((30, 60, 90)), 0.5, rng.choice(EXTRA_TARGETS_S),
                                0.35, 0.10))
    return profiles


class FeedModel:
    """The whole board's data, advanced by step(now). Deterministic for a seed and
    a start time; time is passed in, never read, so tests can drive it."""

    def __init__(self, seed, start, n_channels=6, title="Webcare NL (simulator)",
                 spike_every_s=3600.0):
        self.rng = random.Random(seed)
        self.now = float(start)
        self.title = title
        self.spike_every_s = spike_every_s
        self.channels = [Channel(p, self.rng, self.now)
                         for p in channel_profiles(n_channels, self.rng)]
        self.alert_seq = 0
        # keyed by (kind, channel) so a condition keeps its id while it lasts
        self.alerts = {}
        self._raise("notice", None, "info", self.now,
                    "Simulator: alle gegevens op dit scherm zijn fictief")
        self.latest = collections.deque(maxlen=LATEST_KEEP)
        for i in range(LATEST_KEEP):
            ch = self.rng.choice(self.channels)
            sentiment = self.rng.choice(("positive", "neutral", "neutral", "negative"))
            self.latest.append(self._mention(ch, self.now - (LATEST_KEEP - i) * 40, sentiment))

    def _raise(self, kind, channel, severity, since, message):
        key = (kind, channel)
        if key not in self.alerts:
            self.alert_seq += 1
            self.alerts[key] = {"id": "a-%d" % self.alert_seq, "severity": severity,
                                "kind": kind, "since": rfc3339(since)}
            if channel:
                self.alerts[key]["channel"] = channel
        self.alerts[key]["message"] = message

    def _clear(self, kind, channel):
        self.alerts.pop((kind, channel), None)

    def _mention(self, ch, t, sentiment):
        rng = self.rng
        lang = "en" if rng.random() < 0.25 else "nl"
        text = rng.choice(TEXTS[(lang, sentiment)]).format(
            amount="%d,%02d" % (rng.randint(5, 250), rng.choice((0, 50, 95, 99))),
            order="NL-%06d" % rng.randint(0, 999999))
        if ch.p.id in ("whatsapp", "webchat"):
            author = "+31 6 •••• %04d" % rng.randint(0, 9999)  # never a full number
        elif ch.p.id in ("linkedin", "facebook"):
            author = rng.choice(NAMES)
        else:
            author = rng.choice(HANDLES)
        followers = min(int(rng.lognormvariate(5.5, 1.8)), 2_000_000)
        return {"channel": ch.p.id, "author": author, "followers": followers, "text": text,
                "sentiment": sentiment, "at": rfc3339(t)}

    def step(self, now):
        """Moves the board from self.now to now. A long gap (nobody asked for
        the feed for an hour) is replayed in steps of at most MAX_STEP_S: the
        per-step chances of a pause or a spike assume short steps, and one
        hour-long step would pause every queue and flood it with spike traffic."""
        while self.now < float(now):
            self._step_to(min(float(now), self.now + MAX_STEP_S))

    def _step_to(self, now):
        prev = self.now
        self.now = now
        self._maybe_start_spike(prev, now)
        fresh = []
        for ch in self.channels:
            for t, sentiment in ch.step(prev, now):
                # spikes flood the ticker with the angry ones, as on a real bad day
                keep = 0.5 if (ch.spiking(now) and sentiment == "negative") else 0.2
                if self.rng.random() < keep:
                    fresh.append((t, self._mention(ch, t, sentiment)))
            self._update_alerts(ch, now)
        # channels are stepped one after another; the ticker wants time order
        self.latest.extend(m for _, m in sorted(fresh, key=lambda tm: tm[0]))

    def _maybe_start_spike(self, prev, now):
        if any(ch.spiking(now) for ch in self.channels):
            return
        if self.rng.random() < (now - prev) / self.spike_every_s:
            weights = [ch.p.rate_h for ch in self.channels]
            ch = self.rng.choices(self.channels, weights)[0]
            ch.spike_until = now + self.rng.uniform(90, 240)

    def _update_alerts(self, ch, now):
        share, total = ch.negative_share(now)
        key = ("sentiment_spike", ch.p.id)
        # hysteresis: raised at 35%, cleared below 28%, so it does not flicker
        if total >= 20 and (share >= 0.35 or (key in self.alerts and share >= 0.28)):
            self._raise("sentiment_spike", ch.p.id, "critical", now,
                        "Negatieve piek op %s: %d%% negatief in het laatste kwartier"
                        % (ch.p.label, round(share * 100)))
        else:
            self._clear(*key)
        oldest_wait = now - ch.queue[0][0] if ch.queue else 0
        if oldest_wait > ch.p.target_s:
            self._raise("queue", ch.p.id, "warning", ch.queue[0][0] + ch.p.target_s,
                        "Wachtrij %s: oudste bericht wacht al %d min (norm %d min)"
                        % (ch.p.label, oldest_wait // 60, ch.p.target_s // 60))
        else:
            self._clear("queue", ch.p.id)

    def document(self):
        severity_rank = {"critical": 0, "warning": 1, "info": 2}
        alerts = sorted(self.alerts.values(),
                        key=lambda a: (severity_rank[a["severity"]], a["since"]))
        return {
            "version": 1,
            "generated_at": rfc3339(self.now),
            "title": self.title,
            "channels": [ch.document(self.now) for ch in self.channels],
            "alerts": alerts,
            "latest": list(reversed(self.latest)),  # newest first
        }


# --- What gets served ----------------------------------------------------------

def encode_document(doc):
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def etag_of(body):
    return '"%s"' % hashlib.sha256(body).hexdigest()[:20]


class FeedSource:
    """Everything the handlers share, behind one lock: the model (advanced only
    on tick boundaries, so the body and its ETag are stable within a tick), the
    static document, the fault switch and the log of recent requests."""

    def __init__(self, model, tick_s, start, fault="none", slow_s=10.0, static_body=None):
        self.lock = threading.Lock()
        self.model = model
        self.tick_s = tick_s
        self.start = start
        self.tick = 0
        self.fault = fault
        self.slow_s = slow_s
        self.static_body = static_body
        self.generated_body = encode_document(model.document())
        self.requests = collections.deque(maxlen=REQUEST_LOG_KEEP)

    def current_body(self, now):
        with self.lock:
            if self.static_body is not None:
                return self.static_body
            tick = int((now - self.start) // self.tick_s)
            if tick > self.tick:
                self.tick = tick
                self.model.step(self.start + tick * self.tick_s)
                self.generated_body = encode_document(self.model.document())
            return self.generated_body

    def state(self):
        with self.lock:
            return {"fault": self.fault, "slow_s": self.slow_s,
                    "static": self.static_body is not None, "tick": self.tick,
                    "tick_s": self.tick_s, "faults": sorted(FAULTS)}

    def control(self, request):
        """Applies a POST /_control body; returns an error string or None."""
        if not isinstance(request, dict):
            return "expected a JSON object"
        unknown = set(request) - {"fault", "document", "slow_s"}
        if unknown:
            return "unknown keys: " + ", ".join(sorted(unknown))
        fault = request.get("fault", None)
        if fault is not None and fault not in FAULTS:
            return "unknown fault %r; one of: %s" % (fault, ", ".join(sorted(FAULTS)))
        slow_s = request.get("slow_s", None)
        if slow_s is not None and (not isinstance(slow_s, (int, float)) or slow_s < 0):
            return "slow_s must be a number >= 0"
        with self.lock:
            if fault is not None:
                self.fault = fault
            if slow_s is not None:
                self.slow_s = float(slow_s)
            if "document" in request:
                doc = request["document"]
                # null switches back to generated data
                self.static_body = None if doc is None else encode_document(doc)
        return None

    def log_request(self, entry):
        with self.lock:
            self.requests.append(entry)

    def recent_requests(self):
        with self.lock:
            return [dict(e) for e in self.requests]

    def set_status(self, entry, status):
        with self.lock:
            entry["status"] = status

    def clear_requests(self):
        with self.lock:
            self.requests.clear()


def accepts_gzip(header):
    """True when Accept-Encoding lists gzip without q=0."""
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        if fields[0].lower() not in ("gzip", "x-gzip", "*"):
            continue
        q = next((f[2:] for f in fields[1:] if f.lower().startswith("q=")), "1")
        try:
            return float(q) > 0
        except ValueError:
            return False
    return False


def etag_matches(if_none_match, etag):
    """If-None-Match uses weak comparison (RFC 9110 13.1.2): W/ is ignored."""
    if if_none_match is None:
        return False
    tags = [t.strip() for t in if_none_match.split(",")]
    if "*" in tags:
        return True
    return any((t[2:] if t.startswith("W/") else t) == etag for t in tags)


HTML_ERROR_PAGE = ("<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"
                   "<body><h1>502 Bad Gateway</h1><p>De proxy kon de upstream server niet "
                   "bereiken.</p></body></html>\n").encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    """Serves /feed and the /_control endpoints. HTTP/1.1 with keep-alive, as the
    real API behind a load balancer would, so the client's reuse gets tested."""

    protocol_version = "HTTP/1.1"
    server_version = "feedsim/1"

    # set on the class by make_server()
    source = None
    token = None
    quiet = False
    # the request log entry of the /feed request being answered, if any
    entry = None

    def log_message(self, fmt, *args):
        if not self.quiet:
            sys.stderr.write("feedsim: %s %s\n" % (self.address_string(), fmt % args))

    def send_response(self, code, message=None):
        # recorded before the answer goes out, so a client that has its answer
        # always finds the status in GET /_control/requests
        self._record_status(code)
        super().send_response(code, message)

    def _record_status(self, status):
        if self.entry is not None:
            self.source.set_status(self.entry, status)

    def _send(self, status, body, content_type="application/json", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_json(self, status, obj, headers=()):
        self._send(status, encode_document(obj), headers=headers)

    def _read_json_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        try:
            return json.loads(self.rfile.read(length).decode("utf-8")), None
        except (ValueError, UnicodeDecodeError) as e:
            return None, "body is not JSON: %s" % e

    # --- routing

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/feed":
            self._serve_feed()
        elif path == "/_control":
            self._send_json(200, self.source.state())
        elif path == "/_control/requests":
            self._send_json(200, {"requests": self.source.recent_requests()})
        else:
            self._send_json(404, {"error": "not found; the feed is at /feed"})

    do_HEAD = do_GET

    def do_POST(self):
        if self.path != "/_control":
            self._send_json(404, {"error": "not found; POST goes to /_control"})
            return
        request, error = self._read_json_body()
        error = error or self.source.control(request)
        if error:
            self._send_json(400, {"error": error})
        else:
            self._send_json(200, self.source.state())

    def do_DELETE(self):
        if self.path == "/_control/requests":
            self.source.clear_requests()
            self._send_json(200, {"requests": []})
        else:
            self._send_json(404, {"error": "not found"})

    # --- the feed

    def _serve_feed(self):
        entry = {"at": rfc3339(time.time()), "method": self.command, "path": self.path,
                 "headers": {k.lower(): v for k, v in self.headers.items()}, "status": None}
        self.source.log_request(entry)
        self.entry = entry
        try:
            self._answer_feed()
        finally:
            self.entry = None

    def _answer_feed(self):
        if self.token is not None and \
                self.headers.get("Authorization") != "Bearer " + self.token:
            self._send_json(401, {"error": "missing or wrong bearer token"},
                            headers=[("WWW-Authenticate", 'Bearer realm="feed"')])
            return
        fault = self.source.fault
        body = self.source.current_body(time.time())
        if fault == "none" or not self._serve_fault(fault, body):
            self._serve_document(body)

    def _serve_document(self, body):
        """Conditional GET and gzip on top of a JSON body."""
        headers = []
        if accepts_gzip(self.headers.get("Accept-Encoding")):
            body = gzip.compress(body, mtime=0)  # mtime 0: same bytes, same ETag
            headers.append(("Content-Encoding", "gzip"))
        headers.append(("Vary", "Accept-Encoding"))
        etag = etag_of(body)
        headers.append(("ETag", etag))
        if etag_matches(self.headers.get("If-None-Match"), etag):
            self.send_response(304)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._send(200, body, headers=headers)

    def _serve_fault(self, fault, body):
        """Misbehaves as the fault says; returns True when it has answered, False
        to go on and serve the document normally (after a delay, for "slow")."""
        if fault == "slow":
            time.sleep(self.source.slow_s)
            return False
        if fault == "http500":
            self._send_json(500, {"error": "internal server error (simulated)"})
        elif fault == "http503":
            self._send_json(503, {"error": "maintenance (simulated)"},
                            headers=[("Retry-After", "30")])
        elif fault == "reset":
            self._record_status(0)  # logged as 0: no answer at all
            self.close_connection = True
        elif fault == "truncated":
            self._send_truncated(body)
        elif fault == "wrong_content_type":
            self._send(200, HTML_ERROR_PAGE, content_type="text/html; charset=utf-8")
        else:
            self._serve_document(self._faulty_body(fault, body))
        return True

    def _send_truncated(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[:len(body) // 2])
        self.wfile.flush()
        self.close_connection = True

    @staticmethod
    def _faulty_body(fault, body):
        if fault == "malformed":
            text = body.decode("utf-8")
            return text[:len(text) // 2].encode("utf-8")  # cut on a character
        doc = json.loads(body.decode("utf-8"))
        if fault == "oversized":
            # whitespace is valid JSON anywhere between tokens: still a valid
            # document, just too big for any sane client limit
            return b"{" + b" " * OVERSIZE_BYTES + body.lstrip()[1:]
        if fault == "invalid":
            if doc.get("channels"):
                doc["channels"][0]["mentions"]["today"] = -5
            else:
                doc["channels"] = "none"
        elif fault == "wrong_version":
            doc["version"] = 2
        return encode_document(doc)


# --- Running it ----------------------------------------------------------------

def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="feedsim.py",
        description="Serve simulated wallboard feed v1 data on http://HOST:PORT/feed. "
                    "Prints one line 'feedsim listening on http://HOST:PORT/feed' once "
                    "it accepts connections.",
        epilog="faults: " + "; ".join("%s: %s" % kv for kv in FAULTS.items()) +
               ". Control at run time: POST /_control {\"fault\": NAME} or "
               "{\"document\": {...}} (null: back to generated data) or {\"slow_s\": N}; "
               "GET /_control/requests lists recent /feed requests with their headers; "
               "DELETE /_control/requests clears that list.")
    ap.add_argument("--port", type=int, default=8080, help="TCP port; 0 picks a free one "
                    "(default 8080)")
    ap.add_argument("--bind", default="127.0.0.1", help="address to listen on "
                    "(default 127.0.0.1; the control endpoint has no authentication)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--tick-s", type=float, default=5.0,
                    help="the document changes at most once per this many seconds, so "
                         "ETag/304 behave like a real API (default 5)")
    ap.add_argument("--channels", type=int, default=6,
                    help="number of channels, 1..%d (default 6)" % MAX_CHANNELS)
    ap.add_argument("--title", default="Webcare NL (simulator)", help="the feed's title")
    ap.add_argument("--spike-every-s", type=float, default=3600.0,
                    help="mean seconds between negative sentiment spikes (default 3600)")
    ap.add_argument("--token", help="require 'Authorization: Bearer TOKEN' on /feed")
    ap.add_argument("--fault", default="none", choices=sorted(FAULTS),
                    help="start with this fault switched on (default none)")
    ap.add_argument("--slow-s", type=float, default=10.0,
                    help="delay of the 'slow' fault in seconds (default 10)")
    ap.add_argument("--static", metavar="FILE",
                    help="serve this file byte for byte instead of generated data")
    ap.add_argument("--quiet", action="store_true", help="no per-request log on stderr")
    args = ap.parse_args(argv)
    if not 1 <= args.channels <= MAX_CHANNELS:
        ap.error("--channels must be 1..%d" % MAX_CHANNELS)
    if args.tick_s < 0.1:
        ap.error("--tick-s must be at least 0.1")
    if not 0 <= args.port <= 65535:
        ap.error("--port must be 0..65535")
    return args


def make_server(args, source):
    handler = type("FeedHandler", (Handler,),
                   {"source": source, "token": args.token, "quiet": args.quiet})
    server = ThreadingHTTPServer((args.bind, args.port), handler, bind_and_activate=False)
    server.allow_reuse_address = True  # restart on the same port while old sockets linger
    # a "slow" request must not hold up shutdown
    server.daemon_threads = True
    server.block_on_close = False
    server.server_bind()
    server.server_activate()
    return server


def main(argv):
    args = parse_args(argv)
    static_body = None
    if args.static:
        try:
            with open(args.static, "rb") as f:
                static_body = f.read()
        except OSError as e:
            sys.exit("feedsim: can't read --static file: %s" % e)
    start = time.time()
    model = FeedModel(args.seed, start, args.channels, args.title, args.spike_every_s)
    source = FeedSource(model, args.tick_s, start, args.fault, args.slow_s, static_body)
    try:
        server = make_server(args, source)
    except OSError as e:
        sys.exit("feedsim: can't listen on %s:%d: %s" % (args.bind, args.port, e))

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    # serve_forever runs on a thread so the main thread is free to wait for a
    # signal; shutdown() from a handler on the serving thread would deadlock
    serving = threading.Thread(target=server.serve_forever, name="feedsim-http")
    serving.start()
    host, port = server.server_address[:2]
    print("feedsim listening on http://%s:%d/feed" % (host, port), flush=True)
    stop.wait()
    server.shutdown()
    serving.join()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
