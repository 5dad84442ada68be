"""POST /api/v1/feed/test and GET /api/v1/log on the real binary against the
feed simulator: a good feed, a 404, broken JSON, a port nobody listens on and
a slow feed (one test at a time: 409), each answered in the board's words;
nothing of it saved; and the recent log lines, which never hold a token."""

import json
import threading

import harness
from harness import ADMIN_TOKEN, FIRST_FRAME_RE, write_config
from test_api import Api

FEED_TOKEN = "feed-secret-for-the-test-0042"
NEW_ADMIN_TOKEN = "another-admin-token-0123456789"


class FeedTestTest(harness.ProcTestCase):

    def setUp(self):
        super().setUp()
        self.sim = self.feedsim("--token", FEED_TOKEN, "--quiet")
        config = write_config(self.tmp, feed={"token": FEED_TOKEN}, display={"language": "en"})
        self.wb = self.wallboard(self.sim.url, config=config)
        self.wb.wait_for(FIRST_FRAME_RE)
        self.api = Api(self.wb.api())

    def feed_test(self, settings, query=""):
        status, _, doc = self.api.call("POST", "/api/v1/feed/test" + query, settings)
        return status, doc

    def test_a_good_feed_with_the_saved_token(self):
        before, etag = self.api.config()
        status, doc = self.feed_test({"url": self.sim.url, "token": "********"})
        self.assertEqual(status, 200, doc)
        self.assertIs(doc["ok"], True, doc)
        self.assertEqual(doc["http_status"], 200)
        self.assertEqual(doc["channels"], len(harness.CHANNEL_IDS))
        harness.parse_time(doc["generated_at"])
        self.assertEqual(doc["message"], "Live")
        # the test polled with the saved token and saved nothing
        sent = [r for r in self.sim.feed_requests()
                if r["headers"].get("authorization") == "Bearer " + FEED_TOKEN]
        self.assertTrue(sent)
        self.assertEqual(self.api.config(), (before, etag))

    def test_a_wrong_token_and_a_missing_one_are_refused_by_the_feed(self):
        status, doc = self.feed_test({"url": self.sim.url, "token": "not-the-token"})
        self.assertEqual(status, 200, doc)
        self.assertIs(doc["ok"], False)
        self.assertEqual(doc["http_status"], 401)
        self.assertEqual(doc["reason"], "http")
        self.assertEqual(doc["message"], "The feed refuses the token (401): check feed.token")
        self.assertIsNone(doc["channels"])
        self.assertIsNone(doc["generated_at"])

    def test_a_404_in_words_in_the_language_asked_for(self):
        url = self.sim.base + "/no-feed-here"
        status, doc = self.feed_test({"url": url, "token": "********"})
        self.assertEqual((status, doc["ok"], doc["http_status"]), (200, False, 404), doc)
        self.assertEqual(doc["message"], "Feed not found (404): check feed.url")
        self.assertEqual(doc["detail"], "HTTP 404")
        status, doc = self.feed_test({"url": url, "token": "********"}, "?lang=nl")
        self.assertEqual(doc["message"], "Feed niet gevonden (404): controleer feed.url")

    def test_broken_json_is_judged_like_a_poll(self):
        bad = self.feedsim("--fault", "malformed", "--quiet")
        status, doc = self.feed_test({"url": bad.url, "token": ""})
        self.assertEqual((status, doc["ok"], doc["reason"]), (200, False, "invalid"), doc)
        self.assertEqual(doc["http_status"], 200)
        self.assertIn("invalid feed", doc["detail"])
        bad.control(fault="invalid")
        status, doc = self.feed_test({"url": bad.url, "token": ""})
        self.assertEqual(doc["reason"], "invalid", doc)
        self.assertIn("$.channels[0].mentions.today", doc["detail"])

    def test_nobody_listening(self):
        status, doc = self.feed_test({"url": self.dead_url(), "connect_timeout_s": 2})
        self.assertEqual((status, doc["ok"], doc["http_status"], doc["reason"]),
                         (200, False, 0, "network"), doc)
        self.assertTrue(doc["message"])

    def test_bad_settings_are_named_like_a_config_change(self):
        status, doc = self.feed_test({"url": self.sim.url, "timeout_s": 0})
        self.assertEqual(status, 422, doc)
        self.assertIn("$.feed.timeout_s", [p["path"] for p in doc["problems"]])
        status, doc = self.feed_test([1, 2])
        self.assertEqual((status, doc["error"]), (400, "bad_request"))
        status, _, doc = self.api.call("POST", "/api/v1/feed/test", {"url": self.sim.url}, token=None)
        self.assertEqual(status, 401)

    def test_one_test_at_a_time(self):
        slow = self.feedsim("--fault", "slow", "--slow-s", "3", "--quiet")
        answers = []
        first = threading.Thread(target=lambda: answers.append(
            self.feed_test({"url": slow.url, "token": "", "timeout_s": 10})))
        first.start()
        # the first one is under way once the simulator has its request
        deadline = 100
        while not slow.feed_requests() and deadline:
            deadline -= 1
            threading.Event().wait(0.05)
        status, doc = self.feed_test({"url": self.sim.url, "token": "********"})
        self.assertEqual((status, doc["error"]), (409, "busy"), doc)
        first.join()
        self.assertEqual(answers[0][0], 200)
        self.assertIs(answers[0][1]["ok"], True, answers[0])
        status, doc = self.feed_test({"url": self.sim.url, "token": "********"})
        self.assertEqual((status, doc["ok"]), (200, True), doc)

    def test_too_slow_for_the_timeout(self):
        slow = self.feedsim("--fault", "slow", "--slow-s", "5", "--quiet")
        status, doc = self.feed_test({"url": slow.url, "token": "", "timeout_s": 1})
        self.assertEqual((status, doc["ok"], doc["reason"]), (200, False, "timeout"), doc)


