"""The real wallboard against the simulator while it is up: first data, 304s,
the bearer token, and every kind of bad answer reported with a clear reason
while the last good data stays on the board (checked through status.json)."""

import json

import harness
from harness import (CHANNEL_IDS, ERROR_RE, FIRST_FRAME_RE, NOT_MODIFIED_RE, STALE_RE,
                     UPDATED_RE, http_request, updated_etag, write_config)
from test_api import Api
from test_display_wait import wait_until

RECOVERED_RE = r"^wallboard: feed: (updated|not modified)"

# a tick longer than any test: the document (and its ETag) holds still
STILL = ("--tick-s", "3600")


class FeedTest(harness.ProcTestCase):

    def start(self, *sim_args, feed=None, display=None, wb_args=()):
        sim = self.feedsim(*sim_args)
        wb = self.wallboard(sim.url, *wb_args, config=write_config(self.tmp, feed, display))
        return sim, wb

    def served_etag(self, sim):
        """The ETag the simulator gives for the encoding the wallboard asked for."""
        asked = sim.feed_requests()[-1]["headers"].get("accept-encoding", "identity")
        return http_request(sim.url, headers={"Accept-Encoding": asked})[1]["ETag"]

    def assert_board_has_data(self, status, etag=None):
        self.assertEqual(status["channels"], CHANNEL_IDS, status)
        self.assertEqual(status["title"], "Webcare NL (simulator)")
        if etag is not None:
            self.assertEqual(status["etag"], etag)

    def test_first_data_appears(self):
        sim, wb = self.start(*STILL)
        match = wb.wait_for(UPDATED_RE)
        self.assertEqual(int(match.group(1)), 6)
        etag = updated_etag(match)
        self.assertEqual(etag, self.served_etag(sim))
        wb.wait_for(FIRST_FRAME_RE)
        status = wb.dump()
        self.assert_board_has_data(status, etag)
        self.assertEqual(status["conn"], "online")
        self.assertFalse(status["stale"])
        doc = json.loads(http_request(sim.url)[2])
        self.assertEqual(status["generated_at"], doc["generated_at"])
        self.assertEqual((status["layout"]["width"], status["layout"]["height"]), (1280, 720))

    def test_304_keeps_the_data(self):
        sim, wb = self.start(*STILL)
        etag = updated_etag(wb.wait_for(UPDATED_RE))
        wb.wait_for(NOT_MODIFIED_RE)
        sent = [r["headers"].get("if-none-match") for r in sim.feed_requests()]
        self.assertIn(etag, sent, "the wallboard never sent If-None-Match with its ETag")
        self.assertEqual(sent[0], None, "If-None-Match on the very first request")
        status = wb.dump()
        self.assert_board_has_data(status, etag)
        self.assertEqual(status["conn"], "online")
        self.assertFalse(status["stale"])

    def test_token_from_the_command_line(self):
        sim, wb = self.start("--token", "s3cret", wb_args=("--token", "s3cret"))
        wb.wait_for(UPDATED_RE)
        self.assertEqual(sim.feed_requests()[0]["headers"].get("authorization"),
                         "Bearer s3cret")

    def test_token_from_the_config_file(self):
        sim, wb = self.start("--token", "s3cret", feed={"token": "s3cret"})
        wb.wait_for(UPDATED_RE)
        self.assertEqual(sim.feed_requests()[0]["headers"].get("authorization"),
                         "Bearer s3cret")

    def test_missing_token_is_http_401(self):
        sim, wb = self.start("--token", "s3cret")
        self.assertIn("HTTP 401", wb.wait_for(ERROR_RE).group(1))
        self.assertNotIn("authorization", sim.feed_requests()[0]["headers"])
        status = wb.dump()
        self.assertEqual(status["conn"], "offline")
        # The start screen (no data yet) says it in words, in the board's
        # language (nl by default), with the remedy on a line of its own...
        self.assertEqual(status["status_line"], "De feed weigert het token (401)")
        self.assertEqual(status["stale_reason"], "De feed weigert het token (401)")
        self.assertEqual(status["stale_remedy"], "controleer feed.token")
        # ... while the API keeps the raw text for admins.
        api = Api(wb.api())
        last = wait_until("the failure in /api/v1/status", lambda: api.status()["feed"]["last_error"])
        self.assertEqual(last, "HTTP 401")

    def test_server_error_after_data_is_worded_in_the_stale_bar(self):
        sim, wb = self.start(*STILL, display={"language": "fr"})
        wb.wait_for(UPDATED_RE)
        sim.control(fault="http503")
        self.assertEqual(wb.wait_for(STALE_RE, timeout=40).group(3), "HTTP 503")  # the log: raw
        status = wb.dump()
        self.assertTrue(status["stale"])
        self.assertGreater(status["layout"]["stale_bar"]["h"], 0, "no stale bar on screen")
        self.assertEqual(status["stale_reason"], "Panne du serveur du flux (503)")
        self.assertEqual(status["stale_remedy"], "pr\u00e9venez le fournisseur")

    def check_fault(self, fault, reason_re, sim_args=(), feed=None):
        """Good data first, then the fault: an error line with a reason matching
        reason_re, the board still showing the old document, and recovery once
        the fault is switched off."""
        sim, wb = self.start(*(STILL + tuple(sim_args)), feed=feed)
        etag = updated_etag(wb.wait_for(UPDATED_RE))
        sim.control(fault=fault)
        reason = wb.wait_for(ERROR_RE).group(1)
        self.assertRegex(reason, reason_re)
        status = wb.dump()
        self.assert_board_has_data(status, etag)
        self.assertEqual(status["conn"], "offline")
        sim.control(fault="none")
        wb.wait_for(RECOVERED_RE, timeout=30)
        self.assertEqual(wb.dump()["conn"], "online")

    def test_http500(self):
        self.check_fault("http500", r"HTTP 500")

    def test_malformed_json(self):
        self.check_fault("malformed", r"^invalid feed: \$: invalid JSON at byte \d+$")

    def test_truncated_body(self):
        # curl's CURLE_PARTIAL_FILE: fewer bytes than Content-Length promised,
        # in the words of curl 7.88 (Debian 12) and of curl 8.14 (Debian 13).
        self.check_fault("truncated", r"^(transfer closed with \d+ bytes remaining to read"
                                      r"|end of response with \d+ bytes missing)$")

    def test_oversized_body(self):
        self.check_fault("oversized", r"response larger than 1048576 bytes")

    def test_wrong_content_type(self):
        # The content-type check itself, not the JSON parser failing on HTML
        # behind it (which is what would be left without the check).
        self.check_fault("wrong_content_type",
                         r"^unexpected content type text/html; charset=utf-8 \(expected application/json\)$")

    def test_document_breaking_the_contract(self):
        self.check_fault("invalid", r"\$\.channels\[0\]\.mentions\.today")

    def test_unsupported_version(self):
        self.check_fault("wrong_version", r"(?i)version")

    def test_connection_closed_without_an_answer(self):
        # The simulator's "reset" fault closes the connection before any
        # byte of an answer: curl's CURLE_GOT_NOTHING.
        self.check_fault("reset", r"^Empty reply from server$")

    def test_slow_server_times_out(self):
        self.check_fault("slow", r"^Operation timed out after \d+ milliseconds", sim_args=("--slow-s", "30"),
                         feed={"timeout_s": 2})


if __name__ == "__main__":
    harness.main()
