"""The feed simulator on its own: the data model (driven with injected time) and
the HTTP behaviour the wallboard tests rely on (ETag/304, gzip, token, faults,
static documents, the request log, ports and signals), checked with urllib."""

import datetime
import gzip
import http.client
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import unittest

import harness
from harness import CHANNEL_IDS, feed_problems, http_request, parse_time

# 09:00 in Amsterdam on a weekday: four simulated hours never cross midnight
START = datetime.datetime(2026, 11, 23, 8, 0, tzinfo=datetime.timezone.utc).timestamp()
STEP_S = 5


def load_feedsim():
    spec = importlib.util.spec_from_file_location("feedsim", harness.PATHS["feedsim"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sla_state(channel, now):
    """ok / amber / breached / idle as the board would show it (warn ratio 0.75)."""
    oldest = channel["sla"]["oldest_unanswered_at"]
    if oldest is None:
        return "idle"
    ratio = (now - parse_time(oldest).timestamp()) / channel["sla"]["target_s"]
    return "ok" if ratio < 0.75 else "amber" if ratio < 1 else "breached"


class ModelTest(unittest.TestCase):
    """FeedModel with time passed in: four hours of a working day in 5 s steps."""

    @classmethod
    def setUpClass(cls):
        cls.feedsim = load_feedsim()
        model = cls.feedsim.FeedModel(seed=1, start=START)
        cls.docs = [model.document()]
        for i in range(1, 4 * 3600 // STEP_S + 1):
            model.step(START + i * STEP_S)
            cls.docs.append(model.document())

    def test_every_document_keeps_the_contract(self):
        for doc in self.docs[::60]:
            self.assertEqual(feed_problems(doc), [], doc["generated_at"])
        self.assertEqual([c["id"] for c in self.docs[0]["channels"]], CHANNEL_IDS)

    def test_counts_grow(self):
        for i in range(len(CHANNEL_IDS)):
            today = [d["channels"][i]["mentions"]["today"] for d in self.docs]
            self.assertEqual(today, sorted(today), CHANNEL_IDS[i])
            self.assertGreater(today[-1], today[0], CHANNEL_IDS[i])

    def test_sentiment_counts_the_last_hour(self):
        for doc in self.docs[::120]:
            for ch in doc["channels"]:
                self.assertEqual(sum(ch["sentiment"].values()), ch["mentions"]["last_hour"])

    def test_sla_timers_move_through_every_state(self):
        seen = set()
        for doc in self.docs:
            now = parse_time(doc["generated_at"]).timestamp()
            seen.update(sla_state(ch, now) for ch in doc["channels"])
        self.assertTrue({"ok", "amber", "breached"} <= seen, seen)

    def test_breached_queues_get_answered(self):
        recovered = 0
        for before, after in zip(self.docs, self.docs[1:]):
            now = parse_time(after["generated_at"]).timestamp()
            for b, a in zip(before["channels"], after["channels"]):
                if sla_state(b, now - STEP_S) == "breached" and \
                        sla_state(a, now) in ("ok", "amber", "idle"):
                    recovered += 1
        self.assertGreater(recovered, 0)

    def test_negative_spike_raises_and_clears_a_critical_alert(self):
        active = [any(a["kind"] == "sentiment_spike" and a["severity"] == "critical"
                      for a in d["alerts"]) for d in self.docs]
        self.assertIn(True, active)
        first = active.index(True)
        self.assertIn(False, active[first:], "the spike alert never cleared")

    def test_ticker_has_dutch_and_english_with_accents_and_emoji(self):
        texts = {m["text"] for d in self.docs for m in d["latest"]}
        joined = " ".join(texts)
        self.assertTrue(any(w in joined for w in ("wacht", "bestelling", "één")))
        self.assertTrue(any(w in joined for w in ("refund", "order", "thanks")))
        self.assertIn("€", joined)
        self.assertTrue(any(ord(c) > 0xFFFF for c in joined), "no emoji")
        self.assertTrue(any(c in joined for c in "éëïö"), "no accents")

    def test_seed_makes_it_repeatable(self):
        make = self.feedsim.FeedModel
        self.assertEqual(make(seed=5, start=START).document(), make(seed=5, start=START).document())
        self.assertNotEqual(make(seed=5, start=START).document()["channels"],
                            make(seed=6, start=START).document()["channels"])

    def test_extra_channels(self):
        doc = self.feedsim.FeedModel(seed=1, start=START, n_channels=64).document()
        self.assertEqual(feed_problems(doc), [])
        self.assertEqual(len(doc["channels"]), 64)
        self.assertEqual([c["id"] for c in doc["channels"][:6]], CHANNEL_IDS)

    def test_a_long_gap_is_replayed_in_short_steps(self):
        # one call covering two idle hours must give the same board as being
        # asked every minute, not one giant step that pauses every queue
        at_once = self.feedsim.FeedModel(seed=2, start=START)
        at_once.step(START + 2 * 3600)
        stepwise = self.feedsim.FeedModel(seed=2, start=START)
        for minute in range(1, 121):
            stepwise.step(START + minute * 60)
        self.assertEqual(at_once.document(), stepwise.document())

    def test_body_changes_only_on_tick_boundaries(self):
        model = self.feedsim.FeedModel(seed=1, start=START)
        source = self.feedsim.FeedSource(model, tick_s=5, start=START)
        first = source.current_body(START + 1)
        self.assertEqual(source.current_body(START + 4.9), first)
        self.assertNotEqual(source.current_body(START + 5), first)


class ServerTest(harness.ProcTestCase):
    """The simulator over HTTP."""

    def get(self, sim, **headers):
        return http_request(sim.url, headers=headers)

    def test_serves_a_valid_document_with_an_etag(self):
        sim = self.feedsim("--tick-s", "3600")
        status, headers, body = self.get(sim)
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/json")
        self.assertRegex(headers["ETag"], r'^"[0-9a-f]+"$')
        doc = json.loads(body)
        self.assertEqual(feed_problems(doc), [])
        self.assertEqual([c["id"] for c in doc["channels"]], CHANNEL_IDS)
        self.assertEqual(self.get(sim)[1]["ETag"], headers["ETag"], "changed within a tick")

    def test_if_none_match_gives_304(self):
        sim = self.feedsim("--tick-s", "3600")
        etag = self.get(sim)[1]["ETag"]
        for sent in (etag, "W/" + etag, '"other", ' + etag, "*"):
            status, headers, body = self.get(sim, **{"If-None-Match": sent})
            self.assertEqual((status, body), (304, b""), sent)
            self.assertEqual(headers["ETag"], etag)
        self.assertEqual(self.get(sim, **{"If-None-Match": '"other"'})[0], 200)

    def test_gzip_when_asked(self):
        sim = self.feedsim("--tick-s", "3600")
        plain = self.get(sim)
        status, headers, body = self.get(sim, **{"Accept-Encoding": "gzip, deflate"})
        self.assertEqual((status, headers["Content-Encoding"]), (200, "gzip"))
        self.assertEqual(gzip.decompress(body), plain[2])
        self.assertNotEqual(headers["ETag"], plain[1]["ETag"], "same ETag for two encodings")
        again = self.get(sim, **{"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]})
        self.assertEqual(again[0], 304)
        self.assertIsNone(self.get(sim, **{"Accept-Encoding": "gzip;q=0"})[1]["Content-Encoding"])

    def test_token(self):
        sim = self.feedsim("--token", "s3cret")
        for headers in ({}, {"Authorization": "Bearer wrong"}):
            status, resp_headers, body = self.get(sim, **headers)
            self.assertEqual(status, 401, headers)
            self.assertIn("error", json.loads(body))
            self.assertTrue(resp_headers["WWW-Authenticate"].startswith("Bearer"))
        self.assertEqual(self.get(sim, Authorization="Bearer s3cret")[0], 200)

    def test_fault_responses(self):
        sim = self.feedsim("--tick-s", "3600")
        good = json.loads(self.get(sim)[2])
        cases = {
            "http500": lambda s, h, b: s == 500 and "error" in json.loads(b),
            "http503": lambda s, h, b: s == 503 and h["Retry-After"] == "30",
            "malformed": lambda s, h, b: s == 200 and not_json(b),
            "oversized": lambda s, h, b: s == 200 and len(b) > 2 * 1024 * 1024
            and json.loads(b) == good,
            "wrong_content_type": lambda s, h, b: s == 200
            and h["Content-Type"].startswith("text/html") and b.startswith(b"<!DOCTYPE html>"),
            "invalid": lambda s, h, b: json.loads(b)["channels"][0]["mentions"]["today"] == -5,
            "wrong_version": lambda s, h, b: json.loads(b)["version"] == 2,
            "none": lambda s, h, b: s == 200 and json.loads(b) == good,
        }
        for fault, ok in cases.items():
            with self.subTest(fault=fault):
                self.assertEqual(sim.control(fault=fault)["fault"], fault)
                status, headers, body = self.get(sim)
                self.assertTrue(ok(status, headers, body), (status, dict(headers), body[:200]))

    def test_truncated_and_reset_break_the_transfer(self):
        sim = self.feedsim()
        sim.control(fault="truncated")
        with self.assertRaises(http.client.IncompleteRead):
            self.get(sim)
        sim.control(fault="reset")
        with self.assertRaises(http.client.RemoteDisconnected):
            self.get(sim)

    def test_slow_delays_the_answer(self):
        sim = self.feedsim("--fault", "slow", "--slow-s", "60")
        with self.assertRaises((socket.timeout, TimeoutError)):
            http_request(sim.url, timeout=0.5)
        sim.control(fault="none")
        self.assertEqual(self.get(sim)[0], 200)

    def test_fault_at_start_and_bad_control(self):
        sim = self.feedsim("--fault", "http500")
        self.assertEqual(self.get(sim)[0], 500)
        for bad in ({"fault": "nonsense"}, {"colour": "red"}, {"slow_s": -1}):
            status, _, body = http_request(sim.base + "/_control", data=bad)
            self.assertEqual(status, 400, bad)
            self.assertIn("error", json.loads(body))

    def test_static_file_and_replaced_document(self):
        path = os.path.join(self.tmp, "doc.json")
        fixed = b'{"version": 1, "generated_at": "2026-11-23T09:15:02Z", "channels": []}'
        with open(path, "wb") as f:
            f.write(fixed)
        sim = self.feedsim("--static", path)
        status, headers, body = self.get(sim)
        self.assertEqual((status, body), (200, fixed))
        replacement = {"version": 1, "generated_at": "2026-11-23T10:00:00Z", "title": "Café ☕",
                       "channels": [{"id": "webchat", "mentions": {"today": 1, "last_hour": 1},
                                     "unanswered": 0}]}
        sim.control(document=replacement)
        status, new_headers, body = self.get(sim)
        self.assertEqual(json.loads(body), replacement)
        self.assertNotEqual(new_headers["ETag"], headers["ETag"])
        sim.control(document=None)
        self.assertEqual(json.loads(self.get(sim)[2])["title"], "Webcare NL (simulator)")

    def test_request_log_shows_headers(self):
        sim = self.feedsim("--tick-s", "3600")
        etag = self.get(sim, Authorization="Bearer abc", **{"If-None-Match": '"x"'})[1]["ETag"]
        http_request(sim.base + "/_control")  # control traffic is not logged
        self.get(sim, **{"If-None-Match": etag})
        sim.control(fault="reset")
        with self.assertRaises(http.client.RemoteDisconnected):
            self.get(sim)
        logged = sim.requests()
        self.assertEqual(len(logged), 3)
        self.assertEqual(logged[0]["headers"]["authorization"], "Bearer abc")
        self.assertEqual(logged[0]["headers"]["if-none-match"], '"x"')
        # the status is logged before the answer is sent, so it is always there
        self.assertEqual([r["status"] for r in logged], [200, 304, 0])
        http_request(sim.base + "/_control/requests", method="DELETE")
        self.assertEqual(sim.requests(), [])

    def test_channels_option(self):
        sim = self.feedsim("--channels", "20")
        self.assertEqual(len(json.loads(self.get(sim)[2])["channels"]), 20)
        done = subprocess.run([sys.executable, harness.PATHS["feedsim"], "--channels", "65"],
                              capture_output=True, text=True, timeout=30)
        self.assertEqual(done.returncode, 2)
        self.assertIn("--channels must be 1..64", done.stderr)

    def test_restart_on_the_same_port_and_clean_exit(self):
        first = self.feedsim()
        self.get(first)  # leaves a connection behind in TIME_WAIT
        self.assertEqual(first.stop(signal.SIGTERM), 0)
        second = self.feedsim(port=first.port)
        self.assertEqual(second.port, first.port)
        self.assertEqual(self.get(second)[0], 200)
        self.assertEqual(second.stop(signal.SIGINT), 0)

    def test_help(self):
        done = subprocess.run([sys.executable, harness.PATHS["feedsim"], "--help"],
                              capture_output=True, text=True, timeout=30)
        self.assertEqual(done.returncode, 0)
        for word in ("--port", "--token", "--fault", "--static", "/_control", "truncated"):
            self.assertIn(word, done.stdout)


def not_json(body):
    try:
        json.loads(body)
    except ValueError:
        return True
    return False


if __name__ == "__main__":
    harness.main()
