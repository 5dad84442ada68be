"""Issue 15 through the real binary: the board's own hourly trend record is
built from polls in different hours (the feed's generated_at is the clock),
written to trend-state.json in the state dir, loaded again after a restart
(GET /api/v1/status counts its hours per channel), and a damaged file is
said in the log and replaced by an empty record."""

import json
import os

import harness
from harness import UPDATED_RE, write_config
from test_api import Api
from test_display_wait import wait_until

HOUR_MS = 3600 * 1000


def document(generated_at, last_hour):
    """One channel without a feed history, so only the board's own record
    can give it a series."""
    return {"version": 1, "generated_at": generated_at,
            "channels": [{"id": "twitter", "mentions": {"today": 500, "last_hour": last_hour},
                          "unanswered": 1,
                          "sentiment": {"positive": 20, "neutral": 15, "negative": last_hour - 35}}]}


class TrendsTest(harness.ProcTestCase):

    def board_at(self, sim, generated_at, last_hour):
        sim.control(document=document(generated_at, last_hour))
        wb = self.wallboard(sim.url, config=write_config(self.tmp))
        wb.wait_for(UPDATED_RE, start=0)
        return wb

    def next_poll(self, sim, wb, generated_at, last_hour):
        mark = wb.mark()
        sim.control(document=document(generated_at, last_hour))
        wb.wait_for(UPDATED_RE, start=mark)

    def trend_hours(self, wb, expected):
        api = Api(wb.api())
        return wait_until("trend_hours %d" % expected,
                          lambda: api.status()["trend_hours"].get("twitter") == expected)

    def saved(self):
        with open(os.path.join(self.state_dir, "trend-state.json"), encoding="utf-8") as f:
            return json.load(f)

    def test_series_survives_a_restart(self):
        sim = self.feedsim()
        wb = self.board_at(sim, "2026-11-23T09:15:02Z", 40)
        self.next_poll(sim, wb, "2026-11-23T10:20:00Z", 55)
        self.trend_hours(wb, 2)
        self.assertEqual(wb.stop(), 0)

        # Written at exit: one bucket per hour, each with its poll's figures.
        doc = self.saved()
        self.assertEqual(doc["version"], 1)
        [channel] = doc["channels"]
        self.assertEqual(channel["id"], "twitter")
        hours = sorted(channel["hours"], key=lambda h: h["at_ms"])
        self.assertEqual([h["last_hour"] for h in hours], [40, 55])
        self.assertEqual(hours[1]["at_ms"] - hours[0]["at_ms"], HOUR_MS + 4 * 60 * 1000 + 58 * 1000)
        self.assertEqual(hours[1]["sentiment"], [20, 15, 20])

        # A third hour after the restart joins the two that were loaded.
        sim.control(document=document("2026-11-23T11:05:00Z", 60))
        wb = self.wallboard(sim.url, config=write_config(self.tmp))
        wb.wait_for(r"^wallboard: trends: loaded .*/trend-state\.json$", start=0)
        wb.wait_for(UPDATED_RE, start=0)
        self.trend_hours(wb, 3)

    def test_damaged_record_starts_empty(self):
        with open(os.path.join(self.state_dir, "trend-state.json"), "w", encoding="utf-8") as f:
            f.write('{"version": 1, "channels": [{"id": "twitter", "hours": [{"at_ms": 1.5}]}]}')
        sim = self.feedsim()
        wb = self.board_at(sim, "2026-11-23T09:15:02Z", 40)
        wb.wait_for(r"^wallboard: trends: .*/trend-state\.json is damaged \(malformed hour at "
                    r"\$\.channels\[0\]\.hours\[0\]\); the hourly series start again$", start=0)
        self.trend_hours(wb, 1)
        self.assertEqual(wb.stop(), 0)
        self.assertEqual(len(self.saved()["channels"][0]["hours"]), 1)


if __name__ == "__main__":
    harness.main()
