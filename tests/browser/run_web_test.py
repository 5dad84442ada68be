"""Runs the Node tests of the board's HTTP side against the real binary: the
feed simulator (serving docs/examples/feed-full.json, which has alerts to ack)
and a headless wallboard with the HTTP server on a free 127.0.0.1 port and a
random admin token, then `node <test>.mjs` with WB_URL, WB_TOKEN and
WB_STATE_DIR. A test passes when the Node script exits 0.

    run_web_test.py --wallboard BIN [--feedsim PATH] [WebTest.test_web_page ...]
"""

import json
import os
import secrets
import shutil
import string
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "integration"))

import harness  # noqa: E402  (found through the path set above)

LISTEN_RE = r"http: listening on (http://[^\s/]+/)$"
FEED_FULL = os.path.join(harness.SOURCE_DIR, "docs", "examples", "feed-full.json")
OPENAPI = os.path.join(harness.SOURCE_DIR, "docs", "openapi.yaml")
NODE_TIMEOUT_S = 240  # backstop for a hung browser; every wait inside has its own deadline
TITLE = "Webcare NL, browser test"


def random_token(n=24):
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(n))


class Board:
    """One wallboard with its own state dir, config and tokens."""

    def __init__(self, case, feedsim, feed_token, name):
        self.token = random_token()
        self.dir = os.path.join(case.tmp, name)
        os.mkdir(self.dir)
        self.state_dir = os.path.join(self.dir, "state")
        os.mkdir(self.state_dir)
        # The image's layout of the update dir (issue 14): root's dir, read
        # only by the board, with the board's own incoming dir in it. The
        # tests play the image's side: they write state.json there.
        os.makedirs(os.path.join(self.state_dir, "update", "incoming"), mode=0o700)
        os.chmod(os.path.join(self.state_dir, "update"), 0o755)
        config = os.path.join(self.dir, "config.json")
        doc = {
            "feed": dict(harness.FAST_FEED, url=feedsim.url, token=feed_token),
            "display": {"title": TITLE},
            "http": {"bind": "127.0.0.1", "port": 0},
            "admin": {"token": self.token},
            # the web test compares screenshot pixels at fixed places; burn-in
            # care would shift the whole frame by a few pixels now and then
            "screen": {"burn_in": {"enabled": False}},
        }
        with open(config, "w", encoding="utf-8") as f:
            json.dump(doc, f)
        # No --feed: the URL comes from the config, so the API shows and edits
        # the document exactly as the board runs it.
        argv = [harness.wallboard_binary(), "--config", config, "--state-dir", self.state_dir,
                "--size", "1280x720", "--windowed", "--log-polls"]
        self.proc = harness.Proc(name, argv, env=harness.wallboard_env())
        case.addCleanup(case.assert_clean_exit, self.proc)
        self.url = self.proc.wait_for(LISTEN_RE).group(1)
        self.proc.wait_for(harness.UPDATED_RE)


class NodeTest(harness.ProcTestCase):

    def run_node(self, script, boards=1):
        feed_token = random_token()
        sim = self.feedsim("--static", FEED_FULL, "--token", feed_token, "--quiet")
        started = [Board(self, sim, feed_token, "wallboard-%d" % (i + 1)) for i in range(boards)]
        env = dict(os.environ, WB_SPEC=OPENAPI, WB_FEED_TOKEN=feed_token, WB_TITLE=TITLE,
                   WB_TMP=self.tmp)
        for i, board in enumerate(started):
            suffix = "" if i == 0 else "_%d" % (i + 1)
            env["WB_URL" + suffix] = board.url
            env["WB_TOKEN" + suffix] = board.token
            env["WB_STATE_DIR" + suffix] = board.state_dir
        node = os.environ.get("WB_NODE") or shutil.which("node") or "node"
        done = subprocess.run([node, os.path.join(HERE, script)], env=env, stdin=subprocess.DEVNULL,
                              timeout=NODE_TIMEOUT_S)
        if done.returncode != 0:
            logs = "\n".join(board.proc.tail() for board in started)
            self.fail("%s exited with status %d.\nRecent wallboard output:\n%s"
                      % (script, done.returncode, logs))
        for board in started:
            leaked = [text for _, text in board.proc.lines
                      if board.token in text or feed_token in text]
            self.assertEqual(leaked, [], "a secret appeared in the wallboard's log")


class WebTest(NodeTest):

    def test_web_page(self):
        self.run_node("web.test.mjs")


class WebV2Test(NodeTest):

    def test_web_v2(self):
        self.run_node("webv2.test.mjs")


class UpdateTest(NodeTest):

    def test_update_panel(self):
        self.run_node("update.test.mjs")


class ApiTest(NodeTest):

    def test_api_conformance(self):
        # two boards: each takes at most 4 failed auth attempts, below the
        # rate limit's 5, so no request of the test is ever locked out
        self.run_node("api.test.mjs", boards=2)


if __name__ == "__main__":
    harness.main()
