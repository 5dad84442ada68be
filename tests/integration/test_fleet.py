"""A floor of three boards on loopback against one central server
(tools/centralsim.py), as an IT admin runs them: a change to the floor's
managed document reaches all three within one interval plus jitter; a bad
document is rejected on all three with its JSON path and the last good one
kept; reports arrive with each board's id; a key the document locks cannot
be changed on a board (409 with its path) while an unlocked one can; a board
restarted while the central server is down comes up with the managed
settings. Prints the time from the central change to the last board showing
it, for the closing note."""

import sys
import time

import harness
from harness import FIRST_FRAME_RE, write_config
from test_api import Api
from test_managed import INTERVAL_S, MANAGED_TOKEN, Centralsim, header, until

IDS = ("floor3-a", "floor3-b", "floor3-c")
REJECTED_RE = r"^wallboard: managed: document from (\S+) rejected: (\$\S*): (.+); keeping the last good one$"
# The next poll after a change: one interval plus its jitter (10 %), then the
# usual deadline for the board to act on it.
CHANGE_WAIT_S = INTERVAL_S * 1.1 + harness.WAIT_S
FLOOR = {"display": {"title": "Vloer 3"}, "sla": {"warn_ratio": 0.6}, "$locked": ["sla"]}


class FleetTest(harness.ProcTestCase):

    def setUp(self):
        super().setUp()
        self.central = Centralsim()
        self.addCleanup(self.central.stop)
        self.central.put_document("floor", FLOOR)
        self.feed = self.feedsim()
        self.boards = [self.start(board_id) for board_id in IDS]

    def config_for(self, board_id):
        managed = {"url": self.central.base + "/managed/{id}.json", "token": MANAGED_TOKEN,
                   "interval_s": INTERVAL_S, "report_url": self.central.base + "/reports",
                   "report_interval_s": INTERVAL_S}
        return write_config(self.tmp, name="config-%s.json" % board_id, managed=managed,
                            device={"id": board_id})

    def start(self, board_id):
        wb = self.wallboard(self.feed.url, config=self.config_for(board_id),
                            state_dir="%s-%s" % (self.state_dir, board_id))
        wb.wait_for(FIRST_FRAME_RE)
        return wb, Api(wb.api())

    def titles(self):
        return [api.config()[0]["display"]["title"] for _, api in self.boards]

    def test_a_floor_follows_its_document(self):
        wb0 = self.boards[0][0]
        until(wb0, "the floor's title on all three", self.titles,
              lambda t: t == ["Vloer 3"] * 3, timeout=CHANGE_WAIT_S)

        # A change reaches every board within one interval plus jitter.
        changed = time.monotonic()
        self.central.put_document("floor", dict(FLOOR, display={"title": "Vloer 3 oost"}))
        until(wb0, "the new title on all three", self.titles,
              lambda t: t == ["Vloer 3 oost"] * 3, timeout=CHANGE_WAIT_S)
        print("central change to all 3 boards showing it: %.1f s (interval %d s)"
              % (time.monotonic() - changed, INTERVAL_S), file=sys.stderr)

        # Locked centrally: the board refuses the change and says where.
        _, api = self.boards[1]
        status, _, doc = api.patch({"sla": {"warn_ratio": 0.9}})
        self.assertEqual((status, doc["error"]), (409, "locked"), doc)
        self.assertEqual([p["path"] for p in doc["problems"]], ["$.sla.warn_ratio"])
        self.assertEqual(api.config()[0]["sla"]["warn_ratio"], 0.6)
        status, _, doc = api.patch({"display": {"theme": "light"}})
        self.assertEqual(status, 200, doc)
        status, _, sources = api.call("GET", "/api/v1/config/sources")
        self.assertEqual((sources["sources"]["display.title"], sources["sources"]["display.theme"],
                          sources["locked"]), ("managed", "device", ["sla"]))

        # Reports arrive from each board, under its own id.
        reports = until(wb0, "a report from each board", self.central.reports,
                        lambda r: all(r.get(i) for i in IDS), timeout=CHANGE_WAIT_S)
        for board_id in IDS:
            self.assertEqual(header(reports[board_id][-1], "X-Wallboard-Id"), board_id)

        # The feed is asked by each board under its id too.
        seen = {r["headers"].get("x-wallboard-id") for r in self.feed.feed_requests()}
        self.assertTrue(set(IDS) <= seen, seen)

        # A bad document: every board rejects it with its path and keeps the
        # last good one.
        marks = [wb.mark() for wb, _ in self.boards]
        self.central.put_document("floor", {"display": {"title": "Kapot", "rotation": 45}})
        for (wb, _), mark in zip(self.boards, marks):
            self.assertEqual(wb.wait_for(REJECTED_RE, start=mark, timeout=CHANGE_WAIT_S).group(2),
                             "$.display.rotation")
        self.assertEqual(self.titles(), ["Vloer 3 oost"] * 3)

    def test_a_board_restarted_while_the_central_server_is_down_keeps_the_managed_settings(self):
        wb, _ = self.boards[2]
        until(wb, "the floor's title", self.titles, lambda t: t[2] == "Vloer 3", timeout=CHANGE_WAIT_S)
        self.assertEqual(wb.stop(), 0)
        self.central.stop()
        wb, api = self.start(IDS[2])
        doc, _ = api.config()
        self.assertEqual((doc["display"]["title"], doc["sla"]["warn_ratio"]), ("Vloer 3", 0.6))
        status, _, doc = api.patch({"sla": {"warn_ratio": 0.9}})
        self.assertEqual(status, 409, doc)


if __name__ == "__main__":
    harness.main()
