"""Config semantics with the real binary: a config file with mistakes still
applies its valid keys and names the problems (log, status, screen); a broken
http.bind never widens the bind; the device's own changes and its admin token
are kept apart from the file, so an edit of the file applies after a restart."""

import json
import os

import harness
from harness import ADMIN_TOKEN, FIRST_FRAME_RE, write_config
from test_api import Api

LISTEN_RE = r"^wallboard: http: listening on http://(\S+?):(\d+)/(.*)$"
NEW_TOKEN = "a-new-admin-token-for-the-floor"


class ConfigLayersTest(harness.ProcTestCase):

    def start(self, config):
        sim = self.feedsim()
        wb = self.wallboard(sim.url, config=config)
        wb.wait_for(FIRST_FRAME_RE)
        return wb, Api(wb.api())

    def raw_config(self, doc, name="config.json"):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(doc if isinstance(doc, str) else json.dumps(doc))
        return path

    def test_a_file_with_one_bad_key_still_applies_the_others(self):
        config = write_config(self.tmp, display={"title": "Vloer 2", "rotation": 45},
                              sla={"warn_ratio": 0.5})
        wb, api = self.start(config)
        doc, _ = api.config()
        self.assertEqual(doc["display"]["title"], "Vloer 2")
        self.assertEqual(doc["sla"]["warn_ratio"], 0.5)
        self.assertEqual(doc["display"]["rotation"], 0)
        # The admin token of the same file still holds: no pairing code.
        self.assertFalse(api.status()["pairing"]["pending"])
        wb.wait_for(r"^wallboard: .*config\.json: \$\.display\.rotation: ", start=0)
        wb.wait_for(r"^wallboard: config: .*the keys above are ignored, every other key applies",
                    start=0)
        warning = api.status()["config"]["warning"]
        self.assertIn("$.display.rotation", warning)
        status, _, sources = api.call("GET", "/api/v1/config/sources")
        self.assertEqual(status, 200)
        self.assertEqual(sources["sources"]["display.title"], "file")
        self.assertNotIn("display.rotation", sources["sources"])

    def test_a_bind_lost_among_many_problems_or_in_a_broken_section_never_widens(self):
        # More problems than the list keeps, then the bind; and a section
        # that is no object at all.
        many = {"k%02d" % i: 1 for i in range(40)}
        for http in ({**many, "bind": "x", "port": 0}, "127.0.0.1"):
            path = self.raw_config({"feed": dict(harness.FAST_FEED), "http": http, "admin": {"token": ADMIN_TOKEN},
                                    "display": many if isinstance(http, str) else {}},
                                   name="many.json")
            wb = self.wallboard(self.feedsim().url, config=path)
            host = wb.wait_for(r"^wallboard: http: (?:listening on http://|cannot listen on )"
                               r"\[?([0-9a-f.:]+?)\]?[: ]", start=0).group(1)
            self.assertEqual(host, "127.0.0.1", http)
            self.assertEqual(wb.stop(), 0)

    def test_a_broken_bind_never_widens_the_bind(self):
        # Every interface would be the default; a bind the file gets wrong
        # listens on loopback only, and the other keys still apply.
        config = write_config(self.tmp, http={"bind": "everywhere please"},
                              display={"title": "Vloer 4"})
        wb, api = self.start(config)
        host, _, rest = wb.wait_for(LISTEN_RE, start=0).groups()
        self.assertEqual((host, rest), ("127.0.0.1", ""))
        self.assertEqual(api.config()[0]["display"]["title"], "Vloer 4")
        self.assertIn("$.http.bind", api.status()["config"]["warning"])

    def test_an_unreadable_file_listens_on_loopback_and_offers_no_pairing(self):
        # Nothing of it can be read, its admin token included: the board
        # must not open itself to whoever reads a pairing code off the wall.
        config = self.raw_config('{"http": {"port": 0}, "admin": {"token": "' + ADMIN_TOKEN + '"')
        wb = self.wallboard(self.feedsim().url, config=config)
        wb.wait_for(FIRST_FRAME_RE)
        # Its port 0 is lost with the rest: the default port may be taken on
        # a test machine, so the address is read from either line.
        host = wb.wait_for(r"^wallboard: http: (?:listening on http://|cannot listen on )"
                           r"\[?([0-9a-f.:]+?)\]?[: ]", start=0).group(1)
        self.assertEqual(host, "127.0.0.1")
        wb.wait_for(r"^wallboard: admin: the config file's admin token is not valid; no pairing", start=0)
        wb.wait_for(r"^wallboard: config: .*config\.json: nothing of it applies; listening on loopback",
                    start=0)
        self.assertFalse(any("pairing code is shown" in text for _, text in wb.lines))

    def test_the_file_keeps_applying_after_device_changes_and_a_new_admin_token(self):
        config = write_config(self.tmp, display={"title": "Vloer 1", "page_s": 20})
        wb, api = self.start(config)
        status, _, doc = api.patch({"display": {"theme": "light"}, "admin": {"token": NEW_TOKEN}})
        self.assertEqual(status, 200, doc)
        self.assertEqual(wb.stop(), 0)
        with open(os.path.join(self.state_dir, "config.json"), encoding="utf-8") as f:
            self.assertEqual(json.load(f), {"display": {"theme": "light"}})
        with open(os.path.join(self.state_dir, "admin.json"), encoding="utf-8") as f:
            admin = f.read()
        self.assertNotIn(NEW_TOKEN, admin)
        self.assertEqual(os.stat(os.path.join(self.state_dir, "admin.json")).st_mode & 0o777, 0o600)

        # The admin edits the file: after a restart its change shows, the
        # device's own change stays, and the device's admin token wins.
        write_config(self.tmp, display={"title": "Vloer 1 oost", "page_s": 20})
        wb, _ = self.start(config)
        api = Api(wb.api())
        self.assertEqual(api.call("GET", "/api/v1/config")[0], 401)
        status, _, doc = api.call("GET", "/api/v1/config", token=NEW_TOKEN)
        self.assertEqual(status, 200, doc)
        self.assertEqual((doc["display"]["title"], doc["display"]["theme"]), ("Vloer 1 oost", "light"))
        status, _, sources = api.call("GET", "/api/v1/config/sources", token=NEW_TOKEN)
        self.assertEqual((sources["sources"]["display.title"], sources["sources"]["display.theme"],
                          sources["sources"]["admin.token"]), ("file", "device", "device"))

    def test_an_older_whole_state_file_keeps_only_what_differs_from_the_file(self):
        sim = self.feedsim()
        config = write_config(self.tmp, display={"title": "Vloer 5"})
        # What a board of the previous version saved at its first change:
        # every key, the file's included.
        whole = {"feed": {"url": sim.url, "token": "", "ca_file": "", "max_body_bytes": 1048576,
                          "cache_interval_s": 900, **harness.FAST_FEED},
                 "display": {"title": "Vloer 5", "theme": "light"}}
        os.makedirs(self.state_dir, exist_ok=True)
        with open(os.path.join(self.state_dir, "config.json"), "w", encoding="utf-8") as f:
            json.dump(whole, f)
        wb = self.wallboard(sim.url, config=config)
        wb.wait_for(FIRST_FRAME_RE)
        wb.wait_for(r"^wallboard: config: the saved changes now keep only what differs", start=0)
        with open(os.path.join(self.state_dir, "config.json"), encoding="utf-8") as f:
            saved = json.load(f)
        # What equals the layers below is theirs again; the theme is the
        # device's own.
        self.assertEqual(saved, {"display": {"theme": "light"}})
        doc, _ = Api(wb.api()).config()
        self.assertEqual((doc["display"]["title"], doc["display"]["theme"]), ("Vloer 5", "light"))


if __name__ == "__main__":
    harness.main()
