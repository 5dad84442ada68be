"""The wallboard when the feed goes away: stale with the last data kept, fresh
again when the simulator comes back on the same port, and the cached document
shown after a restart while the feed is still down."""

import os
from zoneinfo import ZoneInfo

import harness
from harness import (CACHE_RE, CHANNEL_IDS, ERROR_RE, FIRST_FRAME_RE, FRESH_RE, STALE_RE,
                     UPDATED_RE, parse_time, updated_etag, write_config)

CONNECT_RE = r"(?i)connect|refused"  # the raw text, in the log
# ... and on screen in the board's language (nl): the failure and the remedy
UNREACHABLE_NL = ("Feed onbereikbaar", "controleer netwerk en feed.url")
STALE_WAIT_S = 40  # 3 x 2 s interval plus backoff and the connect timeout, with room


class OfflineTest(harness.ProcTestCase):

    def assert_stale_with_data(self, status):
        self.assertEqual(status["channels"], CHANNEL_IDS, status)
        self.assertTrue(status["stale"], status)
        self.assertEqual(status["conn"], "offline")
        self.assertEqual((status["stale_reason"], status["stale_remedy"]), UNREACHABLE_NL)

    def test_feed_down_goes_stale_then_fresh_when_back(self):
        sim = self.feedsim()
        wb = self.wallboard(sim.url, config=write_config(self.tmp))
        etag = updated_etag(wb.wait_for(UPDATED_RE))
        self.assertEqual(sim.stop(), 0)

        hour, minute, reason = wb.wait_for(STALE_RE, timeout=STALE_WAIT_S).groups()
        self.assertTrue(0 <= int(hour) < 24 and 0 <= int(minute) < 60)
        self.assertRegex(reason, CONNECT_RE)
        status = wb.dump()
        self.assert_stale_with_data(status)
        self.assertEqual(status["etag"], etag, "the last good document was replaced")
        self.assertGreater(status["layout"]["stale_bar"]["h"], 0, "no stale bar on screen")

        mark = wb.mark()
        back = self.feedsim(port=sim.port)
        wb.wait_for(UPDATED_RE, timeout=STALE_WAIT_S, start=mark)
        wb.wait_for(FRESH_RE, start=mark)  # either order: both after the restart
        self.assertTrue(back.feed_requests(), "the wallboard never reached the new simulator")
        status = wb.dump()
        self.assertFalse(status["stale"])
        self.assertEqual(status["conn"], "online")
        self.assertEqual(status["layout"]["stale_bar"]["h"], 0)

    def test_restart_while_down_shows_the_cached_document(self):
        sim = self.feedsim("--title", "Cache test ☕")
        config = write_config(self.tmp)
        first = self.wallboard(sim.url, config=config)
        first.wait_for(UPDATED_RE)
        self.assert_clean_exit(first)
        self.assertEqual(sim.stop(), 0)

        second = self.wallboard(sim.url, config=config)
        path, received = second.wait_for(CACHE_RE).groups()
        self.assertTrue(os.path.realpath(path).startswith(os.path.realpath(self.state_dir)),
                        "cache outside the state dir: " + path)
        self.assertRegex(received, harness.RFC3339_RE)
        second.wait_for(FIRST_FRAME_RE, start=0)
        # cached data is stale from the first frame on, before any poll, and
        # "since" is when it was received, on the board's own (local) clock
        hour, minute, _ = second.wait_for(STALE_RE, start=0).groups()
        local = parse_time(received).astimezone(ZoneInfo(harness.wallboard_env()["TZ"]))
        self.assertEqual((int(hour), int(minute)), (local.hour, local.minute))
        self.assertRegex(second.wait_for(ERROR_RE, start=0).group(1), CONNECT_RE)
        status = second.dump()
        self.assert_stale_with_data(status)
        self.assertEqual(status["title"], "Cache test ☕")


if __name__ == "__main__":
    harness.main()
