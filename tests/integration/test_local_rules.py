"""Issue 5 through the real binary: local alert rules raise alerts from the
simulator's plain figures (shown with the feed's, acknowledgeable, kept in
the status), their baselines survive a restart, and the screen schedule
turns the picture black outside its hours."""

import json
import os

import harness
from harness import FIRST_FRAME_RE, write_config
from test_api import Api, decode_png

# Low thresholds: the simulator's channels always carry some negative mentions.
RULES = {"rules": [{"kind": "negative_share", "raise_pct": 1, "clear_pct": 1, "min_mentions": 1},
                   {"kind": "negative_spike", "min_negative": 1, "sample_every_s": 0}]}
ALWAYS_OFF = {"mon": [], "tue": [], "wed": [], "thu": [], "fri": [], "sat": [], "sun": []}


class LocalRulesTest(harness.ProcTestCase):

    def start(self, **sections):
        sim = self.feedsim()
        wb = self.wallboard(sim.url, config=write_config(self.tmp, **sections))
        wb.wait_for(FIRST_FRAME_RE)
        return wb, Api(wb.api())

    def test_rules_raise_local_alerts_that_say_why(self):
        wb, api = self.start(alerts=RULES)
        local = [a for a in api.status()["alerts"] if a["id"].startswith("local:")]
        self.assertTrue(local, "no local alert from a 1% negative-share rule")
        share = [a for a in local if a["kind"] == "negative_share"]
        self.assertTrue(share)
        for alert in share:
            self.assertEqual(alert["severity"], "warning")
            self.assertRegex(alert["message"], r"\d+% negatief \(drempel 1%\)")
        status, _, doc = api.call("POST", "/api/v1/alerts/%s/ack" % share[0]["id"])
        self.assertEqual(status, 200, doc)
        acked = {a["id"]: a["acknowledged"] for a in api.status()["alerts"]}
        self.assertTrue(acked[share[0]["id"]])
        # The language follows the config at once, not at the next poll.
        mark = wb.mark()
        self.assertEqual(api.patch({"display": {"language": "en"}})[0], 200)
        wb.wait_for(r"^wallboard: config: applied", start=mark)
        messages = [a["message"] for a in api.status()["alerts"] if a["id"] == share[0]["id"]]
        self.assertRegex(messages[0], r"\d+% negative \(threshold 1%\)")

    def test_baselines_are_kept_across_a_restart(self):
        wb, _ = self.start(alerts=RULES)
        self.assertEqual(wb.stop(), 0)
        path = os.path.join(self.state_dir, "rules-state.json")
        with open(path, encoding="utf-8") as f:
            saved = json.load(f)
        self.assertIn("spike", json.dumps(saved))
        with open(path, "w", encoding="utf-8") as f:
            f.write("{ damaged")
        wb, api = self.start(alerts=RULES)
        wb.wait_for(r"^wallboard: alerts: .*rules-state\.json is damaged", start=0)
        self.assertTrue(api.status()["alerts"])

    def test_outside_the_screen_hours_the_picture_is_black(self):
        wb, api = self.start(screen={"on": ALWAYS_OFF, "cec": False, "burn_in": {"enabled": False}})
        wb.wait_for(r"^wallboard: screen: off until its next on-hours", start=0)
        _, _, rows = api.screenshot()
        self.assertEqual(max(max(row) for row in rows), 0, "a pixel is lit while the screen is off")
        self.assertEqual(api.call("GET", "/healthz", token=None)[0], 200)


if __name__ == "__main__":
    harness.main()