class LogTest(harness.ProcTestCase):

    def test_recent_lines_without_secrets(self):
        sim = self.feedsim("--token", FEED_TOKEN, "--quiet")
        config = write_config(self.tmp, feed={"token": FEED_TOKEN})
        wb = self.wallboard(sim.url, config=config)
        wb.wait_for(FIRST_FRAME_RE)
        api = Api(wb.api())
        status, _, doc = api.call("GET", "/api/v1/log", token=None)
        self.assertEqual(status, 401)
        # a token set through the API, a feed test with it, a config saved
        status, _, doc = api.call("PATCH", "/api/v1/config",
                                  {"feed": {"token": FEED_TOKEN + "-new"},
                                   "admin": {"token": NEW_ADMIN_TOKEN}},
                                  content_type="application/merge-patch+json")
        self.assertEqual(status, 200, doc)
        status, _, doc = api.call("POST", "/api/v1/feed/test", {"url": sim.url, "token": FEED_TOKEN},
                                  token=NEW_ADMIN_TOKEN)
        self.assertEqual(status, 200, doc)
        wb.wait_for(r"^wallboard: feed: tested from 127\.0\.0\.1: ok$")
        status, resp, doc = api.call("GET", "/api/v1/log", token=NEW_ADMIN_TOKEN)
        self.assertEqual(status, 200, doc)
        self.assertEqual(resp.getheader("Cache-Control"), "no-store")
        texts = [line["text"] for line in doc["lines"]]
        self.assertIn("feed: tested from 127.0.0.1: ok", texts)
        self.assertTrue(any(t.startswith("http: listening on http://127.0.0.1:") for t in texts), texts)
        for line in doc["lines"]:
            harness.parse_time(line["time"])
        # the same lines as stderr, in the same order, up to the test's
        said = [text[len("wallboard: "):] for _, text in wb.lines if text.startswith("wallboard: ")]
        upto = texts[:texts.index("feed: tested from 127.0.0.1: ok") + 1]
        said = said[:said.index("feed: tested from 127.0.0.1: ok") + 1]
        self.assertEqual([t for t in said if t in set(upto)][-len(upto):], upto)
        raw = json.dumps(doc)
        for secret in (FEED_TOKEN, ADMIN_TOKEN, NEW_ADMIN_TOKEN):
            self.assertNotIn(secret, raw)
        status, _, doc = api.call("GET", "/api/v1/log?limit=2", token=NEW_ADMIN_TOKEN)
        self.assertEqual((status, len(doc["lines"])), (200, 2))
        status, _, doc = api.call("GET", "/api/v1/log?limit=zero", token=NEW_ADMIN_TOKEN)
        self.assertEqual(status, 400)


if __name__ == "__main__":
    harness.main()
