"""A killed process during saves: the board is killed with SIGKILL at
arbitrary moments while an admin keeps saving, hundreds of times in all. After
every kill the saved config must parse and be one of the versions sent (never
a mix), and the board must start on it. This proves the temp-file-and-rename
order; it cannot prove the fsyncs (the kernel keeps a killed process's writes),
which only a real power cut would. WB_DURABILITY_SEED=N replays a run; each
run prints the seed it used."""

import json
import os
import random
import threading

import harness
from harness import FIRST_FRAME_RE, write_config
from test_api import Api

ROUNDS = 12
TOTAL_SAVES = 300


class DurabilityTest(harness.ProcTestCase):

    def test_killed_process_during_saves_leaves_the_old_or_the_new_file(self):
        sim = self.feedsim()
        config = write_config(self.tmp)
        seed = int(os.environ.get("WB_DURABILITY_SEED") or int.from_bytes(os.urandom(4), "big"))
        print("test_config_durability: seed %d (WB_DURABILITY_SEED=%d replays it)" % (seed, seed), flush=True)
        rng = random.Random(seed)
        sent = {""}          # titles the board may hold; "" is the default
        confirmed = 0        # saves the board answered 200 to
        path = os.path.join(self.state_dir, "config.json")
        for round_no in range(ROUNDS):
            wb = harness.Wallboard(self.state_dir, sim.url, config=config)
            try:
                wb.wait_for(FIRST_FRAME_RE)
                api = Api(wb.api())
                if round_no:
                    # It starts on what the last kill left behind.
                    self.assertIn(api.status()["name"] or "", sent | {"Webcare NL (simulator)"})
                kill_after = TOTAL_SAVES // ROUNDS + rng.randint(0, 10)
                reached = threading.Event()
                counts = {"ok": 0}

                def saver():
                    i = 0
                    while True:
                        title = "r%d save %d" % (round_no, i)
                        sent.add(title)
                        try:
                            status = api.patch({"display": {"title": title}})[0]
                        except OSError:
                            return  # the board is gone
                        if status == 200:
                            counts["ok"] += 1
                        if counts["ok"] >= kill_after:
                            reached.set()
                        i += 1

                thread = threading.Thread(target=saver, daemon=True)
                thread.start()
                self.assertTrue(reached.wait(harness.WAIT_S * 3), wb.tail())
                # Kill while the saver keeps going: the next save is in flight.
                wb.proc.kill()
                wb.proc.wait()
                thread.join(harness.WAIT_S)
                confirmed += counts["ok"]
            finally:
                if wb.proc.poll() is None:
                    wb.proc.kill()
                wb.stop()
            for name in ("config.json", "config.last-good.json"):
                with open(os.path.join(self.state_dir, name), encoding="utf-8") as f:
                    doc = json.load(f)  # raises on a torn file
                self.assertIn(doc["display"]["title"], sent, name)
            with open(path, encoding="utf-8") as f:
                last_title = json.load(f)["display"]["title"]
        self.assertGreaterEqual(confirmed, TOTAL_SAVES)
        print("durability: %d confirmed saves over %d kills, last %r" % (confirmed, ROUNDS, last_title))


if __name__ == "__main__":
    harness.main()
