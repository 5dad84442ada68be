"""What the board writes to the SD card in steady state: the last good
document goes to the state directory when it changed and at most once every
feed.cache_interval_s (the first at once, the newest pending one at SIGTERM),
and the journal gets a line when the feed's state changes, not one per poll.
The feed simulator changes its document faster than the board polls, so
every poll brings a new one."""

import os
import re
import threading
import time

import harness
from harness import (FAILING_RE, OK_RE, RECOVERED_RE, UPDATED_RE, updated_etag,
                     write_config)
from test_api import Api

CACHE = "last-good-feed.json.cache"


class SdWritesTest(harness.ProcTestCase):

    def cache_etag(self):
        """The ETag in the cache file's header line, or None without a cache."""
        path = os.path.join(self.state_dir, CACHE)
        if not os.path.exists(path):
            return None
        with open(path, "rb") as f:
            header = f.readline().decode()
        match = re.match(r"^wallboard-cache 1 \d+ (.*)\n$", header)
        self.assertIsNotNone(match, header)
        return match.group(1)

    def board(self, cache_interval_s, log_polls=True):
        sim = self.feedsim("--tick-s", "0.25")  # a new document for every poll
        config = write_config(self.tmp, feed={"cache_interval_s": cache_interval_s})
        return sim, self.wallboard(sim.url, config=config, log_polls=log_polls)

    def pin_document(self, sim, title):
        """Serves one fixed document from now on and returns its ETag, so the
        newest document the board can have is known (a poll already under way
        may still bring an older one)."""
        sim.control(document={"version": 1, "generated_at": "2026-11-23T10:00:00Z", "title": title,
                              "channels": [{"id": "webchat", "mentions": {"today": 1, "last_hour": 1},
                                            "unanswered": 0}]})
        # gzip, as the board asks for it: the ETag is the compressed body's.
        return harness.http_request(sim.url, headers={"Accept-Encoding": "gzip"})[1]["ETag"]

    def wait_updated_to(self, wb, etag):
        return wb.wait_for(r"^wallboard: feed: updated: \d+ channels \(HTTP 200, etag %s\)$"
                           % re.escape(etag))

    def test_a_long_interval_writes_the_first_document_and_the_last_at_exit(self):
        sim, wb = self.board(3600)
        first = updated_etag(wb.wait_for(UPDATED_RE))
        self.assertEqual(self.cache_etag(), first)  # the first one at once
        etags = [first]
        for _ in range(3):
            etags.append(updated_etag(wb.wait_for(UPDATED_RE)))
            self.assertEqual(self.cache_etag(), first, "written again within the interval")
        self.assertEqual(len(set(etags)), len(etags), "the feed did not change every poll: %r" % etags)
        # The document stops changing, so "the newest" does not move on
        # between the last look and the SIGTERM.
        newest = self.pin_document(sim, "newest")
        self.wait_updated_to(wb, newest)
        self.assertEqual(self.cache_etag(), first, "written again within the interval")
        self.assertEqual(wb.stop(), 0)
        self.assertEqual(self.cache_etag(), newest, "the newest document was not kept at exit")

    def test_zero_writes_every_change(self):
        sim, wb = self.board(0)
        for title in ("one", "two", "three"):
            etag = self.pin_document(sim, title)
            self.wait_updated_to(wb, etag)
            # Written before the poll is handed to the main thread, which logs
            # it; the document stays as it is until the next title, so no
            # later write can stand in its place.
            self.assertEqual(self.cache_etag(), etag)

    def wait_status(self, api, what, check):
        deadline = time.monotonic() + harness.WAIT_S
        pause = threading.Event()
        while True:
            status = api.status()
            if check(status):
                return status
            if time.monotonic() > deadline:
                raise AssertionError("status never showed %s; last: %r" % (what, status["feed"]))
            pause.wait(0.2)

    def test_the_log_says_changes_of_state_not_every_poll(self):
        sim, wb = self.board(900, log_polls=False)
        wb.wait_for(OK_RE)
        api = Api(wb.api())
        self.wait_status(api, "4 polls", lambda s: s["feed"]["polls_ok"] >= 4)

        def feed_lines():
            with wb.cond:
                return [t for _, t in wb.lines if t.startswith("wallboard: feed:")]
        self.assertEqual(len(feed_lines()), 1, feed_lines())

        sim.control(fault="http500")
        self.wait_status(api, "2 failed polls", lambda s: s["feed"]["polls_failed"] >= 2)
        self.assertEqual(wb.wait_for(FAILING_RE).group(1), "http")
        self.assertEqual(len(feed_lines()), 2, feed_lines())

        # Another kind of failure is a line of its own; the count goes on.
        sim.control(fault="malformed")
        self.assertEqual(wb.wait_for(FAILING_RE).group(1), "invalid")
        self.assertEqual(len(feed_lines()), 3, feed_lines())

        sim.control(fault="none")
        recovered = wb.wait_for(RECOVERED_RE)
        failed = api.status()["feed"]["polls_failed"]
        self.assertEqual(int(recovered.group(1)), failed, "not every failed poll since the last ok")
        self.assertEqual(len(feed_lines()), 4, feed_lines())


if __name__ == "__main__":
    harness.main()
